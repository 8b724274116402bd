package dev.parley.sdk;

import static dev.parley.sdk.WidgetHarness.CLIENT;
import static dev.parley.sdk.WidgetHarness.occurrences;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.chromium.HasNetworkConditions;

/**
 * The embedded widget's attachments (upload, the scenario's answer to {@code fileEvent}, refusals said as text), an
 * agent's typing, and a network loss in the browser (not a server restart): what the agent says meanwhile and what
 * the visitor types offline each show exactly once, in order, once the network is back.
 */
class WidgetFilesAndNetworkBrowserTest {

    private static final String SCENARIO = """
            name: files
            states:
              /File:
                - event: fileEvent
                - text: "Thanks, I got {{files[0].name}}."
              /Agent:
                - intent: {patterns: ["talk to a person"]}
                - agent: {message: "Connecting you to a person", closePhrases: ["/close"], noAgents: /NoAgents}
              /NoAgents:
                - text: "Nobody is online."
              /CatchAll:
                - text: "You said {{query}}"
            """;

    private WidgetHarness h;
    private Path files;

    @BeforeEach
    void start() throws IOException {
        h = new WidgetHarness(SCENARIO, Map.of("PARLEY_UPLOAD_MAX", "64KB"));
        files = Files.createTempDirectory("parley-uploads");
    }

    @AfterEach
    void stop() throws IOException {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aVisitorSendsAnImageAndAPdfAndIsToldWhyOthersAreRefused() throws IOException {
        h.driver.manage().window().setSize(new Dimension(1280, 800));
        h.driver.get(h.shop());
        h.widget().findElement(By.cssSelector("button.launcher")).click();
        WebElement attach = h.widget().findElement(By.cssSelector("button.attach"));
        assertThat(attach.getAccessibleName()).isEqualTo("Attach file");
        assertThat(attach.getTagName()).isEqualTo("button");
        assertThat(attach.getAttribute("tabindex")).isNull();

        choose(png("cat.png", 120, 80));
        h.waitForLog("Thanks, I got cat.png.");
        WebElement thumbnail = h.widget().findElement(By.cssSelector(".msg.me img"));
        assertThat(thumbnail.getAttribute("alt")).isEqualTo("cat.png");
        assertThat(thumbnail.getAttribute("src")).matches("http://127\\.0\\.0\\.1:\\d+/files/[A-Za-z0-9_-]{22}/cat\\.png");
        h.wait.until(d -> ((Long) ((JavascriptExecutor) d).executeScript("return arguments[0].naturalWidth",
                thumbnail)) == 120);

        choose(file("invoice.pdf", "%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n".getBytes(StandardCharsets.ISO_8859_1)));
        h.waitForLog("Thanks, I got invoice.pdf.");
        WebElement pdf = h.widget().findElement(By.cssSelector(".msg.me a.clip"));
        assertThat(pdf.getText()).isEqualTo("invoice.pdf");
        assertThat(pdf.getAttribute("href")).matches("http://127\\.0\\.0\\.1:\\d+/files/[A-Za-z0-9_-]{22}/invoice\\.pdf");

        byte[] big = Arrays.copyOf(Files.readAllBytes(png("big.png", 10, 10)), 100 * 1024);
        choose(file("big.png", big));
        h.waitForLog("\u201cbig.png\u201d was not sent: it is too large.");
        choose(file("drawing.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8)));
        h.waitForLog("\u201cdrawing.svg\u201d was not sent: files of this type are not accepted.");
        h.screenshot("target/widget-attachments-1280.png");

        h.driver.navigate().refresh();
        h.widget().findElement(By.cssSelector("button.launcher")).click();
        h.waitForLog("Thanks, I got invoice.pdf.");
        assertThat(h.widget().findElements(By.cssSelector(".msg.me img"))).hasSize(1);
        assertThat(occurrences(h.log(), "invoice.pdf")).isEqualTo(2);
        h.driver.manage().window().setSize(new Dimension(400, 800));
        h.screenshot("target/widget-attachments-400.png");
        assertThat(h.policyViolations()).isEmpty();
    }

    @Test
    void anAgentsTypingShowsAndANetworkLossLosesAndRepeatsNothing() {
        h.driver.manage().window().setSize(new Dimension(400, 800));
        h.driver.get(h.shop());
        h.widget().findElement(By.cssSelector("button.launcher")).click();
        String agent = h.agent();
        long conversation = h.handedToAnna(agent);
        String path = "/api/v1/agent/conversations/" + conversation;

        h.as(agent, "POST", path + "/typing", null);
        WebElement typing = h.widget().findElement(By.cssSelector(".typing"));
        h.wait.until(d -> typing.getText().equals("Anna is typing\u2026"));
        assertThat(typing.getAttribute("aria-live")).isEqualTo("polite");
        h.screenshot("target/widget-typing-400.png");
        h.as(agent, "POST", path + "/messages", Map.of("text", "How can I help?"));
        h.waitForLog("How can I help?");
        h.wait.until(d -> typing.getText().isEmpty());

        network().setNetworkConditions(offline());
        h.wait.until(d -> h.widget().findElement(By.cssSelector(".status")).isDisplayed());
        h.as(agent, "POST", path + "/messages", Map.of("text", "Are you still there?"));
        h.say("back in a minute");
        h.wait.until(d -> !h.widget().findElements(By.cssSelector(".msg.me.pending")).isEmpty());
        assertThat(h.log()).doesNotContain("Are you still there?");
        h.screenshot("target/widget-offline-400.png");

        network().deleteNetworkConditions();
        h.waitForLog("Are you still there?");
        h.wait.until(d -> h.widget().findElements(By.cssSelector(".msg.me.pending")).isEmpty());
        assertThat(occurrences(h.log(), "Are you still there?")).isEqualTo(1);
        assertThat(occurrences(h.log(), "back in a minute")).isEqualTo(1);
        assertThat(h.log()).doesNotContain("Not sent");
        assertThat(clientTexts()).containsSubsequence("talk to a person", "back in a minute")
                .filteredOn("back in a minute"::equals).hasSize(1);

        h.driver.navigate().refresh();
        h.widget().findElement(By.cssSelector("button.launcher")).click();
        h.waitForLog("back in a minute");
        String log = h.log();
        assertThat(log.indexOf("How can I help?")).isLessThan(log.indexOf("Are you still there?"));
        assertThat(log.indexOf("Are you still there?")).isLessThan(log.indexOf("back in a minute"));
        assertThat(occurrences(log, "Are you still there?")).isEqualTo(1);
        assertThat(h.policyViolations()).isEmpty();
    }

    private HasNetworkConditions network() {
        return (HasNetworkConditions) h.driver;
    }

    private static ChromiumNetworkConditions offline() {
        ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
        conditions.setOffline(true);
        return conditions;
    }

    /** What the visitor said, as the server stored it, oldest first. */
    private java.util.List<String> clientTexts() {
        JsonNode page = h.server.http().get("/chatapi/" + h.token + "/client/" + CLIENT + "/history?order=asc").json();
        java.util.List<String> texts = new java.util.ArrayList<>();
        page.get("messages").forEach(m -> {
            if (m.path("author").asText().equals("CLIENT") && m.has("textMessage")) {
                texts.add(m.get("textMessage").asText());
            }
        });
        return texts;
    }

    private void choose(Path file) {
        h.widget().findElement(By.cssSelector("input[type=file]")).sendKeys(file.toString());
    }

    private Path png(String name, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0xF4A261));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(0x264653));
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        Path path = files.resolve(name);
        ImageIO.write(image, "png", path.toFile());
        return path;
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(files.resolve(name), content);
    }
}
