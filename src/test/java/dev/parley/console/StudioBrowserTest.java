package dev.parley.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Drives the console's scenario studio in headless Chromium against the real server: problems at their line, tests,
 * deploy, search, versions, diff and restore; Try it with the bot's state and confidence; the line diff itself.
 * Scenario text and client ids carry hostile strings that must show as text.
 */
class StudioBrowserTest extends ConsoleFlows {

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
        browser.control("Channels").click();
        browser.control("Studio").click();
        assertThat(editorValue()).as("edits not yet deployed survive a trip to another view").isEqualTo(V2);
        browser.control("Deploy").click();
        browser.wait.until(d -> d.findElement(By.id("studio-result")).getText().equals("Deployed as version 2."));
        assertThat(chat(token, "c1", "prices").json().at("/data/answer").asText()).isEqualTo("Everything is 5 euros");

        browser.control("Search in the scenario").click();
        browser.wait.until(visibilityOfElementLocated(By.cssSelector(".CodeMirror-dialog input")))
                .sendKeys("/Prices" + Keys.ENTER);
        browser.wait.until(d -> Long.valueOf(5).equals(
                browser.js("return document.querySelector('.CodeMirror').CodeMirror.getCursor().line")));

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

}
