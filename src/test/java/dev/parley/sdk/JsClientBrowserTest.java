package dev.parley.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.json.Json;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The JavaScript client's own tests ({@code clients/js/test/cases.mjs}) in headless Chromium against the real server.
 * The test page comes from another origin (a small server of this test), and loads the module from
 * {@code /sdk/parley-chat.js} as a site embedding the chat would; messages arrive over EventSource. Each case's result
 * is asserted on its own. Skipped, with the reason, when Chromium or chromedriver is missing or cannot start.
 */
class JsClientBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path PAGES = Path.of("clients/js/test");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8");

    private Path profile;
    private WebDriver driver;
    private TestServer server;
    private HttpServer pages;

    @BeforeEach
    void start() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "JavaScript client browser test skipped: no Chromium at " + CHROMIUM);
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER),
                "JavaScript client browser test skipped: no chromedriver at " + CHROMEDRIVER);
        profile = Files.createTempDirectory("parley-chromium");
        driver = startDriver(profile);
        server = TestServer.start();
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.createContext("/", JsClientBrowserTest::page);
        pages.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (pages != null) {
            pages.stop(0);
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
    void clientTestsPassInChromiumLoadingTheModuleFromAnotherOrigin() {
        String token = server.channel(JsClientCases.scenario());
        // "localhost" for the page, "127.0.0.1" for the server: two origins
        driver.get("http://localhost:" + pages.getAddress().getPort() + "/index.html?server="
                + encode("http://127.0.0.1:" + server.port()) + "&token=" + encode(token));
        new WebDriverWait(driver, Duration.ofSeconds(120), Duration.ofMillis(200))
                .until(ExpectedConditions.textToBe(By.id("status"), "done"));

        JsonNode results = Json.readTrusted(driver.findElement(By.id("results")).getText());
        Map<String, JsonNode> byName = new HashMap<>();
        results.forEach(result -> byName.put(result.get("name").asText(), result));
        SoftAssertions softly = new SoftAssertions();
        for (String name : JsClientCases.names()) {
            JsonNode result = byName.get(name);
            softly.assertThat(result).as("case " + name + " ran; results: " + results).isNotNull();
            if (result != null) {
                softly.assertThat(result.get("ok").asBoolean()).as(name + ": " + result.get("message").asText())
                        .isTrue();
            }
        }
        softly.assertThat(results.size()).as("results: " + results).isEqualTo(JsClientCases.names().size());
        softly.assertAll();
    }

    private static void page(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring(1);
        Path file = PAGES.resolve(name).normalize();
        String extension = name.substring(name.lastIndexOf('.') + 1);
        if (!file.startsWith(PAGES) || !Files.isRegularFile(file) || !TYPES.containsKey(extension)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] body = Files.readAllBytes(file);
        exchange.getResponseHeaders().set("Content-Type", TYPES.get(extension));
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static WebDriver startDriver(Path userDataDir) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-extensions",
                "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + userDataDir);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        try {
            return new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getName());
            Assumptions.assumeTrue(false, "JavaScript client browser test skipped: Chromium could not start: " + reason);
            throw e;
        }
    }
}
