package dev.parley.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.RecordingWebhookReceiver;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Drives the admin side of the console at {@code /console} in headless Chromium against the real server: the first
 * admin made from the admin token, a channel created through the form and chatted with, the scenario studio (problems
 * at their line, tests, deploy, versions, diff, restore, Try it), a webhook test call, and an agent who sees no admin
 * view. Hostile strings go into channel names, scenario text, client ids and messages and must show as text. Skipped,
 * with the reason, when Chromium is missing; a flow whose endpoints this server lacks is skipped with the reason.
 */
class AdminConsoleBrowserTest {

    private static final String XSS = "<img src=x onerror=alert(1)>";
    private static final String ESCAPED = "&lt;img src=x onerror=alert(1)&gt;";
    private static final String PASSWORD = "correct horse battery";
    private static final String V1 = """
            name: shop
            states:
              /Hello:
                - intent: {patterns: ["hello", "hi"]}
                - text: "Hello from the shop"
              /CatchAll:
                - text: "Sorry?"
            tests:
              - say: "hello"
                expect: {state: /Hello, answer: "Hello from the shop"}
            """;
    private static final String BROKEN = """
            name: shop
            states:
              /Hello:
                - intent: {patterns: ["hello", "hi"]}
                - text: "Hello from the shop"
                - buttons: [{text: "More", goto: /Nowhere}]
              /CatchAll:
                - text: "Sorry?"
            """;
    private static final String V2 = """
            name: shop
            states:
              /Hello:
                - intent: {patterns: ["hello", "hi"]}
                - text: "Hello from the shop, <img src=x onerror=alert(1)>"
              /Prices:
                - intent: {patterns: ["prices", "how much"]}
                - text: "Everything is 5 euros"
              /CatchAll:
                - text: "Sorry?"
            tests:
              - say: "hello"
                expect: {state: /Hello}
              - say: "prices"
                expect: {state: /Prices, answer: "Everything is 5 euros"}
            """;

    private ConsoleBrowser browser;
    private TestServer server;

    @BeforeEach
    void start() {
        browser = ConsoleBrowser.start();
        server = TestServer.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theFirstAdminIsCreatedWithTheAdminTokenAndThenSignsInWithALogin() {
        assumeEndpoint("GET", "/api/v1/accounts", "the accounts API");
        open();
        signInWithAdminToken();
        assertThat(browser.control("Accounts").getDomAttribute("aria-current")).isEqualTo("page");
        assertThat(browser.driver.findElement(By.id("first-admin")).isDisplayed()).isTrue();
        browser.control("Login").sendKeys("root");
        browser.control("Name").sendKeys("Root " + XSS);
        browser.control("Password").sendKeys(PASSWORD);
        assertThat(browser.control("Role").getDomProperty("value")).isEqualTo("admin");
        browser.control("Create account").click();
        WebElement row = browser.wait.until(visibilityOfElementLocated(By.cssSelector("#account-rows tr")));
        assertThat(row.getText()).contains("root", "Root " + XSS, "admin");
        assertThat(row.findElements(By.tagName("td")).get(0).getDomProperty("innerHTML")).isEqualTo("Root " + ESCAPED);
        browser.screenshot("target/console-accounts.png");
        browser.assertEveryControlIsNamed();

        browser.control("Sign out").click();
        signIn("root");
        browser.wait.until(d -> "admin".equals(d.findElement(By.id("user-role")).getText().toLowerCase()));
        assertThat(browser.control("Channels").getDomAttribute("aria-current")).isEqualTo("page");
        assertThat(browser.shows("Conversations")).as("an admin can also take conversations").isTrue();
        assertNoScriptRanAndNothingWasBlocked();
    }

    @Test
    void aChannelCreatedThroughTheFormChatsWithItsCopiedTokenThenRotatesAndIsDeleted() {
        open();
        signInAsAdmin();
        browser.control("New channel").click();
        String name = "Shop " + XSS;
        browser.control("Name").sendKeys(name);
        browser.control("Disable text input when using buttons").click();
        WebElement chosen = browser.control("Token");
        chosen.sendKeys("not a token!");
        browser.control("Save channel").click();
        WebElement tokenError = browser.wait.until(visibilityOfElementLocated(By.id("channel-token-error")));
        assertThat(tokenError.getText()).contains("token must be");
        assertThat(server.http().admin("GET", "/api/v1/channels", null).json().at("/items").size()).isZero();
        chosen.clear();
        browser.control("Save channel").click();
        browser.wait.until(d -> "Edit channel".equals(d.findElement(By.id("channel-form-heading")).getText()));

        WebElement row = browser.wait.until(visibilityOfElementLocated(By.cssSelector("#channel-rows tr")));
        assertThat(row.findElement(By.className("channel-name")).getDomProperty("innerHTML")).isEqualTo("Shop " + ESCAPED);
        browser.wait.until(d -> "CONNECTED".equals(d.findElement(By.id("channel-status")).getText()));
        browser.control("Copy the channel token").click();
        browser.wait.until(d -> d.findElement(By.id("status")).getText().startsWith("The token is"));
        String token = browser.control("Token").getDomProperty("value");
        assertThat(token).isNotBlank();
        assertThat(browser.control("Try it from a terminal").getDomProperty("value"))
                .contains("curl", "http://127.0.0.1:" + server.port() + "/chatapi/" + token);

        Http.Response hello = chat(token, "c1", "/start");
        assertThat(hello.status()).as(hello.text()).isEqualTo(200);
        assertThat(hello.json().at("/data/answer").asText()).as("started from the demo").contains("demo bot");
        JsonNode saved = server.http().admin("GET", "/api/v1/channels", null).json().at("/items/0");
        assertThat(saved.get("name").asText()).isEqualTo(name);
        assertThat(saved.get("blockForm").asBoolean()).isTrue();
        browser.newWait(Duration.ofSeconds(10)).withMessage("one client in the list")
                .until(d -> "1".equals(d.findElement(By.cssSelector("#channel-rows tr td.number")).getText()));
        browser.screenshot("target/console-channels.png");
        narrowScreenshot("target/console-channels-narrow.png");

        browser.assertEveryControlIsNamed();
        browser.control("Rotate the channel token").click();
        WebElement keep = browser.control("Keep the token");
        browser.wait.until(d -> keep.equals(d.switchTo().activeElement()));
        keep.sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
        assertThat(browser.driver.switchTo().activeElement().getText()).isEqualTo("Rotate now");
        browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        browser.wait.until(d -> !token.equals(d.findElement(By.id("channel-token")).getDomProperty("value")));
        String rotated = browser.control("Token").getDomProperty("value");
        assertThat(chat(token, "c1", "hello").status()).as("the old token stops at once").isIn(401, 404);
        assertThat(chat(rotated, "c1", "hello").status()).isEqualTo(200);

        WebElement delete = browser.control("Delete channel");
        assertThat(delete.isEnabled()).isFalse();
        browser.control("Channel name to confirm deletion").sendKeys(name);
        delete.click();
        browser.wait.until(d -> d.findElement(By.id("channels-empty")).isDisplayed());
        assertThat(server.http().admin("GET", "/api/v1/channels", null).json().at("/items").size()).isZero();
        assertNoScriptRanAndNothingWasBlocked();
    }

    @Test
    void aBrokenScenarioShowsItsProblemAtItsLineThenTheFixIsTestedDeployedComparedAndAnOlderVersionRestored() {
        assumeEndpoint("GET", "/api/v1/channels/1/scenario/versions", "scenario versions");
        String token = shop(V1);
        open();
        signInAsAdmin();
        browser.control("Open channel shop in the studio").click();
        browser.wait.until(d -> editorValue().contains("Hello from the shop"));

        setEditor(BROKEN);
        browser.control("Validate").click();
        WebElement problem = browser.wait.until(visibilityOfElementLocated(By.cssSelector("#studio-problems li")));
        int line = Integer.parseInt(problem.getDomAttribute("data-line"));
        assertThat(problem.getText()).contains("/Nowhere");
        assertThat(BROKEN.lines().toList().get(line - 1)).as("the problem's line").contains("goto: /Nowhere");
        browser.control("Go to line " + line + ": " + problem.findElement(By.className("problem-message")).getText())
                .click();
        assertThat(browser.js("return document.querySelector('.CodeMirror').CodeMirror.getCursor().line"))
                .isEqualTo((long) line - 1);
        assertThat(browser.driver.findElements(By.cssSelector(".CodeMirror .problem-line"))).hasSize(1);

        setEditor(V2);
        browser.control("Validate").click();
        browser.wait.until(d -> d.findElements(By.cssSelector("#studio-tests li[data-ok=true]")).size() == 2);
        assertThat(browser.driver.findElements(By.cssSelector("#studio-problems li"))).isEmpty();
        browser.control("Deploy").click();
        browser.wait.until(d -> d.findElement(By.id("studio-result")).getText().equals("Deployed as version 2."));
        assertThat(chat(token, "c1", "prices").json().at("/data/answer").asText()).isEqualTo("Everything is 5 euros");

        browser.wait.until(d -> d.findElements(By.cssSelector("#versions li")).size() == 2);
        browser.control("Show the differences between the two versions").click();
        List<WebElement> added = browser.wait.until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("#diff li[data-op=added]"));
            return found.isEmpty() ? null : found;
        });
        assertThat(added).extracting(WebElement::getText).anySatisfy(t -> assertThat(t).contains("/Prices:"))
                .anySatisfy(t -> assertThat(t).contains(XSS));
        assertThat(browser.driver.findElements(By.cssSelector("#diff li[data-op=removed]")))
                .extracting(WebElement::getText).anySatisfy(t -> assertThat(t).contains("\"Hello from the shop\""));
        browser.screenshot("target/console-studio.png");
        browser.assertEveryControlIsNamed();
        narrowScreenshot("target/console-studio-narrow.png");

        browser.control("Restore version 1").click();
        browser.wait.until(d -> d.findElements(By.cssSelector("#versions li")).size() == 3);
        assertThat(browser.driver.findElement(By.cssSelector("#versions li")).getText()).contains("Version 3 (current)");
        assertThat(editorValue()).isEqualTo(V1);
        assertThat(chat(token, "c1", "prices").json().at("/data/answer").asText()).isEqualTo("Sorry?");
        assertNoScriptRanAndNothingWasBlocked();
    }

    @Test
    void tryItShowsTheBotsAnswerWithItsStateAndConfidence() {
        assumeEndpoint("POST", "/api/v1/channels/1/try", "the Try it endpoint");
        shop(V2);
        open();
        signInAsAdmin();
        browser.control("Studio").click();
        browser.wait.until(d -> editorValue().contains("/Prices"));
        WebElement client = browser.control("Client id");
        client.clear();
        client.sendKeys(XSS);
        browser.control("Message or event name").sendKeys("how much");
        browser.control("Send to the bot").click();
        browser.wait.until(d -> d.findElement(By.id("try-debug")).isDisplayed());
        assertThat(browser.driver.findElement(By.id("debug-state")).getText()).isEqualTo("/Prices");
        assertThat(browser.driver.findElement(By.id("debug-confidence")).getText()).matches("[01]\\.\\d\\d");
        assertThat(browser.driver.findElement(By.cssSelector("#try-log .try-bot")).getText())
                .isEqualTo("Everything is 5 euros");
        assertThat(browser.driver.findElement(By.cssSelector("#try-log .try-client")).getDomProperty("innerHTML"))
                .isEqualTo(ESCAPED + ": how much");

        browser.control("Message or event name").sendKeys("hello");
        browser.control("Send to the bot").click();
        browser.wait.until(d -> "/Hello".equals(d.findElement(By.id("debug-state")).getText()));
        assertThat(browser.driver.findElements(By.cssSelector("#try-log .try-bot")).get(1).getText())
                .isEqualTo("Hello from the shop, " + XSS);
        browser.screenshot("target/console-try.png");
        assertNoScriptRanAndNothingWasBlocked();
    }

    @Test
    void aWebhookTestCallReachesALocalReceiverAndItsStatusShowsBesideTheField() throws Exception {
        assumeEndpoint("POST", "/api/v1/channels/1/webhook/test", "webhook test calls");
        shop(V1);
        try (RecordingWebhookReceiver receiver = new RecordingWebhookReceiver()) {
            open();
            signInAsAdmin();
            browser.control("Edit channel shop").click();
            browser.control("Webhook URL").sendKeys(receiver.url());
            browser.control("Send a test call to the webhook").click();
            WebElement result = browser.wait.until(d -> {
                WebElement found = d.findElement(By.id("webhook-test-result"));
                return found.getDomAttribute("data-ok") != null ? found : null;
            });
            assertThat(result.getDomAttribute("data-ok")).as(result.getText()).isEqualTo("true");
            assertThat(result.getText()).startsWith("HTTP 200 in ");
            assertThat(receiver.await(1, 5000)).hasSize(1);
            assertThat(server.http().admin("GET", "/api/v1/channels", null).json().at("/items/0/webhookUrl").isNull())
                    .as("the unsaved field value was tested, not saved").isTrue();
            browser.screenshot("target/console-webhook-test.png");
        }
        assertNoScriptRanAndNothingWasBlocked();
    }

    @Test
    void anAgentSignsInAndSeesNoAdminView() {
        Http.Response agent = server.http().admin("POST", "/api/v1/agents",
                Json.object().put("login", "anna").put("password", PASSWORD).put("name", "Anna"));
        assertThat(agent.status()).as(agent.text()).isEqualTo(201);
        open();
        signIn("anna");
        browser.wait.until(d -> d.findElement(By.id("app-view")).isDisplayed());
        assertThat(browser.driver.findElement(By.id("user-role")).getText().toLowerCase()).isEqualTo("agent");
        assertThat(browser.control("Conversations").getDomAttribute("aria-current")).isEqualTo("page");
        for (String adminView : List.of("Channels", "Studio", "Accounts", "New channel")) {
            assertThat(browser.shows(adminView)).as(adminView).isFalse();
        }
        for (String view : List.of("channels-view", "studio-view", "accounts-view")) {
            assertThat(browser.driver.findElement(By.id(view)).isDisplayed()).as(view).isFalse();
        }
        if (!server.http().admin("GET", "/api/v1/accounts", null).text().contains("http.not_found")) {
            String session = (String) browser.js("return JSON.parse(sessionStorage.getItem('parley.console.session')).token");
            Http.Response refused = server.http().send("GET", "/api/v1/channels", null,
                    Map.of("Authorization", "Bearer " + session));
            assertThat(refused.status()).as("an agent's session on an admin endpoint").isEqualTo(403);
        }
        assertNoScriptRanAndNothingWasBlocked();
    }

    @Test
    void theLineDiffMarksAddedAndRemovedLinesInOrder() {
        open();
        Object diff = browser.asyncJs("""
                const done = arguments[arguments.length - 1];
                import('/console/js/diff.js').then((m) => done(m.diffLines('a\\nb\\nc\\n', 'a\\nc\\nd\\n')
                  .map((d) => d.op + d.text + ':' + d.oldLine + ':' + d.newLine)));""");
        assertThat(diff).isEqualTo(List.of(" a:1:1", "-b:2:null", " c:3:2", "+d:null:3"));
        Object empty = browser.asyncJs("""
                const done = arguments[arguments.length - 1];
                import('/console/js/diff.js').then((m) => done(m.diffLines('', 'x').length));""");
        assertThat(empty).isEqualTo(1L);
    }

    private void open() {
        browser.driver.get("http://127.0.0.1:" + server.port() + "/console");
        browser.wait.until(visibilityOfElementLocated(By.id("login-button")));
    }

    private void signInWithAdminToken() {
        browser.control("Admin token").sendKeys(TestServer.ADMIN_TOKEN);
        browser.control("Sign in with the admin token").click();
        browser.wait.until(d -> "Admin token".equals(d.findElement(By.id("agent-name")).getText()));
        assertThat(browser.js("return localStorage.length")).as("the token is not remembered unless asked").isEqualTo(0L);
    }

    /** An admin account made over the API, signed in with the login form: the admin API takes its session. */
    private void signInAsAdmin() {
        Http.Response created = server.http().admin("POST", "/api/v1/accounts", Json.object().put("login", "ada")
                .put("password", PASSWORD).put("name", "Ada").put("role", "admin"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        signIn("ada");
        browser.wait.until(d -> "Ada".equals(d.findElement(By.id("agent-name")).getText()));
        assertThat(browser.control("Channels").getDomAttribute("aria-current")).isEqualTo("page");
    }

    private void signIn(String login) {
        browser.control("Login").sendKeys(login);
        browser.control("Password").sendKeys(PASSWORD);
        browser.control("Sign in").click();
        browser.wait.until(d -> d.findElement(By.id("views")).isDisplayed());
    }

    /** A channel named shop with this scenario; returns its token. */
    private String shop(String scenario) {
        return server.channel(Json.object().put("name", "shop").put("scenario", scenario));
    }

    private Http.Response chat(String token, String clientId, String query) {
        return server.http().post("/chatapi/" + token, Json.object().put("clientId", clientId).put("query", query));
    }

    private String editorValue() {
        return (String) browser.js("return document.querySelector('.CodeMirror').CodeMirror.getValue()");
    }

    private void setEditor(String source) {
        browser.js("document.querySelector('.CodeMirror').CodeMirror.setValue(arguments[0])", source);
    }

    /** Skips the test, saying why, when this server does not have the endpoint the flow needs. */
    private void assumeEndpoint(String method, String path, String what) {
        Http.Response probe = server.http().admin(method, path, method.equals("GET") ? null : Json.object());
        int status = probe.status();
        boolean missing = status == 405 || status == 404 && probe.text().contains("http.not_found");
        Assumptions.assumeFalse(missing,
                "console flow skipped: this server has no " + what + " (" + method + " " + path + " → " + status + ")");
    }

    /** At 400 px the panes stand one above the other and nothing scrolls sideways. */
    private void narrowScreenshot(String path) {
        browser.driver.manage().window().setSize(new Dimension(400, 800));
        browser.wait.until(d -> (Long) browser.js("return window.innerWidth") <= 420);
        long viewport = (Long) browser.js("return window.innerWidth");
        long content = (Long) browser.js("return document.documentElement.scrollWidth");
        assertThat(content).as("no horizontal scrolling").isLessThanOrEqualTo(viewport);
        browser.screenshot(path);
        browser.driver.manage().window().setSize(new Dimension(1280, 800));
    }

    private void assertNoScriptRanAndNothingWasBlocked() {
        browser.assertNoAlert();
        assertThat(browser.driver.findElements(By.tagName("img"))).as("no hostile string became an image").isEmpty();
        assertThat(browser.cspReports()).as("CSP violations in the browser's console").isEmpty();
    }
}
