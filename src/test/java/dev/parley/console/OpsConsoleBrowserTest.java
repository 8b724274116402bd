package dev.parley.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import dev.parley.testing.Http;
import dev.parley.testing.RecordingWebhookReceiver;
import dev.parley.testing.RecordingWebhookReceiver.Answer;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * Drives the console's operations views in headless Chromium against the real server: a campaign started from a CSV
 * file and watched to the end, a slow one cancelled, dead letters redelivered one and all to a local receiver, and
 * the agents online with their conversations. Hostile strings go into client ids, texts and names and must show as
 * text.
 */
class OpsConsoleBrowserTest extends ConsoleFlows {

    private static final String SUPPORT = """
            name: support
            states:
              /Agent:
                - intent: {patterns: ["operator"]}
                - agent: {message: "Connecting you to a person", noAgents: /NoAgents}
              /NoAgents:
                - text: "Nobody is online."
              /CatchAll:
                - text: "Tell the bot something"
            """;

    private List<String> history(String token, String clientId) {
        List<String> texts = new ArrayList<>();
        server.http().get("/chatapi/" + token + "/client/" + clientId + "/history").json().get("messages")
                .forEach(m -> texts.add(m.path("textMessage").asText()));
        return texts;
    }

    private JsonNode campaigns() {
        long channelId = server.adminJson("GET", "/api/v1/channels", null).at("/items/0/id").asLong();
        return server.adminJson("GET", "/api/v1/channels/" + channelId + "/campaigns", null).get("items");
    }

    /**
     * At 400 px nothing reaches under the vertical scroll bar either: the page is no wider than its client area, which
     * is stricter than {@link #narrowScreenshot}'s comparison with the window.
     */
    private void narrow(String path, String show) {
        browser.driver.manage().window().setSize(new Dimension(400, 800));
        browser.wait.until(d -> (Long) browser.js("return window.innerWidth") <= 420);
        browser.js("document.getElementById(arguments[0]).scrollIntoView()", show);
        long client = (Long) browser.js("return document.documentElement.clientWidth");
        long content = (Long) browser.js("return document.documentElement.scrollWidth");
        assertThat(content).as("no horizontal scrolling").isLessThanOrEqualTo(client);
        narrowScreenshot(path);
    }

    private WebElement progressBar() {
        return browser.driver.findElement(By.cssSelector("[role=progressbar]"));
    }

    /** What the progress bar says to a screen reader; empty before it shows a campaign. */
    private String progressText() {
        return String.valueOf(progressBar().getDomAttribute("aria-valuetext"));
    }

    @Test
    void aCampaignFromACsvFileRunsToTheEndAndEveryRecipientGetsTheMessage() throws IOException {
        String token = shop(V1);
        open();
        signInAsAdmin();
        browser.control("Campaigns").click();
        browser.control("Message text").sendKeys("Sale today " + XSS);

        browser.control("Start campaign").click();
        WebElement error = browser.wait.until(visibilityOfElementLocated(By.id("campaign-form-error")));
        assertThat(error.getText()).as("the server's word for an empty list").contains("at least one client");
        browser.control("Client ids, one per line").sendKeys("fine\n" + XSS + "\n\n" + XSS);
        browser.control("Start campaign").click();
        browser.wait.until(d -> error.getText().contains("listed twice"));
        assertThat(error.getText()).as("a bad row, named by its line").contains("line 4: " + XSS + " is listed twice");
        assertThat(error.getDomProperty("innerHTML")).contains(ESCAPED);
        browser.js("document.getElementById('campaign-ids').value = Array.from({length: 100001}, (x, i) => 'c' + i)"
                + ".join('\\n')");
        browser.control("Start campaign").click();
        browser.newWait(Duration.ofSeconds(20)).until(d -> error.getText().contains("at most 100000 clients"));
        assertThat(campaigns()).as("nothing started").isEmpty();
        browser.control("Client ids, one per line").clear();

        Path csv = Files.createTempFile("recipients", ".csv");
        Files.writeString(csv, "clientId,name\ncsv-1,Ann\n\"csv-2\",\"Bob, Jr.\"\r\n\ncsv-3," + XSS + "\n");
        browser.control("Or read them from a CSV file (first column; a header line is skipped)")
                .sendKeys(csv.toAbsolutePath().toString());
        browser.wait.until(d -> d.findElement(By.id("campaign-ids-hint")).getText().startsWith("3 client ids read"));
        assertThat(browser.control("Client ids, one per line").getDomProperty("value")).isEqualTo("csv-1\ncsv-2\ncsv-3");
        WebElement rate = browser.control("Messages per second");
        rate.clear();
        rate.sendKeys("4");
        browser.control("Start campaign").click();

        browser.newWait(Duration.ofSeconds(20)).withMessage("the progress bar at 100% and done")
                .until(d -> "100".equals(progressBar().getDomAttribute("aria-valuenow"))
                        && progressText().endsWith("done"));
        assertThat(progressText()).isEqualTo("100%, 3 of 3 handled, done");
        assertThat(browser.driver.findElement(By.id("campaign-progress-text")).getText()).contains("3 sent, 0 failed of 3");
        for (String client : List.of("csv-1", "csv-2", "csv-3")) {
            assertThat(history(token, client)).as(client).containsExactly("Sale today " + XSS);
        }
        WebElement row = browser.wait.until(d -> {
            WebElement first = d.findElement(By.cssSelector("#campaign-rows tr"));
            return first.getText().contains("DONE") ? first : null;
        });
        assertThat(row.findElement(By.className("campaign-message")).getDomProperty("innerHTML"))
                .isEqualTo("Sale today " + ESCAPED);
        assertThat(row.getText()).contains("3 / 3");
        browser.assertEveryControlIsNamed();
        browser.js("window.scrollTo(0, 0)");
        browser.screenshot("target/console-campaigns-wide.png");
        narrow("target/console-campaigns-narrow.png", "campaign-current");
        assertNoScriptRanAndNothingWasBlocked();
    }

    @Test
    void aSlowCampaignIsCancelledAndStopsSendingAndOlderCampaignsComeAPageAtATime() {
        shop(V1);
        long channelId = server.adminJson("GET", "/api/v1/channels", null).at("/items/0/id").asLong();
        for (int i = 0; i < 20; i++) {
            assertThat(server.http().admin("POST", "/api/v1/channels/" + channelId + "/campaigns",
                    Map.of("clientIds", List.of("old-" + i), "text", "Old news " + i)).status()).isEqualTo(201);
        }
        open();
        signInAsAdmin();
        browser.control("Campaigns").click();
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            ids.append("slow-").append(i).append('\n');
        }
        browser.js("document.getElementById('campaign-ids').value = arguments[0]", ids.toString());
        browser.control("An event").click();
        browser.control("Event name").sendKeys("promo");
        browser.control("Event data (JSON object, optional)").sendKeys("{\"code\": 1}");
        WebElement rate = browser.control("Messages per second");
        rate.clear();
        rate.sendKeys("1");
        browser.control("Start campaign").click();
        browser.wait.until(d -> progressText().endsWith("running"));
        long id = campaigns().get(0).get("id").asLong();

        browser.control("Cancel campaign " + id).click();

        browser.wait.until(d -> progressText().endsWith("cancelled"));
        JsonNode cancelled = server.adminJson("GET", "/api/v1/campaigns/" + id, null);
        assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("event").asText()).isEqualTo("promo");
        assertThat(cancelled.get("sent").asInt() + cancelled.get("failed").asInt()).isLessThan(50);
        assertThat(browser.shows("Cancel campaign " + id)).as("nothing left to cancel").isFalse();
        browser.wait.until(d -> d.findElement(By.cssSelector("#campaign-rows tr")).getText().contains("CANCELLED"));
        assertThat(browser.driver.findElements(By.cssSelector("#campaign-rows tr"))).as("one page").hasSize(20);
        browser.control("Show older campaigns").click();
        browser.wait.until(d -> d.findElements(By.cssSelector("#campaign-rows tr")).size() == 21);
        assertThat(browser.driver.findElements(By.cssSelector("#campaign-rows tr")).getLast().getText())
                .contains("Old news 0");
        assertThat(browser.shows("Show older campaigns")).as("that was the last page").isFalse();
        assertNoScriptRanAndNothingWasBlocked();
    }

    @Test
    void deadLettersAreRedeliveredOneAndThenAllAfterAConfirmationAndTheReceiverGetsThem() throws Exception {
        server.close();
        server = TestServer.start(Map.of("PARLEY_WEBHOOK_MAX_ATTEMPTS", "1"));
        try (RecordingWebhookReceiver receiver = new RecordingWebhookReceiver()) {
            receiver.answer(new Answer(500, 0), new Answer(500, 0), new Answer(503, 0));
            String token = server.channel(Json.object().put("name", "shop " + XSS).put("scenario", V1)
                    .put("webhookUrl", receiver.url()));
            List<String> questions = new ArrayList<>();
            for (String client : List.of("dl-1", XSS, "dl-3")) {
                Http.Response asked = server.http().post("/chatapi/" + token + "/async",
                        Map.of("clientId", client, "query", "hello"));
                questions.add(asked.json().get("questionId").asText());
            }
            receiver.await(3, 10_000);
            open();
            signInAsAdmin();
            browser.control("Dead letters").click();
            browser.newWait(Duration.ofSeconds(15)).withMessage("three dead letters")
                    .until(d -> d.findElements(By.cssSelector("#deadletter-rows tr")).size() == 3);
            WebElement hostile = browser.driver.findElement(By.xpath(
                    "//tbody[@id='deadletter-rows']/tr[th[contains(., 'onerror')]]"));
            assertThat(hostile.findElement(By.tagName("th")).getDomProperty("innerHTML")).isEqualTo(ESCAPED);
            assertThat(hostile.findElement(By.className("last-error")).getText()).as("clients are sent to in parallel")
                    .isIn("HTTP 500", "HTTP 503");
            browser.assertEveryControlIsNamed();
            browser.screenshot("target/console-deadletters-wide.png");
            narrow("target/console-deadletters-narrow.png", "deadletters-view");
            long firstId = server.adminJson("GET", "/api/v1/channels", null).at("/items/0/id").asLong();
            long dl1 = server.adminJson("GET", "/api/v1/channels/" + firstId + "/dead-letters", null)
                    .findParents("clientId").stream().filter(d -> d.get("clientId").asText().equals("dl-1"))
                    .findFirst().orElseThrow().get("id").asLong();

            browser.control("Redeliver dead letter " + dl1 + " to dl-1").click();

            RecordingWebhookReceiver.Call again = receiver.await(4, 10_000).get(3);
            assertThat(again.json().get(0).get("questionId").asText()).isEqualTo(questions.get(0));
            browser.wait.until(d -> d.findElements(By.cssSelector("#deadletter-rows tr")).size() == 2);

            browser.control("Redeliver all dead letters of the channel").click();
            WebElement confirm = browser.wait.until(visibilityOfElementLocated(By.id("deadletters-confirm")));
            assertThat(confirm.getText()).contains("all 2 dead letters of shop " + XSS);
            assertThat(receiver.calls()).as("nothing happens before the confirmation").hasSize(4);
            browser.control("Redeliver them all").click();

            List<RecordingWebhookReceiver.Call> all = receiver.await(6, 10_000);
            assertThat(all.subList(4, 6)).extracting(c -> c.json().get(0).get("questionId").asText())
                    .containsExactlyInAnyOrder(questions.get(1), questions.get(2));
            browser.wait.until(d -> d.findElement(By.id("deadletters-empty")).isDisplayed());
            assertThat(browser.control("Redeliver all dead letters of the channel").isEnabled()).isFalse();
            assertNoScriptRanAndNothingWasBlocked();
        }
    }

    @Test
    void theAgentsViewShowsASignedInAgentWithItsOpenConversationAndAnAgentDoesNotSeeIt() {
        String token = server.channel(Json.object().put("name", "support").put("scenario", SUPPORT));
        Http.Response created = server.http().admin("POST", "/api/v1/accounts", Map.of("login", "anna",
                "password", PASSWORD, "name", "Anna " + XSS, "role", "agent"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String anna = server.http().post("/api/v1/agent/login", Map.of("login", "anna", "password", PASSWORD))
                .json().get("token").asText();
        for (String client : List.of(XSS, "waiting")) {
            server.http().post("/chatapi/" + token, Map.of("clientId", client, "query", "operator"));
        }
        Map<String, String> asAnna = Map.of("Authorization", "Bearer " + anna);
        long queued = server.http().send("GET", "/api/v1/agent/conversations?status=QUEUED", null, asAnna).json()
                .findParents("clientId").stream().filter(c -> c.get("clientId").asText().equals(XSS))
                .findFirst().orElseThrow().get("id").asLong();
        server.http().send("POST", "/api/v1/agent/conversations/" + queued + "/accept", null, asAnna);
        open();
        signInAsAdmin();

        browser.control("Agents").click();

        WebElement card = browser.wait.until(visibilityOfElementLocated(By.cssSelector(".agent-card[data-account-id='"
                + created.json().get("id").asLong() + "']")));
        assertThat(card.findElement(By.tagName("h3")).getDomProperty("innerHTML")).isEqualTo("Anna " + ESCAPED);
        assertThat(card.getText()).contains("1 open conversation", "support");
        assertThat(card.findElement(By.className("client")).getDomProperty("innerHTML")).isEqualTo(ESCAPED);
        assertThat(browser.driver.findElement(By.id("agents-queued")).getText()).isEqualTo("1 client waits in the queue.");
        assertThat(browser.driver.findElements(By.className("agent-card"))).as("Ada, the admin, is online too")
                .hasSize(2);
        browser.screenshot("target/console-agents-wide.png");
        narrow("target/console-agents-narrow.png", "agents-view");

        server.http().send("POST", "/api/v1/agent/logout", null, asAnna);
        browser.wait.until(d -> d.findElements(By.className("agent-card")).size() == 1);
        browser.control("Sign out").click();
        browser.control("Login").clear();
        signIn("anna");
        browser.wait.until(d -> d.findElement(By.id("app-view")).isDisplayed());
        for (String adminView : List.of("Campaigns", "Dead letters", "Agents")) {
            assertThat(browser.shows(adminView)).as(adminView).isFalse();
        }
        assertNoScriptRanAndNothingWasBlocked();
    }
}
