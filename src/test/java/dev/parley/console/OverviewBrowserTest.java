package dev.parley.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's Overview in headless Chromium against the real server: messages sent through the Chat API show in
 * today's figures, for all channels and for the channel picked, drawn by uPlot under the page's strict CSP.
 */
class OverviewBrowserTest extends ConsoleFlows {

    private String summary() {
        return browser.driver.findElement(By.id("overview-hours-summary")).getText();
    }

    /** The newest row of the hours table (the current hour), read from the DOM: the table is folded away. */
    private List<String> currentHour() {
        WebElement row = browser.driver.findElement(By.cssSelector("#overview-hours-rows tr"));
        return row.findElements(By.tagName("td")).stream().map(td -> td.getDomProperty("textContent")).toList();
    }

    @Test
    void theOverviewChartsTodaysMessagesForAllChannelsAndForThePickedOne() {
        String shop = server.channel(Json.object().put("name", "Shop " + XSS).put("scenario", V1));
        String other = server.channel(Json.object().put("name", "Other").put("scenario", V1));
        chat(shop, "ann", "hello");
        chat(shop, "ann", "prices");
        chat(shop, "bob " + XSS, "hello");
        chat(other, "carl", "hello");
        open();
        signInAsAdmin();

        browser.control("Overview").click();
        browser.wait.until(d -> summary().startsWith("4 client, 4 bot and 0 agent messages"));
        assertThat(currentHour()).containsExactly("4", "4", "0", "3");
        assertThat(browser.driver.findElement(By.id("figure-active")).getText()).isEqualTo("3");
        assertThat(browser.driver.findElement(By.id("figure-latency")).getText()).contains("ms");
        assertThat(browser.driver.findElements(By.cssSelector("#overview-hours-chart canvas"))).as("uPlot drew").hasSize(1);
        assertThat(browser.driver.findElements(By.cssSelector("#overview-hours-rows tr"))).hasSize(24);
        assertThat(browser.driver.findElements(By.cssSelector("#overview-days-rows tr"))).hasSize(30);

        Select channel = new Select(browser.control("Channel"));
        assertThat(channel.getOptions()).extracting(WebElement::getText).contains("All channels", "Shop " + XSS, "Other");
        channel.selectByVisibleText("Shop " + XSS);
        browser.wait.until(d -> summary().startsWith("3 client, 3 bot and 0 agent messages"));
        assertThat(currentHour()).containsExactly("3", "3", "0", "2");
        browser.wait.until(d -> "2".equals(d.findElement(By.id("figure-active")).getText()));
        assertThat(browser.driver.findElement(By.id("overview-days-summary")).getText())
                .startsWith("3 client, 3 bot and 0 agent messages in the last 30 days");

        browser.screenshot("target/console-overview-1280.png");
        browser.assertEveryControlIsNamed();
        narrowScreenshot("target/console-overview-400.png");
        browser.driver.manage().window().setSize(new Dimension(400, 800));
        browser.js("document.getElementById('overview-hours-heading').scrollIntoView()");
        browser.wait.until(d -> (Long) browser.js("return Math.round(document.querySelector('#overview-hours-chart canvas')"
                + ".getBoundingClientRect().width)") <= 400);
        browser.screenshot("target/console-overview-400-chart.png");
        assertNoScriptRanAndNothingWasBlocked();
    }
}
