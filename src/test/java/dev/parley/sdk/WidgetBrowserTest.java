package dev.parley.sdk;

import static dev.parley.sdk.WidgetHarness.occurrences;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.TestServer;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

/**
 * The chat widget embedded, as a site would, by one script tag in a page of another origin (whose own styles try to
 * restyle every button, under a strict policy of its own), in headless Chromium against the real server: chatting
 * with the bot, buttons (one with a transition), history after a reload, an agent's live reply counted on the
 * launcher's badge, hostile text, and a server restart in the middle. Screenshots go to {@code target/widget-*.png}.
 */
class WidgetBrowserTest {

    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static final String SCENARIO = """
            name: widget
            states:
              /Hello:
                - intent: {patterns: ["hello*"]}
                - text: "Hello, **friend**! See [the docs](https://example.com/docs)"
                - buttons: [{text: "Order status", goto: /Order}, "Talk to a person"]
              /Order:
                - intent: {patterns: ["my order*"]}
                - text: "Your order number?"
              /Agent:
                - intent: {patterns: ["talk to a person"]}
                - agent: {message: "Connecting you to a person", closePhrases: ["/close"], noAgents: /NoAgents}
              /NoAgents:
                - text: "Nobody is online."
              /CatchAll:
                - text: "You said {{query}}"
            """;

    private WidgetHarness h;

    @BeforeEach
    void start() throws IOException {
        h = new WidgetHarness(SCENARIO, Map.of());
    }

    @AfterEach
    void stop() throws IOException {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aVisitorChatsWithTheBotAndAnAgentThroughTheEmbeddedWidget() {
        h.driver.manage().window().setSize(new Dimension(1280, 800));
        h.driver.get(h.shop());

        WebElement launcher = h.widget().findElement(By.cssSelector("button.launcher"));
        assertThat(launcher.getAccessibleName()).isEqualTo("Open chat");
        launcher.click();
        WebElement input = h.widget().findElement(By.cssSelector("input[type=text]"));
        assertThat(input.getAccessibleName()).isEqualTo("Message");
        assertThat(h.widget().findElement(By.cssSelector("button.send")).getAccessibleName()).isEqualTo("Send");

        h.say("hello");
        h.waitForLog("Hello, friend! See the docs");
        WebElement docs = h.widget().findElement(By.cssSelector("[role=log] a"));
        assertThat(docs.getAttribute("href")).isEqualTo("https://example.com/docs");
        assertThat(docs.getAttribute("rel")).isEqualTo("noopener noreferrer");
        assertThat(h.widget().findElement(By.cssSelector("[role=log] b")).getText()).isEqualTo("friend");
        // the channel blocks the form while its buttons are shown
        assertThat(h.widget().findElement(By.cssSelector("input[type=text]")).isEnabled()).isFalse();
        h.screenshot("target/widget-open-1280.png");

        // no intent takes "Order status": only the button's transition leads to /Order
        h.choice("Order status").click();
        h.waitForLog("Your order number?");
        assertThat(h.widget().findElement(By.cssSelector("input[type=text]")).isEnabled()).isTrue();

        h.say(HOSTILE);
        h.waitForLog("You said " + HOSTILE);
        assertThat(h.widget().findElements(By.cssSelector("[role=log] img"))).isEmpty();
        assertNoAlert();

        h.driver.navigate().refresh();
        h.widget().findElement(By.cssSelector("button.launcher")).click();
        h.waitForLog("Your order number?");
        assertThat(h.log()).contains("hello", "Order status", "You said " + HOSTILE);

        long conversation = agentRepliesWhileThePanelIsClosed();

        h.driver.manage().window().setSize(new Dimension(400, 800));
        h.screenshot("target/widget-open-400.png");

        restartTheServerAndPush(conversation);
        assertThat(h.policyViolations()).isEmpty();
    }

    /** An agent takes the conversation over; the reply counted on the badge, shown with the name on opening. */
    private long agentRepliesWhileThePanelIsClosed() {
        String agent = h.agent();
        long conversation = h.handedToAnna(agent);
        h.widget().findElement(By.cssSelector("button.close")).click();
        String reply = h.as(agent, "POST", "/api/v1/agent/conversations/" + conversation + "/messages",
                Map.of("text", "Hi, this is Anna.")).json().get("questionId").asText();
        h.wait.until(d -> "1".equals(h.badge().getText()) && h.badge().isDisplayed());
        h.wait.until(d -> "DELIVERED".equals(h.status(reply)));
        h.screenshot("target/widget-badge.png");

        h.widget().findElement(By.cssSelector("button.launcher")).click();
        h.waitForLog("Hi, this is Anna.");
        assertThat(h.log()).contains("Anna\nAnna joined the conversation\nHi, this is Anna.");
        assertThat(h.badge().isDisplayed()).isFalse();
        h.wait.until(d -> h.unread() == 0 && "READ".equals(h.status(reply)));
        return conversation;
    }

    /** The server goes away and comes back on the same port and data: a message pushed then arrives once. */
    private void restartTheServerAndPush(long conversation) {
        int port = h.server.port();
        h.server.stopKeepingData();
        h.server = TestServer.start(TestServer.config(h.dataDir, Map.of("PARLEY_PORT", String.valueOf(port))),
                java.time.Clock.systemUTC());
        String again = h.agent();
        h.as(again, "POST", "/api/v1/agent/conversations/" + conversation + "/messages",
                Map.of("text", "Still there after the restart?"));
        h.waitForLog("Still there after the restart?");
        h.say("yes");
        h.wait.until(d -> occurrences(h.log(), "Still there after the restart?") == 1 && h.log().endsWith("yes"));
        assertThat(occurrences(h.log(), "Hi, this is Anna.")).isEqualTo(1);
    }

    @Test
    void aNewcomerOpeningTheFirstPageIsGreetedByTheDemoBotAndChatsWithIt() {
        h.server.close();
        h.server = TestServer.start(Map.of("PARLEY_DEMO", "true"));
        h.driver.manage().window().setSize(new Dimension(1280, 800));
        h.driver.get("http://127.0.0.1:" + h.server.port() + "/");

        h.waitForLog("Hi! I am the Parley demo bot.");
        h.choice("What can you do?").click();
        h.waitForLog("I can check the status of an order");
        h.say("hello");
        h.waitForLog("Hello, friend!");
        assertThat(h.driver.findElement(By.cssSelector("a[href='/console/']")).isDisplayed()).isTrue();
        assertThat(h.driver.findElement(By.cssSelector("a[href='/docs']")).isDisplayed()).isTrue();
        h.screenshot("target/widget-first-page.png");
        assertThat(h.policyViolations()).isEmpty();
    }

    @Test
    void anotherTabOfTheSameVisitorShowsWhatIsSaidInTheFirst() {
        h.driver.get(h.shop());
        h.widget().findElement(By.cssSelector("button.launcher")).click();
        String first = h.driver.getWindowHandle();
        h.driver.switchTo().newWindow(WindowType.TAB);
        h.driver.get(h.shop());
        h.widget().findElement(By.cssSelector("button.launcher")).click();
        String second = h.driver.getWindowHandle();
        h.waitForConnected();

        h.driver.switchTo().window(first);
        h.waitForConnected();
        h.say("my order");
        h.waitForLog("Your order number?");

        h.driver.switchTo().window(second);
        h.waitForLog("my order\nYour order number?");
        assertThat(occurrences(h.log(), "Your order number?")).isEqualTo(1);
    }

    private void assertNoAlert() {
        try {
            throw new AssertionError("something ran as script: alert " + h.driver.switchTo().alert().getText());
        } catch (NoAlertPresentException expected) {
            // shown as text, nothing ran
        }
    }
}
