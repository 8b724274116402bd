package dev.parley.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.testing.Http;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat widget embedded, as a site would, by one script tag in a page of another origin (whose own styles try to
 * restyle every button), in headless Chromium against the real server: chatting with the bot, buttons, history after
 * a reload, an agent's live reply counted on the launcher's badge, hostile text, and a server restart in the middle.
 * Screenshots go to {@code target/widget-*.png}. Skipped, with the reason, when Chromium or chromedriver is missing.
 */
class WidgetBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String CLIENT = "visitor-1";
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static final String SCENARIO = """
            name: widget
            states:
              /Hello:
                - intent: {patterns: ["hello*"]}
                - text: "Hello, **friend**! See [the docs](https://example.com/docs)"
                - buttons: ["Order status", "Talk to a person"]
              /Order:
                - intent: {patterns: ["order status"]}
                - text: "Your order number?"
              /Agent:
                - intent: {patterns: ["talk to a person"]}
                - agent: {message: "Connecting you to a person", closePhrases: ["/close"], noAgents: /NoAgents}
              /NoAgents:
                - text: "Nobody is online."
              /CatchAll:
                - text: "You said {{query}}"
            """;

    private Path profile;
    private Path dataDir;
    private WebDriver driver;
    private WebDriverWait wait;
    private TestServer server;
    private HttpServer pages;
    private String token;

    @BeforeEach
    void start() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Widget browser test skipped: no Chromium at " + CHROMIUM);
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER),
                "Widget browser test skipped: no chromedriver at " + CHROMEDRIVER);
        profile = Files.createTempDirectory("parley-chromium");
        driver = startDriver(profile);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100));
        dataDir = TestServer.tempDir();
        server = TestServer.start(TestServer.config(dataDir), java.time.Clock.systemUTC());
        token = server.channel(SCENARIO, true);
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.createContext("/", this::page);
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
    void aVisitorChatsWithTheBotAndAnAgentThroughTheEmbeddedWidget() throws IOException {
        driver.manage().window().setSize(new Dimension(1280, 800));
        // "localhost" for the page, "127.0.0.1" for the server: two origins
        driver.get("http://localhost:" + pages.getAddress().getPort() + "/shop.html");

        WebElement launcher = widget().findElement(By.cssSelector("button.launcher"));
        assertThat(launcher.getAccessibleName()).isEqualTo("Open chat");
        launcher.click();
        WebElement input = widget().findElement(By.cssSelector("input"));
        assertThat(input.getAccessibleName()).isEqualTo("Message");
        assertThat(widget().findElement(By.cssSelector("button.send")).getAccessibleName()).isEqualTo("Send");

        say("hello");
        waitForLog("Hello, friend! See the docs");
        WebElement docs = widget().findElement(By.cssSelector("[role=log] a"));
        assertThat(docs.getAttribute("href")).isEqualTo("https://example.com/docs");
        assertThat(docs.getAttribute("rel")).isEqualTo("noopener noreferrer");
        assertThat(widget().findElement(By.cssSelector("[role=log] b")).getText()).isEqualTo("friend");
        // the channel blocks the form while its buttons are shown
        assertThat(widget().findElement(By.cssSelector("input")).isEnabled()).isFalse();
        screenshot("target/widget-open-1280.png");

        choice("Order status").click();
        waitForLog("Your order number?");
        assertThat(widget().findElement(By.cssSelector("input")).isEnabled()).isTrue();

        say(HOSTILE);
        waitForLog("You said " + HOSTILE);
        assertThat(widget().findElements(By.cssSelector("[role=log] img"))).isEmpty();
        assertNoAlert();

        driver.navigate().refresh();
        widget().findElement(By.cssSelector("button.launcher")).click();
        waitForLog("Your order number?");
        assertThat(log()).contains("hello", "Order status", "You said " + HOSTILE);

        long conversation = agentRepliesWhileThePanelIsClosed();

        driver.manage().window().setSize(new Dimension(400, 800));
        screenshot("target/widget-open-400.png");

        restartTheServerAndPush(conversation);
    }

    /** An agent takes the conversation over; the reply counted on the badge, shown with the name on opening. */
    private long agentRepliesWhileThePanelIsClosed() throws IOException {
        String agent = agent();
        say("talk to a person");
        waitForLog("Connecting you to a person");
        long conversation = queued(agent);
        as(agent, "POST", "/api/v1/agent/conversations/" + conversation + "/accept", null);
        waitForLog("Anna joined the conversation");
        widget().findElement(By.cssSelector("button.close")).click();
        String reply = as(agent, "POST", "/api/v1/agent/conversations/" + conversation + "/messages",
                Map.of("text", "Hi, this is Anna.")).json().get("questionId").asText();
        wait.until(d -> "1".equals(badge().getText()) && badge().isDisplayed());
        wait.until(d -> "DELIVERED".equals(status(reply)));
        screenshot("target/widget-badge.png");

        widget().findElement(By.cssSelector("button.launcher")).click();
        waitForLog("Hi, this is Anna.");
        assertThat(log()).contains("Anna\nAnna joined the conversation\nHi, this is Anna.");
        assertThat(badge().isDisplayed()).isFalse();
        wait.until(d -> unread() == 0 && "READ".equals(status(reply)));
        return conversation;
    }

    /** The server goes away and comes back on the same port and data: a message pushed then arrives once. */
    private void restartTheServerAndPush(long conversation) {
        int port = server.port();
        server.stopKeepingData();
        server = TestServer.start(TestServer.config(dataDir, Map.of("PARLEY_PORT", String.valueOf(port))),
                java.time.Clock.systemUTC());
        String again = agent();
        as(again, "POST", "/api/v1/agent/conversations/" + conversation + "/messages",
                Map.of("text", "Still there after the restart?"));
        waitForLog("Still there after the restart?");
        say("yes");
        wait.until(d -> occurrences(log(), "Still there after the restart?") == 1 && log().endsWith("yes"));
        assertThat(occurrences(log(), "Hi, this is Anna.")).isEqualTo(1);
    }

    @Test
    void aNewcomerOpeningTheFirstPageIsGreetedByTheDemoBotAndChatsWithIt() throws IOException {
        server.close();
        server = TestServer.start(Map.of("PARLEY_DEMO", "true"));
        driver.manage().window().setSize(new Dimension(1280, 800));
        driver.get("http://127.0.0.1:" + server.port() + "/");

        waitForLog("Hi! I am the Parley demo bot.");
        choice("What can you do?").click();
        waitForLog("I can check the status of an order");
        say("hello");
        waitForLog("Hello, friend!");
        assertThat(driver.findElement(By.cssSelector("a[href='/console/']")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.cssSelector("a[href='/docs']")).isDisplayed()).isTrue();
        screenshot("target/widget-first-page.png");
    }

    @Test
    void anotherTabOfTheSameVisitorShowsWhatIsSaidInTheFirst() {
        String shop = "http://localhost:" + pages.getAddress().getPort() + "/shop.html";
        driver.get(shop);
        widget().findElement(By.cssSelector("button.launcher")).click();
        String first = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(shop);
        widget().findElement(By.cssSelector("button.launcher")).click();
        String second = driver.getWindowHandle();
        waitForConnected();

        driver.switchTo().window(first);
        waitForConnected();
        say("order status");
        waitForLog("Your order number?");

        driver.switchTo().window(second);
        waitForLog("order status\nYour order number?");
        assertThat(occurrences(log(), "Your order number?")).isEqualTo(1);
    }

    /** The first page load's event stream is open, so nothing said from now on can be missed. */
    private void waitForConnected() {
        wait.until(d -> !widget().findElement(By.cssSelector(".status")).isDisplayed()
                && widget().findElement(By.cssSelector("input")).isEnabled());
    }

    private SearchContext widget() {
        return wait.until(d -> d.findElement(By.cssSelector("[data-parley-widget]")).getShadowRoot());
    }

    private WebElement badge() {
        return widget().findElement(By.cssSelector(".badge"));
    }

    private String log() {
        return widget().findElement(By.cssSelector("[role=log]")).getText();
    }

    private void waitForLog(String text) {
        try {
            wait.until(d -> log().contains(text));
        } catch (org.openqa.selenium.TimeoutException e) {
            try {
                screenshot("target/widget-failure.png");
            } catch (IOException ignored) {
                // the assertion below says what failed
            }
            throw new AssertionError("the log shows " + text + "; it shows: " + log(), e);
        }
    }

    private void say(String text) {
        WebElement input = wait.until(d -> {
            WebElement field = widget().findElement(By.cssSelector("input"));
            return field.isEnabled() ? field : null;
        });
        input.sendKeys(text);
        widget().findElement(By.cssSelector("button.send")).click();
    }

    private WebElement choice(String text) {
        return wait.until(d -> widget().findElements(By.cssSelector("button.choice")).stream()
                .filter(b -> b.getText().equals(text)).findFirst().orElse(null));
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private void assertNoAlert() {
        try {
            throw new AssertionError("something ran as script: alert " + driver.switchTo().alert().getText());
        } catch (NoAlertPresentException expected) {
            // shown as text, nothing ran
        }
    }

    private String agent() {
        server.http().admin("POST", "/api/v1/agents", Map.of("login", "anna", "password", "correct horse",
                "name", "Anna"));
        return server.http().post("/api/v1/agent/login", Map.of("login", "anna", "password", "correct horse"))
                .json().get("token").asText();
    }

    private Http.Response as(String agentToken, String method, String target, Object body) {
        Http.Response response = server.http().send(method, target, body, Map.of("Content-Type",
                "application/json", "Authorization", "Bearer " + agentToken));
        assertThat(response.status()).as(method + " " + target + ": " + response.text()).isLessThan(300);
        return response;
    }

    private long queued(String agentToken) {
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

    private String status(String questionId) {
        return server.http().get("/chatapi/" + token + "/client/" + CLIENT + "/message/" + questionId + "/status")
                .json().path("status").asText();
    }

    private int unread() {
        return server.http().get("/chatapi/" + token + "/client/" + CLIENT + "/message-not-read-count").json()
                .get("count").asInt();
    }

    private void screenshot(String path) throws IOException {
        Path target = Path.of(path);
        Files.createDirectories(target.getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), target,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The host page: its own styles for every button, and the widget's one script tag. */
    private void page(HttpExchange exchange) throws IOException {
        String html = """
                <!doctype html>
                <html><head><title>Shop</title>
                <style>button { background: red !important; font-size: 40px; } body { font-family: serif; }</style>
                </head><body><h1>A shop of another origin</h1>
                <p>Products, prices, and a chat widget at the bottom right.</p>
                <script src="http://127.0.0.1:%d/widget.js" data-token="%s" data-client-id="%s" data-title="Help"
                  async></script>
                </body></html>
                """.formatted(server.port(), token, CLIENT);
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
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
            Assumptions.assumeTrue(false, "Widget browser test skipped: Chromium could not start: " + reason);
            throw e;
        }
    }
}
