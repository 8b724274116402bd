package dev.parley.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.TestServer;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

/**
 * What the console's admin browser tests share: a server and a browser per test, hostile strings and scenarios, and
 * the steps every flow takes (open the console, sign in, talk to a channel). Skipped, with the reason, when Chromium is
 * missing; a flow whose endpoints this server lacks is skipped with the reason.
 */
abstract class ConsoleFlows {

    static final String XSS = "<img src=x onerror=alert(1)>";
    static final String ESCAPED = "&lt;img src=x onerror=alert(1)&gt;";
    static final String PASSWORD = "correct horse battery";
    static final String V1 = """
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
    static final String BROKEN = """
            name: shop
            states:
              /Hello:
                - intent: {patterns: ["hello", "hi"]}
                - text: "Hello from the shop"
                - buttons: [{text: "More", goto: /Nowhere}]
              /CatchAll:
                - text: "Sorry?"
            """;
    static final String V2 = """
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

    ConsoleBrowser browser;
    TestServer server;

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

    void open() {
        browser.driver.get("http://127.0.0.1:" + server.port() + "/console");
        browser.wait.until(visibilityOfElementLocated(By.id("login-button")));
    }

    void signInWithAdminToken() {
        browser.control("Admin token").sendKeys(TestServer.ADMIN_TOKEN);
        browser.control("Sign in with the admin token").click();
        browser.wait.until(d -> "Admin token".equals(d.findElement(By.id("agent-name")).getText()));
        assertThat(browser.js("return localStorage.length")).as("the token is not remembered unless asked").isEqualTo(0L);
    }

    /** An admin account made over the API, signed in with the login form: the admin API takes its session. */
    void signInAsAdmin() {
        Http.Response created = server.http().admin("POST", "/api/v1/accounts", Json.object().put("login", "ada")
                .put("password", PASSWORD).put("name", "Ada").put("role", "admin"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        signIn("ada");
        browser.wait.until(d -> "Ada".equals(d.findElement(By.id("agent-name")).getText()));
        assertThat(browser.control("Channels").getDomAttribute("aria-current")).isEqualTo("page");
    }

    void signIn(String login) {
        browser.control("Login").sendKeys(login);
        browser.control("Password").sendKeys(PASSWORD);
        browser.control("Sign in").click();
        browser.wait.until(d -> d.findElement(By.id("views")).isDisplayed());
    }

    /** A channel named shop with this scenario; returns its token. */
    String shop(String scenario) {
        return server.channel(Json.object().put("name", "shop").put("scenario", scenario));
    }

    Http.Response chat(String token, String clientId, String query) {
        return server.http().post("/chatapi/" + token, Json.object().put("clientId", clientId).put("query", query));
    }

    String editorValue() {
        return (String) browser.js("return document.querySelector('.CodeMirror').CodeMirror.getValue()");
    }

    void setEditor(String source) {
        browser.js("document.querySelector('.CodeMirror').CodeMirror.setValue(arguments[0])", source);
    }

    /** Skips the test, saying why, when this server does not have the endpoint the flow needs. */
    void assumeEndpoint(String method, String path, String what) {
        Http.Response probe = server.http().admin(method, path, method.equals("GET") ? null : Json.object());
        int status = probe.status();
        boolean missing = status == 405 || status == 404 && probe.text().contains("http.not_found");
        Assumptions.assumeFalse(missing,
                "console flow skipped: this server has no " + what + " (" + method + " " + path + " → " + status + ")");
    }

    /** At 400 px the panes stand one above the other and nothing scrolls sideways. */
    void narrowScreenshot(String path) {
        browser.driver.manage().window().setSize(new Dimension(400, 800));
        browser.wait.until(d -> (Long) browser.js("return window.innerWidth") <= 420);
        long viewport = (Long) browser.js("return window.innerWidth");
        long content = (Long) browser.js("return document.documentElement.scrollWidth");
        assertThat(content).as("no horizontal scrolling").isLessThanOrEqualTo(viewport);
        browser.screenshot(path);
        browser.driver.manage().window().setSize(new Dimension(1280, 800));
    }

    void assertNoScriptRanAndNothingWasBlocked() {
        browser.assertNoAlert();
        assertThat(browser.driver.findElements(By.tagName("img"))).as("no hostile string became an image").isEmpty();
        assertThat(browser.cspReports()).as("CSP violations in the browser's console").isEmpty();
    }
}
