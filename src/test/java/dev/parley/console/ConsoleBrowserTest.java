package dev.parley.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the agent console at {@code /console} in headless Chromium against the real server: an agent signs in,
 * a client queued through the Chat API shows up live, the agent accepts, replies (the client gets it as a
 * {@code humanResponse} event), sees the client's messages as plain text, and closes (the client is back with
 * the bot). Skipped, with the reason, when Chromium or chromedriver is missing or cannot start.
 */
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String XSS = "<img src=x onerror=alert(1)>";
    private static final String REPLY = "Hello, this is Anna. How can I help?";
    private static final String SCENARIO = """
            name: support
            states:
              /Agent:
                - intent: {patterns: ["operator", "talk to a person"]}
                - agent: {message: "Connecting you to a person…", closePhrases: ["/close"], noAgents: /NoAgents}
              /NoAgents:
                - text: "Nobody is online."
              /CatchAll:
                - text: "Tell the bot something"
            """;

    private static final String RICH = """
            name: hotels
            states:
              /Hotels:
                - intent: {patterns: ["hotels"]}
                - text: "Our hotels"
                - carousel:
                    text: "Pick one"
                    content:
                      - {title: "Ritz", description: "5 stars", url: "https://ritz.example/book", btnText: "Book",
                         image: "http://ritz.example/ritz.png"}
                      - {title: "<img src=x onerror=alert(1)>", description: "<b>bold?</b>",
                         url: "javascript:alert(2)", btnText: "Evil"}
                - location: {lat: 48.8566, lon: 2.3522}
                - raw: {body: {html: "<script>alert(3)</script>"}}
                - reply: {type: "productCard", sku: "<i>A-1</i>"}
                - inlineButtons: [{text: "More", goto: /Hotels}]
              /Agent:
                - intent: {patterns: ["operator"]}
                - agent: {message: "Connecting you…", noAgents: /Hotels}
            """;

    private static ConsoleBrowser browser;
    private static WebDriver driver;
    private static WebDriverWait wait;
    private static TestServer server;
    private static String chat;

    /** Per test, not per class: a skip in a {@code @BeforeAll} would show as no test at all instead of a skipped one. */
    @BeforeEach
    void start() {
        browser = ConsoleBrowser.start();
        driver = browser.driver;
        wait = browser.wait;
        server = TestServer.start();
    }

    private static WebDriverWait newWait() {
        return browser.newWait(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        browser = null;
        server = null;
    }

    @Test
    void agentTakesAQueuedClientRepliesAndHandsTheClientBackToTheBot() throws IOException {
        Http.Response agent = server.http().admin("POST", "/api/v1/agents",
                Json.object().put("login", "anna").put("password", "correct horse battery").put("name", "Anna"));
        assertThat(agent.status()).as(agent.text()).isEqualTo(201);
        chat = "/chatapi/" + server.channel(SCENARIO);

        driver.get("http://127.0.0.1:" + server.port() + "/console");
        signIn();

        Http.Response handoff = say("c1", "operator");
        assertThat(handoff.status()).as(handoff.text()).isEqualTo(200);
        WebElement queued = wait.until(visibilityOfElementLocated(By.cssSelector("#queue [data-conversation-id]")));
        assertThat(queued.getText()).contains("c1");
        queued.click();
        wait.until(elementToBeClickable(By.id("accept"))).click();
        wait.until(visibilityOfElementLocated(By.cssSelector("#mine [data-conversation-id]")));
        wait.until(textToBe(By.id("conversation-status"), "ASSIGNED"));
        assertThat(driver.findElements(By.cssSelector("#queue [data-conversation-id]"))).isEmpty();
        assertThat(waitForMessage("operator").getDomAttribute("data-author")).isEqualTo("CLIENT");

        reply();
        assertClientReceives("c1", REPLY);

        Http.Response xss = say("c1", XSS);
        assertThat(xss.status()).as(xss.text()).isEqualTo(200);
        assertThat(xss.json().at("/data/answer").asText()).isEmpty();
        assertShownAsText(waitForMessage(XSS));
        screenshots();

        driver.findElement(By.id("close")).click();
        wait.until(textToBe(By.id("conversation-status"), "CLOSED"));
        wait.until(d -> d.findElements(By.cssSelector("#mine [data-conversation-id]")).isEmpty());
        assertThat(driver.findElement(By.id("reply-form")).isDisplayed()).isFalse();
        assertThat(say("c1", "hello").json().at("/data/answer").asText()).isEqualTo("Tell the bot something");

        driver.findElement(By.id("logout")).click();
        wait.until(visibilityOfElementLocated(By.id("login-button")));
        assertThat(((JavascriptExecutor) driver).executeScript("return sessionStorage.length")).isEqualTo(0L);
        assertNothingWasBlockedThenAnInlineScriptIs();
    }

    /**
     * The whole session ran under the page's Content-Security-Policy without a violation; and the policy is in force:
     * a script injected inline (as an XSS would) does not run, and the browser reports it.
     */
    private static void assertNothingWasBlockedThenAnInlineScriptIs() {
        assertThat(cspReports()).as("CSP violations in the browser's console").isEmpty();

        Object ran = ((JavascriptExecutor) driver).executeScript("""
                const script = document.createElement('script');
                script.textContent = 'window.inlineRan = true';
                document.head.appendChild(script);
                return window.inlineRan === true;""");

        assertThat(ran).as("an inline script ran").isEqualTo(false);
        assertThat(cspReports()).anySatisfy(line -> assertThat(line).contains("script-src 'self'"));
    }

    private static List<String> cspReports() {
        return browser.cspReports();
    }

    @Test
    void aBotsCarouselLocationAndUnknownRepliesShowInTheHistoryAsTextAndCheckedLinks() throws IOException {
        server.http().admin("POST", "/api/v1/agents",
                Json.object().put("login", "anna").put("password", "correct horse battery").put("name", "Anna"));
        chat = "/chatapi/" + server.channel(RICH);
        driver.get("http://127.0.0.1:" + server.port() + "/console");
        signIn();
        assertThat(say("c2", "hotels").json().at("/data/replies").size()).isEqualTo(6);
        say("c2", "operator");
        wait.until(visibilityOfElementLocated(By.cssSelector("#queue [data-conversation-id]"))).click();

        List<WebElement> cards = wait.until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("#history .reply[data-type=carousel] .card"));
            return found.size() == 2 ? found : null;
        });
        assertThat(cards.get(0).findElement(By.className("card-title")).getText()).isEqualTo("Ritz");
        // an http: image, which the page's img-src refuses, is a link instead
        assertThat(cards.get(0).findElements(By.tagName("a"))).extracting(a -> a.getDomAttribute("href"))
                .containsExactly("http://ritz.example/ritz.png", "https://ritz.example/book");
        WebElement hostile = cards.get(1).findElement(By.className("card-title"));
        assertThat(hostile.getText()).isEqualTo(XSS);
        assertThat(hostile.getDomProperty("innerHTML")).isEqualTo("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(cards.get(1).findElements(By.tagName("a"))).as("a javascript: url is no link").isEmpty();
        WebElement location = driver.findElement(By.cssSelector("#history .reply[data-type=location] a"));
        assertThat(location.getDomAttribute("href"))
                .isEqualTo("https://www.openstreetmap.org/?mlat=48.8566&mlon=2.3522#map=16/48.8566/2.3522");
        assertThat(driver.findElement(By.cssSelector("#history .reply[data-type=raw] pre")).getText())
                .contains("\"html\": \"<script>alert(3)</script>\"");
        assertThat(driver.findElement(By.cssSelector("#history .reply[data-type=productCard] pre")).getText())
                .contains("\"sku\": \"<i>A-1</i>\"");
        assertThat(driver.findElement(By.cssSelector("#history .reply[data-type=inlineButtons]")).getText())
                .isEqualTo("More");
        assertThat(driver.findElements(By.cssSelector("#history img, #history script, #history b, #history i")))
                .isEmpty();
        try {
            throw new AssertionError("a bot's reply ran as script: alert " + driver.switchTo().alert().getText());
        } catch (NoAlertPresentException expected) {
            // shown as text, nothing ran
        }
        screenshot("target/console-replies.png");
    }

    @Test
    void aClientsFilesShowAsThumbnailsAndLinksOnlyWhenTheyAreThisServersFiles() throws Exception {
        server.http().admin("POST", "/api/v1/agents",
                Json.object().put("login", "anna").put("password", "correct horse battery").put("name", "Anna"));
        String token = server.channel(SCENARIO);
        chat = "/chatapi/" + token;
        driver.get("http://127.0.0.1:" + server.port() + "/console");
        signIn();
        say("c3", "operator");
        java.io.ByteArrayOutputStream image = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(90, 60, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", image);
        JsonNode png = upload(token, "cat.png", "image/png", image.toByteArray());
        JsonNode pdf = upload(token, "invoice.pdf", "application/pdf", "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII));
        com.fasterxml.jackson.databind.node.ArrayNode files = Json.mapper().createArrayNode().add(png).add(pdf);
        files.addObject().put("url", "https://evil.example/files/AAAAAAAAAAAAAAAAAAAAAA/x.png").put("name", XSS)
                .put("mimeType", "image/png");
        files.addObject().put("url", "javascript:alert(1)").put("name", "evil.pdf").put("mimeType", "application/pdf");
        com.fasterxml.jackson.databind.node.ObjectNode event = Json.object().put("clientId", "c3").put("event", "fileEvent");
        event.putObject("data").set("files", files);
        assertThat(server.http().post(chat, event).status()).isEqualTo(200);
        wait.until(visibilityOfElementLocated(By.cssSelector("#queue [data-conversation-id]"))).click();

        List<WebElement> shown = wait.until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("#history .reply[data-type=file]"));
            return found.size() == 4 ? found : null;
        });
        String base = "http://127.0.0.1:" + server.port();
        WebElement thumbnail = shown.get(0).findElement(By.cssSelector("a img"));
        assertThat(thumbnail.getDomAttribute("src")).isEqualTo(base + png.get("url").asText());
        wait.until(d -> Long.valueOf(90).equals(((JavascriptExecutor) d).executeScript(
                "return arguments[0].naturalWidth", thumbnail)));
        assertThat(shown.get(0).getText()).isEqualTo("cat.png");
        assertThat(shown.get(1).findElement(By.tagName("a")).getDomAttribute("href")).isEqualTo(base
                + pdf.get("url").asText());
        assertThat(shown.get(1).getText()).isEqualTo("invoice.pdf");
        assertThat(shown.get(2).getText()).isEqualTo(XSS);
        assertThat(shown.get(3).getText()).isEqualTo("evil.pdf");
        for (WebElement foreign : shown.subList(2, 4)) {
            assertThat(foreign.findElements(By.cssSelector("a, img"))).isEmpty();
        }
        assertThat(driver.findElements(By.cssSelector("#history .message .text"))).extracting(WebElement::getText)
                .contains("Sent 4 files");
        screenshot("target/console-files.png");
    }

    private JsonNode upload(String token, String name, String type, byte[] content) throws Exception {
        String boundary = "----console-test";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port()
                        + "/chatapi/" + token + "/client/c3/files"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Json.readTrusted(response.body());
    }

    /** A wrong password shows an error; the right one opens the console with a live stream. */
    private static void signIn() {
        WebElement login = wait.until(visibilityOfElementLocated(By.id("login")));
        WebElement password = driver.findElement(By.id("password"));
        login.sendKeys("anna");
        password.sendKeys("wrong password");
        driver.findElement(By.id("login-button")).click();
        WebElement error = wait.until(visibilityOfElementLocated(By.id("login-error")));
        assertThat(error.getText()).containsIgnoringCase("wrong login or password");

        password.clear();
        password.sendKeys("correct horse battery");
        driver.findElement(By.id("login-button")).click();
        wait.until(textToBe(By.id("agent-name"), "Anna"));
        wait.until(d -> "live".equals(d.findElement(By.id("connection")).getDomAttribute("data-state")));
        // the lists are loaded (empty), so a conversation that shows up later came over the stream
        wait.until(d -> "false".equals(d.findElement(By.id("lists")).getDomAttribute("aria-busy")));
        assertThat(driver.findElement(By.id("queue-empty")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("login-view")).isDisplayed()).isFalse();
    }

    /** Types the reply and sends it with Enter; the send button is disabled while the box is empty. */
    private static void reply() {
        WebElement box = wait.until(visibilityOfElementLocated(By.id("reply-text")));
        assertThat(driver.findElement(By.id("send")).isEnabled()).isFalse();
        box.sendKeys(REPLY);
        assertThat(driver.findElement(By.id("send")).isEnabled()).isTrue();
        box.sendKeys(Keys.ENTER);
        assertThat(waitForMessage(REPLY).getDomAttribute("data-author")).isEqualTo("OPERATOR");
        wait.until(d -> box.getDomProperty("value").isEmpty());
    }

    private static Http.Response say(String clientId, String query) {
        return server.http().post(chat, Json.object().put("clientId", clientId).put("query", query));
    }

    /** Long-polls the client's events until a {@code humanResponse} with {@code text} arrives from Anna. */
    private static void assertClientReceives(String clientId, String text) {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            Http.Response page = server.http().get(chat + "/events?clientId=" + clientId + "&timeout=5");
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            for (JsonNode event : page.json().get("events")) {
                String type = event.get("type").asText();
                String answer = event.at("/event/data/answer").asText();
                seen.add(type + ": " + answer);
                if ("humanResponse".equals(type) && text.equals(answer)) {
                    assertThat(event.at("/event/data/agent/name").asText()).isEqualTo("Anna");
                    return;
                }
            }
        }
        throw new AssertionError("no humanResponse \"" + text + "\" for " + clientId + " within 15 s; saw " + seen);
    }

    /** Waits for a message in the open conversation whose text is exactly {@code text}; returns its element. */
    private static WebElement waitForMessage(String text) {
        return newWait().withMessage("a message reading " + text)
                .until(d -> d.findElements(By.cssSelector("#history .message")).stream()
                        .filter(m -> m.findElement(By.className("text")).getText().equals(text)).findFirst().orElse(null));
    }

    private static void assertShownAsText(WebElement message) {
        assertThat(message.getDomAttribute("data-author")).isEqualTo("CLIENT");
        assertThat(message.findElement(By.className("text")).getDomProperty("innerHTML"))
                .isEqualTo("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(driver.findElements(By.tagName("img"))).isEmpty();
        try {
            String text = driver.switchTo().alert().getText();
            throw new AssertionError("the client's text ran as script: alert " + text);
        } catch (NoAlertPresentException expected) {
            // shown as text, nothing ran
        }
    }

    /** Screenshots at 1280×800 and at 400 px wide, where the lists stand above the conversation. */
    private static void screenshots() throws IOException {
        screenshot("target/console.png");
        WebElement lists = driver.findElement(By.cssSelector(".lists"));
        WebElement conversation = driver.findElement(By.id("conversation"));
        assertThat(conversation.getRect().getX()).isGreaterThan(lists.getRect().getX() + lists.getRect().getWidth() - 1);

        driver.manage().window().setSize(new Dimension(400, 800));
        wait.until(d -> conversation.getRect().getY() >= lists.getRect().getY() + lists.getRect().getHeight());
        long viewport = (Long) ((JavascriptExecutor) driver).executeScript("return window.innerWidth");
        long content = (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth");
        assertThat(viewport).as("viewport width").isLessThanOrEqualTo(420);
        assertThat(content).as("no horizontal scrolling").isLessThanOrEqualTo(viewport);
        screenshot("target/console-narrow.png");
        driver.manage().window().setSize(new Dimension(1280, 800));
        wait.until(d -> conversation.getRect().getX() > lists.getRect().getX());
    }

    private static void screenshot(String path) {
        browser.screenshot(path);
    }
}
