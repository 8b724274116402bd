package dev.parley.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The Dialogs view's export and erasure in headless Chromium against the real server, as an admin handling a data
 * subject's request would use them: find the client by a word it said, download its transcript as JSON and as CSV,
 * then erase it; afterwards the server holds nothing of it and the other client is untouched.
 */
class DialogExportEraseBrowserTest extends ConsoleFlows {

    static final String SHOP = """
            name: shop
            states:
              /Refund:
                - intent: {patterns: ["*refund*"]}
                - text: "Refunds take five days"
              /Order:
                - intent: {patterns: ["*order*"]}
                - text: "Your orders ship tomorrow"
              /CatchAll:
                - text: "Sorry?"
            """;

    private String token;
    private long channel;

    private List<String> shownClients(String list) {
        return browser.driver.findElements(By.cssSelector("#" + list + " .dialogs-open")).stream()
                .map(b -> b.getDomAttribute("data-client-id")).toList();
    }

    private boolean shown(String id) {
        return browser.driver.findElement(By.id(id)).isDisplayed();
    }

    @Test
    void aClientFoundByAWordIsExportedAsJsonAndCsvThenErasedLeavingTheOtherClientIntact() throws IOException {
        talk();
        open();
        signInAsAdmin();
        browser.control("Dialogs").click();
        browser.wait.until(d -> shownClients("dialogs-clients").equals(List.of("bob", "ann")));
        openAnnFromASearchForRefund();

        browser.control("Export transcript (JSON)").click();
        JsonNode json = Json.mapper().readTree(downloaded(".json"));
        assertThat(json.get("channelId").asLong()).isEqualTo(channel);
        assertThat(json.get("clientId").asText()).isEqualTo("ann");
        assertThat(fields(json.get("messages"), "text")).containsExactly("Do you do refunds?",
                "Refunds take five days");
        assertThat(fields(json.get("messages"), "author")).containsExactly("CLIENT", "BOT");
        browser.control("Export transcript (CSV)").click();
        List<String> csv = downloaded(".csv").lines().toList();
        assertThat(csv).hasSize(3);
        assertThat(csv.get(0)).endsWith("\"clientId\",\"timestamp\",\"author\",\"questionId\",\"status\",\"text\","
                + "\"data\"");
        assertThat(csv.get(1)).startsWith("\"ann\",").contains("\"CLIENT\"", "\"Do you do refunds?\"");
        assertThat(csv.get(2)).startsWith("\"ann\",").contains("\"BOT\"", "\"Refunds take five days\"");
        assertThat(browser.driver.findElement(By.id("dialog-error")).isDisplayed()).as("no export error").isFalse();

        keepingTheClientErasesNothing();

        browser.control("Erase client").click();
        WebElement dialog = browser.wait.until(visibilityOfElementLocated(By.id("erase-dialog")));
        assertThat(dialog.getText()).contains("Erase this client?", "Everything stored about ann");
        browser.screenshot("target/console-erase-confirm-wide.png");
        narrowScreenshot("target/console-erase-confirm-narrow.png");
        browser.control("Erase for good").click();

        browser.wait.until(d -> !dialog.isDisplayed() && !shown("dialog-pane") && shown("dialogs-clients-pane"));
        browser.wait.until(d -> shownClients("dialogs-clients").equals(List.of("bob")));
        assertThat(shown("dialogs-hits-pane")).as("the search's hits of the erased client are not shown").isFalse();
        browser.screenshot("target/console-erase-list-wide.png");
        narrowScreenshot("target/console-erase-list-narrow.png");
        assertTheServerHoldsNothingOfAnnButBobIsIntact();
        assertNoScriptRanAndNothingWasBlocked();
    }

    @Test
    void aClientWhoseIdHasASlashAndMarkupIsExportedUnderASafeNameAndErased() throws IOException {
        String odd = "in/dialog ü " + XSS;
        token = shop(SHOP);
        channel = server.adminJson("GET", "/api/v1/channels", null).get("items").get(0).get("id").asLong();
        assertThat(chat(token, odd, "Do you do refunds?").status()).isEqualTo(200);
        assertThat(chat(token, "bob", "I want to order a lamp").status()).isEqualTo(200);
        open();
        signInAsAdmin();
        browser.control("Dialogs").click();
        browser.control("Client id starts with").sendKeys("in/");
        browser.wait.until(d -> shownClients("dialogs-clients").equals(List.of(odd)));
        browser.driver.findElement(By.cssSelector("#dialogs-clients .dialogs-open")).click();
        browser.wait.until(d -> browser.driver.findElements(By.cssSelector("#dialog-history .message")).size() == 2);

        browser.control("Export transcript (JSON)").click();
        JsonNode json = Json.mapper().readTree(downloaded(".json", "channel-" + channel + "-client-in_dialog___"
                + "_img_src_x_onerror_alert_1__.json"));
        assertThat(json.get("clientId").asText()).isEqualTo(odd);
        assertThat(fields(json.get("messages"), "text")).containsExactly("Do you do refunds?",
                "Refunds take five days");

        browser.control("Erase client").click();
        browser.control("Erase for good").click();
        browser.wait.until(d -> !shown("dialog-pane") && shownClients("dialogs-clients").isEmpty());
        assertThat(browser.driver.findElement(By.id("dialogs-clients-empty")).getText())
                .isEqualTo("No client id starts with that.");
        assertThat(search("refund")).isEmpty();
        assertThat(history("bob").get("totalCount").asInt()).isEqualTo(2);
        assertNoScriptRanAndNothingWasBlocked();
    }

    @Test
    void aClientErasedMeanwhileElsewhereLeavesTheViewAsIfErasedHere() {
        talk();
        open();
        signInAsAdmin();
        browser.control("Dialogs").click();
        browser.wait.until(d -> shownClients("dialogs-clients").equals(List.of("bob", "ann")));
        browser.driver.findElements(By.cssSelector("#dialogs-clients .dialogs-open")).get(1).click();
        browser.wait.until(d -> browser.driver.findElements(By.cssSelector("#dialog-history .message")).size() == 2);
        browser.control("Erase client").click();
        WebElement dialog = browser.wait.until(visibilityOfElementLocated(By.id("erase-dialog")));

        assertThat(server.http().admin("DELETE", "/api/v1/channels/" + channel + "/clients/ann", null).status())
                .as("another admin erases ann first").isEqualTo(200);
        browser.control("Erase for good").click();

        browser.wait.until(d -> !dialog.isDisplayed() && !shown("dialog-pane"));
        browser.wait.until(d -> shownClients("dialogs-clients").equals(List.of("bob")));
        assertThat(browser.driver.findElement(By.id("status")).getText()).isEqualTo("Client ann was already erased.");
        assertThat(history("bob").get("totalCount").asInt()).isEqualTo(2);
    }

    /** Ann asks about refunds, Bob about an order, through the Chat API. */
    private void talk() {
        token = shop(SHOP);
        channel = server.adminJson("GET", "/api/v1/channels", null).get("items").get(0).get("id").asLong();
        assertThat(chat(token, "ann", "Do you do refunds?").status()).isEqualTo(200);
        assertThat(chat(token, "bob", "I want to order a lamp").status()).isEqualTo(200);
    }

    /** "refund" finds what Ann said as "refunds" and the bot's "Refunds"; a hit opens her dialog. */
    private void openAnnFromASearchForRefund() {
        browser.control("Search messages").sendKeys("refund");
        browser.control("Search").click();
        browser.wait.until(d -> shownClients("dialogs-hits").equals(List.of("ann", "ann")));
        browser.driver.findElement(By.cssSelector("#dialogs-hits .dialogs-open")).click();
        WebElement history = browser.wait.until(visibilityOfElementLocated(By.id("dialog-history")));
        browser.wait.until(d -> history.findElements(By.className("message")).size() == 2);
        assertThat(browser.driver.findElement(By.id("dialog-client")).getText()).isEqualTo("ann");
    }

    /** Both ways out of the confirmation, its button and Escape, leave Ann as she was with her dialog open. */
    private void keepingTheClientErasesNothing() {
        browser.control("Erase client").click();
        WebElement dialog = browser.wait.until(visibilityOfElementLocated(By.id("erase-dialog")));
        assertThat(browser.driver.switchTo().activeElement().getText()).as("the safe choice has the focus")
                .isEqualTo("Keep the client");
        browser.control("Keep the client").click();
        browser.wait.until(d -> !dialog.isDisplayed());
        browser.control("Erase client").click();
        browser.wait.until(d -> dialog.isDisplayed());
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.wait.until(d -> !dialog.isDisplayed());

        assertThat(shown("dialog-pane")).isTrue();
        assertThat(browser.driver.findElement(By.id("dialog-client")).getText()).isEqualTo("ann");
        assertThat(history("ann").get("totalCount").asInt()).isEqualTo(2);
        assertThat(search("refund")).hasSize(2);
    }

    private void assertTheServerHoldsNothingOfAnnButBobIsIntact() {
        JsonNode annHistory = history("ann");
        assertThat(annHistory.get("totalCount").asInt()).isZero();
        assertThat(annHistory.get("messages")).isEmpty();
        JsonNode events = server.http().get("/chatapi/" + token + "/events?clientId=ann&all=true&ts=0&timeout=0")
                .json();
        assertThat(events.get("events")).isEmpty();
        assertThat(search("refund")).isEmpty();
        assertThat(server.http().admin("GET", "/api/v1/channels/" + channel + "/clients/ann", null).status())
                .isEqualTo(404);

        assertThat(history("bob").get("totalCount").asInt()).isEqualTo(2);
        assertThat(search("order")).containsExactly("Your orders ship tomorrow", "I want to order a lamp");
        assertThat(server.http().get("/chatapi/" + token + "/events?clientId=bob&all=true&ts=0&timeout=0").json()
                .get("events")).hasSize(2);
    }

    private static List<String> fields(JsonNode items, String name) {
        List<String> values = new ArrayList<>();
        items.forEach(item -> values.add(item.get(name).asText()));
        return values;
    }

    private JsonNode history(String clientId) {
        return server.http().get("/chatapi/" + token + "/client/" + clientId + "/history").json();
    }

    /** The texts the channel's search finds for these words, newest first. */
    private List<String> search(String text) {
        return fields(server.adminJson("GET", "/api/v1/channels/" + channel + "/search?text=" + text, null)
                .get("items"), "text");
    }

    /** The content of the one finished download whose name ends so, once Chromium has written it. */
    private String downloaded(String suffix) {
        return downloaded(suffix, "channel-" + channel + "-client-ann" + suffix);
    }

    private String downloaded(String suffix, String name) {
        Path file = browser.newWait(Duration.ofSeconds(10)).withMessage("a downloaded *" + suffix)
                .until(d -> finished(suffix));
        assertThat(file.getFileName().toString()).isEqualTo(name);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path finished(String suffix) {
        try (Stream<Path> files = Files.list(browser.downloads)) {
            List<Path> all = files.toList();
            boolean writing = all.stream().anyMatch(p -> p.toString().endsWith(".crdownload"));
            List<Path> matching = all.stream().filter(p -> p.toString().endsWith(suffix)).toList();
            return writing || matching.size() != 1 ? null : matching.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
