package dev.parley.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.RecordingWebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Drives the admin side of the console at {@code /console} in headless Chromium against the real server: the first
 * admin made from the admin token, a channel created through the form and chatted with, a webhook test call, and an
 * agent who sees no admin view. Hostile strings go into names, client ids and messages and must show as text.
 */
class AdminConsoleBrowserTest extends ConsoleFlows {

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
        browser.control("Make root an agent").click();
        WebElement refused = browser.wait.until(visibilityOfElementLocated(By.id("accounts-error")));
        assertThat(refused.getText()).startsWith("Could not change root: ");
        assertThat(row.getText()).as("the last active admin stays an admin").contains("admin");
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

}
