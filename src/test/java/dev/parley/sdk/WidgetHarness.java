package dev.parley.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.testing.Http;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
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
 * Headless Chromium, a Parley server and a shop page of another origin (under a strict Content-Security-Policy of its
 * own) that embeds the widget by its one script tag, with what the widget tests do and check through them. Skips the
 * test, with the reason, when Chromium or chromedriver is missing. Not thread-safe: one per test.
 */
final class WidgetHarness implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String CLIENT = "visitor-1";

    final WebDriver driver;
    final WebDriverWait wait;
    final Path dataDir;
    TestServer server;
    final String token;
    private final Path profile;
    private final HttpServer pages;

    WidgetHarness(String scenario, Map<String, String> settings) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Widget browser test skipped: no Chromium at " + CHROMIUM);
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER),
                "Widget browser test skipped: no chromedriver at " + CHROMEDRIVER);
        profile = Files.createTempDirectory("parley-chromium");
        driver = startDriver(profile);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100));
        dataDir = TestServer.tempDir();
        server = TestServer.start(TestServer.config(dataDir, settings), java.time.Clock.systemUTC());
        token = server.channel(scenario, true);
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.createContext("/", this::page);
        pages.start();
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        pages.stop(0);
        server.close();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The shop page: "localhost" for the page, "127.0.0.1" for the server, so two origins. */
    String shop() {
        return "http://localhost:" + pages.getAddress().getPort() + "/shop.html";
    }

    SearchContext widget() {
        return wait.until(d -> d.findElement(By.cssSelector("[data-parley-widget]")).getShadowRoot());
    }

    WebElement badge() {
        return widget().findElement(By.cssSelector(".badge"));
    }

    String log() {
        return widget().findElement(By.cssSelector("[role=log]")).getText();
    }

    void waitForLog(String text) {
        try {
            wait.until(d -> log().contains(text));
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("target/widget-failure.png");
            throw new AssertionError("the log shows " + text + "; it shows: " + log(), e);
        }
    }

    void say(String text) {
        WebElement input = wait.until(d -> {
            WebElement field = widget().findElement(By.cssSelector("input[type=text]"));
            return field.isEnabled() ? field : null;
        });
        input.sendKeys(text);
        widget().findElement(By.cssSelector("button.send")).click();
    }

    WebElement choice(String text) {
        return wait.until(d -> widget().findElements(By.cssSelector("button.choice")).stream()
                .filter(b -> b.getText().equals(text)).findFirst().orElse(null));
    }

    static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    /** The first page load's event stream is open, so nothing said from now on can be missed. */
    void waitForConnected() {
        wait.until(d -> !widget().findElement(By.cssSelector(".status")).isDisplayed()
                && widget().findElement(By.cssSelector("input[type=text]")).isEnabled());
    }

    String agent() {
        server.http().admin("POST", "/api/v1/agents", Map.of("login", "anna", "password", "correct horse",
                "name", "Anna"));
        return server.http().post("/api/v1/agent/login", Map.of("login", "anna", "password", "correct horse"))
                .json().get("token").asText();
    }

    Http.Response as(String agentToken, String method, String target, Object body) {
        Http.Response response = server.http().send(method, target, body, Map.of("Content-Type",
                "application/json", "Authorization", "Bearer " + agentToken));
        assertThat(response.status()).as(method + " " + target + ": " + response.text()).isLessThan(300);
        return response;
    }

    long queued(String agentToken) {
        return wait.until(d -> {
            for (JsonNode c : as(agentToken, "GET", "/api/v1/agent/conversations?status=QUEUED", null).json()
                    .get("items")) {
                if (c.get("clientId").asText().equals(CLIENT)) {
                    return c.get("id").asLong();
                }
            }
            return null;
        });
    }

    /** The visitor asks for a person and the agent Anna takes the conversation; its id. */
    long handedToAnna(String agent) {
        say("talk to a person");
        waitForLog("Connecting you to a person");
        long conversation = queued(agent);
        as(agent, "POST", "/api/v1/agent/conversations/" + conversation + "/accept", null);
        waitForLog("Anna joined the conversation");
        return conversation;
    }

    String status(String questionId) {
        return server.http().get("/chatapi/" + token + "/client/" + CLIENT + "/message/" + questionId + "/status")
                .json().path("status").asText();
    }

    int unread() {
        return server.http().get("/chatapi/" + token + "/client/" + CLIENT + "/message-not-read-count").json()
                .get("count").asInt();
    }

    void screenshot(String path) {
        try {
            Path target = Path.of(path);
            Files.createDirectories(target.getParent());
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), target,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the browser reported about Content-Security-Policy since the last call: nothing, if the policy held. */
    List<String> policyViolations() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Content-Security-Policy")).toList();
    }

    /**
     * The host page: its own styles for every button (from a file: inline style is against its policy), a strict
     * policy that lets in only the Parley server, and the widget's one script tag.
     */
    private void page(HttpExchange exchange) throws IOException {
        String parley = "http://127.0.0.1:" + server.port();
        boolean css = exchange.getRequestURI().getPath().endsWith(".css");
        String body = css ? "button { background: red !important; font-size: 40px; } body { font-family: serif; }\n"
                : """
                <!doctype html>
                <html><head><title>Shop</title><link rel="stylesheet" href="/shop.css"></head>
                <body><h1>A shop of another origin</h1>
                <p>Products, prices, and a chat widget at the bottom right.</p>
                <script src="%s/widget.js" data-token="%s" data-client-id="%s" data-title="Help" async></script>
                </body></html>
                """.formatted(parley, token, CLIENT);
        exchange.getResponseHeaders().set("Content-Type", css ? "text/css" : "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'self'; "
                + "script-src " + parley + "; connect-src " + parley + "; img-src " + parley);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static WebDriver startDriver(Path userDataDir) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-extensions",
                "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + userDataDir);
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
            Assumptions.assumeTrue(false, "Widget browser test skipped: Chromium could not start: " + reason);
            throw e;
        }
    }
}
