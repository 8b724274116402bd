package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ContentBlocksTest {

    @Test
    void everyContentBlockBecomesItsReply() {
        BotHarness bot = BotHarness.of("""
                states:
                  /Show:
                    - intent: {patterns: ["show"]}
                    - set: {pic: cat}
                    - text: {text: "*Look*", markup: markdown, tts: "Look at {{pic}}"}
                    - image: {url: "https://img.example/{{pic}}.png", text: "A {{pic}}"}
                    - image: "https://img.example/plain.png"
                    - audio: {url: "https://snd.example/purr.mp3", name: "Purr"}
                    - file: {url: "https://files.example/cat.pdf", name: "cat.pdf", mimeType: application/pdf}
                    - buttons: [{text: "Docs", url: "https://docs.example/{{pic}}"}]
                    - timeout: {after: 90, goto: /Show}
                """);

        BotTurn turn = bot.say("show");

        assertThat(turn.replies()).containsExactly(
                new Reply.Text("*Look*", "markdown", "Look at cat", "/Show"),
                new Reply.Image("https://img.example/cat.png", "A cat", "/Show"),
                new Reply.Image("https://img.example/plain.png", null, "/Show"),
                new Reply.Audio("https://snd.example/purr.mp3", "Purr", "/Show"),
                new Reply.File("https://files.example/cat.pdf", "cat.pdf", "application/pdf", "/Show"),
                new Reply.Buttons(List.of(new Reply.Button("Docs", null, "https://docs.example/cat")), "/Show"),
                new Reply.Timeout(90, "/Show", "/Show"));
        assertThat(turn.timers()).containsExactly(new TimerRequest(Duration.ofSeconds(90), "/Show"));
        assertThat(turn.session().buttons()).isEmpty();
    }

    @Test
    void oneScenarioServesManyConversationsAtOnce() throws Exception {
        BotHarness shared = new BotHarness(BotHarness.resource("shop.yaml"));
        shared.http.always(200, "{\"status\":\"shipped\"}");
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<String>> answers = new ArrayList<>();
            for (int client = 0; client < 200; client++) {
                String order = String.valueOf(client);
                answers.add(pool.submit(() -> {
                    BotTurn asked = shared.engine.run(shared.scenario, BotSession.empty(), BotRequest.query("order status"));
                    return shared.engine.run(shared.scenario, asked.session(), BotRequest.query(order)).answer();
                }));
            }
            for (int client = 0; client < answers.size(); client++) {
                assertThat(answers.get(client).get()).isEqualTo("Order " + client + " is shipped.");
            }
        }
    }
}
