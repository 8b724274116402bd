package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replies must serialize, with a plain ObjectMapper, to exactly the Chat API's reply JSON (docs/chat-api.md). */
class ReplyJsonTest {

    private final ObjectMapper json = new ObjectMapper();

    private String write(Object value) throws Exception {
        return json.writeValueAsString(value);
    }

    @Test
    void textReply() throws Exception {
        assertThat(write(new Reply.Text("Hi!", "/Hello")))
                .isEqualTo("{\"type\":\"text\",\"text\":\"Hi!\",\"state\":\"/Hello\"}");
        assertThat(write(new Reply.Text("*Hi*", "markdown", "Hi", "/Hello")))
                .isEqualTo("{\"type\":\"text\",\"text\":\"*Hi*\",\"markup\":\"markdown\",\"tts\":\"Hi\",\"state\":\"/Hello\"}");
    }

    @Test
    void buttonsReplyNamesGotoTransition() throws Exception {
        Reply reply = new Reply.Buttons(List.of(new Reply.Button("Order status", null, null),
                new Reply.Button("Agent", "/Agent", null), new Reply.Button("Docs", null, "https://d.example")), "/Start");

        assertThat(write(reply)).isEqualTo("{\"type\":\"buttons\",\"buttons\":[{\"text\":\"Order status\"},"
                + "{\"text\":\"Agent\",\"transition\":\"/Agent\"},{\"text\":\"Docs\",\"url\":\"https://d.example\"}],"
                + "\"state\":\"/Start\"}");
    }

    @Test
    void mediaReplies() throws Exception {
        assertThat(write(new Reply.Image("https://i.example/a.png", null, "/S")))
                .isEqualTo("{\"type\":\"image\",\"imageUrl\":\"https://i.example/a.png\",\"state\":\"/S\"}");
        assertThat(write(new Reply.Image("https://i.example/a.png", "A cat", "/S")))
                .isEqualTo("{\"type\":\"image\",\"imageUrl\":\"https://i.example/a.png\",\"text\":\"A cat\",\"state\":\"/S\"}");
        assertThat(write(new Reply.Audio("https://a.example/x.mp3", "Song", "/S")))
                .isEqualTo("{\"type\":\"audio\",\"audioUrl\":\"https://a.example/x.mp3\",\"audioName\":\"Song\",\"state\":\"/S\"}");
        assertThat(write(new Reply.File("https://f.example/x.pdf", "x.pdf", "application/pdf", "/S")))
                .isEqualTo("{\"type\":\"file\",\"fileUrl\":\"https://f.example/x.pdf\",\"fileName\":\"x.pdf\","
                        + "\"mimeType\":\"application/pdf\",\"state\":\"/S\"}");
    }

    @Test
    void timeoutAndSwitchReplies() throws Exception {
        assertThat(write(new Reply.Timeout(60, "/StillThere", "/Order/Status")))
                .isEqualTo("{\"type\":\"timeout\",\"interval\":60,\"targetState\":\"/StillThere\",\"state\":\"/Order/Status\"}");
        assertThat(write(new Reply.Switch("Connecting you…", List.of("/close"), false, "/Agent")))
                .isEqualTo("{\"type\":\"switch\",\"firstMessage\":\"Connecting you…\",\"closeChatPhrases\":[\"/close\"],"
                        + "\"appendCloseChatButton\":false,\"state\":\"/Agent\"}");
    }

    @Test
    void turnRepliesFromTheEngineSerializeInOrder() throws Exception {
        BotHarness bot = BotHarness.of("""
                states:
                  /Start:
                    - text: "Hi! What would you like to do?"
                    - buttons: ["Order status", {text: "Talk to a person", goto: /Agent}]
                  /Agent:
                    - text: "agent"
                """);

        BotTurn turn = bot.say("/start");

        assertThat(json.writerFor(new TypeReference<List<Reply>>() { }).writeValueAsString(turn.replies()))
                .isEqualTo("[{\"type\":\"text\",\"text\":\"Hi! What would you like to do?\",\"state\":\"/Start\"},"
                        + "{\"type\":\"buttons\",\"buttons\":[{\"text\":\"Order status\"},"
                        + "{\"text\":\"Talk to a person\",\"transition\":\"/Agent\"}],\"state\":\"/Start\"}]");
        assertThat(write(turn.replies())).contains("\"type\":\"text\"").doesNotContain("goto");
        assertThat(turn.answer()).isEqualTo("Hi! What would you like to do?");
    }

    @Test
    void repliesReadBackFromTheirJson() throws Exception {
        List<Reply> replies = List.of(new Reply.Text("Hi", "/A"),
                new Reply.Buttons(List.of(new Reply.Button("Go", "/B", null)), "/A"),
                new Reply.Timeout(5, "/C", "/A"), new Reply.Switch("m", List.of(), false, "/A"));
        TypeReference<List<Reply>> type = new TypeReference<>() { };

        assertThat(json.readValue(json.writerFor(type).writeValueAsString(replies), type)).isEqualTo(replies);
    }

    @Test
    void answerJoinsTextRepliesWithABlankLine() {
        BotTurn turn = new BotTurn("/A", 1, List.of(new Reply.Text("one", "/A"), new Reply.Image("u", null, "/A"),
                new Reply.Text("two", "/A")), BotSession.empty(), false, List.of(), List.of());

        assertThat(turn.answer()).isEqualTo("one\n\ntwo");
    }

    @Test
    void sessionRoundTripsThroughAPlainObjectMapper() throws Exception {
        BotHarness bot = BotHarness.of("""
                states:
                  /Order:
                    - intent: {patterns: ["order"]}
                    - set: {user: {name: Ada, tags: [1, 2]}}
                    - buttons: [{text: "Cancel", goto: /Cancel}]
                    - input: {var: order, pattern: "\\\\d+", goto: /Cancel}
                  /Cancel:
                    - text: "cancelled"
                """);
        BotSession session = bot.say("order").session();

        String stored = write(session);
        BotSession restored = json.readValue(stored, BotSession.class);

        assertThat(restored).isEqualTo(session);
        assertThat(json.readValue(write(BotSession.empty()), BotSession.class)).isEqualTo(BotSession.empty());
        assertThat(bot.engine.run(bot.scenario, restored, BotRequest.query("123")).answer()).isEqualTo("cancelled");
    }
}
