package dev.parley.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Opens {@code /docs} in headless Chromium against the real server: Swagger UI, served by Parley under its
 * Content-Security-Policy, lists the API's operations and schemas, with nothing refused by the policy and nothing
 * fetched from another site. Skipped, with the reason, when Chromium or chromedriver is missing or cannot start.
 */
class DocsBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Path profile;
    private WebDriver driver;
    private TestServer server;

    /** Per test, not per class: a skip in a {@code @BeforeAll} would show as no test at all instead of a skipped one. */
    @BeforeEach
    void start() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "docs browser test skipped: no Chromium at " + CHROMIUM + " (apt-get install chromium)");
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER),
                "docs browser test skipped: no chromedriver at " + CHROMEDRIVER + " (apt-get install chromium-driver)");
        profile = Files.createTempDirectory("parley-chromium");
        driver = startDriver(profile);
        server = TestServer.start();
    }

    private static WebDriver startDriver(Path userDataDir) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-extensions",
                "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + userDataDir,
                "--window-size=1280,1600");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        try {
            return new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getName());
            Assumptions.assumeTrue(false, "docs browser test skipped: Chromium could not start: " + reason);
            throw e;
        }
    }

    @AfterEach
    void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void swaggerUiListsTheOperationsAndReplySchemasUnderTheContentSecurityPolicy() throws IOException {
        driver.get("http://127.0.0.1:" + server.port() + "/docs");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(100));

        WebElement title = wait.until(visibilityOfElementLocated(By.cssSelector(".information-container .title")));
        WebElement sendRequest = wait.until(visibilityOfElementLocated(
                By.cssSelector(".opblock-post [data-path='/chatapi/{token}']")));
        List<WebElement> operations = driver.findElements(By.cssSelector(".opblock"));
        sendRequest.click();
        WebElement example = wait.until(visibilityOfElementLocated(By.cssSelector(
                "#operations-Chat_API-sendRequest .responses-wrapper .microlight, "
                        + "#operations-Chat_API-sendRequest .responses-wrapper pre")));
        List<String> schemas = driver.findElements(By.cssSelector(".models .model-container"))
                .stream().map(model -> model.getDomAttribute("data-name")).toList();
        screenshot("target/docs.png");

        assertThat(title.getText()).startsWith("Parley");
        assertThat(sendRequest.getText()).isEqualTo("/chatapi/{token}");
        assertThat(operations).hasSize(documentedOperations());
        assertThat(example.getText()).contains("\"nlpClass\"");
        assertThat(schemas).contains("Reply", "TextReply", "CarouselReply", "LocationReply", "RawReply", "OtherReply");
        assertThat(refusedOrFailed()).isEmpty();
    }

    /** How many operations the OpenAPI document lists: Swagger UI shows each once. */
    private int documentedOperations() {
        JsonNode paths = server.http().send("GET", "/openapi", null, Map.of("Accept", "application/json")).json()
                .path("paths");
        int count = 0;
        for (JsonNode path : paths) {
            count += (int) Stream.of("get", "post", "put", "patch", "delete").filter(path::has).count();
        }
        return count;
    }

    /** Console messages of the page that tell of a refusal by the Content-Security-Policy or a failed load. */
    private List<String> refusedOrFailed() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    private void screenshot(String path) throws IOException {
        Path target = Path.of(path);
        Files.createDirectories(target.getParent());
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
