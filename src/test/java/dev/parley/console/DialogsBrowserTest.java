package dev.parley.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console's Dialogs view in headless Chromium against the real server: clients who talked through the Chat API
 * are listed most recently active first and paged with "Load more"; one is found by a word it said in another form;
 * its dialog shows the bot's reply with its buttons, and a hostile message shows as text.
 */
class DialogsBrowserTest extends ConsoleFlows {

    static final String SHOP = """
            name: shop
            states:
              /Order:
                - intent: {patterns: ["*order*"]}
                - text: "Your orders ship tomorrow"
                - buttons: ["Track it", "Cancel it"]
              /CatchAll:
                - text: "Sorry?"
            """;

    private List<String> shownClients(String list) {
        return browser.driver.findElements(By.cssSelector("#" + list + " .dialogs-open")).stream()
                .map(b -> b.getDomAttribute("data-client-id")).toList();
    }

    @Test
    void aClientFoundByAWordItSaidShowsItsWholeDialogWithHostileTextAsText() {
        String token = shop(SHOP);
        for (int i = 0; i < 52; i++) {
            assertThat(chat(token, "visitor-" + i, "hello").status()).isEqualTo(200);
        }
        assertThat(chat(token, "ann", "I want to order a lamp").status()).isEqualTo(200);
        assertThat(chat(token, "bob " + XSS, XSS).status()).isEqualTo(200);
        open();
        signInAsAdmin();

        browser.control("Dialogs").click();
        browser.wait.until(d -> shownClients("dialogs-clients").size() == 50);
        // latest activity first; turns within one millisecond tie, and a tie goes to the greater client id
        List<String> shown = shownClients("dialogs-clients");
        assertThat(shown).startsWith("bob " + XSS);
        assertThat(shown.subList(1, 3)).containsExactlyInAnyOrder("ann", "visitor-51");
        WebElement bob = browser.driver.findElement(By.cssSelector("#dialogs-clients .dialogs-preview"));
        assertThat(bob.getDomProperty("innerHTML")).isEqualTo("Bot: Sorry?");
        browser.control("Load more").click();
        browser.wait.until(d -> shownClients("dialogs-clients").size() == 54);
        assertThat(shownClients("dialogs-clients")).doesNotHaveDuplicates().endsWith("visitor-0");
        assertThat(browser.shows("Load more")).isFalse();
        browser.control("Client id starts with").sendKeys("visitor-5");
        browser.wait.until(d -> shownClients("dialogs-clients").equals(List.of("visitor-51", "visitor-50",
                "visitor-5")));
        narrowScreenshot("target/console-dialogs-narrow-list.png");

        browser.control("Search messages").sendKeys("ordering");
        browser.control("Search").click();
        browser.wait.until(d -> shownClients("dialogs-hits").size() == 2);
        assertThat(browser.driver.findElement(By.id("dialogs-hits")).getText())
                .contains("I want to order a lamp", "Your orders ship tomorrow");
        browser.driver.findElement(By.cssSelector("#dialogs-hits .dialogs-open")).click();

        WebElement history = browser.wait.until(visibilityOfElementLocated(By.id("dialog-history")));
        assertAnnsDialog(history);
        browser.screenshot("target/console-dialogs-wide.png");
        browser.assertEveryControlIsNamed();
        narrowScreenshot("target/console-dialogs-narrow.png");

        browser.control("Back to the list").click();
        browser.control("Back to clients").click();
        browser.control("Client id starts with").clear();
        browser.control("Client id starts with").sendKeys("bob");
        browser.wait.until(d -> shownClients("dialogs-clients").equals(List.of("bob " + XSS)));
        browser.driver.findElement(By.cssSelector("#dialogs-clients .dialogs-open")).click();
        browser.wait.until(d -> history.findElements(By.className("message")).size() == 2);
        assertThat(browser.driver.findElement(By.id("dialog-client")).getDomProperty("innerHTML"))
                .isEqualTo("bob " + ESCAPED);
        assertThat(history.findElement(By.cssSelector("[data-author='CLIENT'] .text")).getDomProperty("innerHTML"))
                .isEqualTo(ESCAPED);
        browser.screenshot("target/console-dialogs-hostile.png");
        assertNoScriptRanAndNothingWasBlocked();
    }

    /** Ann's dialog: her message, the bot's reply with its buttons and status, her counts, state and actions. */
    private void assertAnnsDialog(WebElement history) {
        browser.wait.until(d -> history.findElements(By.className("message")).size() == 2);
        assertThat(browser.driver.findElement(By.id("dialog-client")).getText()).isEqualTo("ann");
        List<WebElement> messages = history.findElements(By.className("message"));
        assertThat(messages.get(0).getDomAttribute("data-author")).isEqualTo("CLIENT");
        assertThat(messages.get(0).getText()).contains("I want to order a lamp");
        assertThat(messages.get(1).getDomAttribute("data-author")).isEqualTo("BOT");
        assertThat(messages.get(1).getText()).contains("Your orders ship tomorrow", "Track it", "Cancel it", "SENT");
        assertThat(browser.driver.findElement(By.id("dialog-meta")).getText()).startsWith("2 messages · 1 unread");
        assertThat(browser.driver.findElement(By.id("dialog-state")).getText()).isEqualTo("Nothing saved.");
        assertThat(browser.control("Export transcript (JSON)").isDisplayed()).isTrue();
        assertThat(browser.control("Export transcript (CSV)").isDisplayed()).isTrue();
        assertThat(browser.control("Erase client").isDisplayed()).isTrue();
    }
}
