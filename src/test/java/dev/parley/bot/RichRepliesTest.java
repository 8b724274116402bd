package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reply blocks beyond text, buttons and media: inlineButtons, carousel, location, raw and the generic reply. */
class RichRepliesTest {

    private static final String SCENARIO = """
            states:
              /Show:
                - intent: {patterns: ["show"]}
                - set: {city: Paris, n: 3}
                - inlineButtons: ["More", {text: "Map of {{city}}", goto: /Map}, {text: "Site", url: "https://s.example"}]
                - carousel:
                    text: "Hotels in {{city}}"
                    content:
                      - {title: "Ritz", description: "5 stars", image: "https://i.example/r.png",
                         url: "https://r.example", btnText: "Book"}
                      - {title: "{{city}} Inn"}
                - location: {lat: 48.8566, lon: 2.3522}
                - raw: {body: {widget: "map", city: "{{city}}", count: "{{n}}", tags: ["{{city}}", 1]}}
                - reply: {type: "productCard", sku: "A-{{n}}", price: 9.5, state: /Own}
              /Map:
                - text: "The map"
            """;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyRichBlockBecomesItsReplyWithTemplatesRendered() throws Exception {
        BotHarness bot = BotHarness.of(SCENARIO);

        BotTurn turn = bot.say("show");

        assertThat(turn.replies()).hasSize(5);
        assertThat(turn.replies().get(0)).isEqualTo(new Reply.InlineButtons(List.of(new Reply.Button("More", null, null),
                new Reply.Button("Map of Paris", "/Map", null), new Reply.Button("Site", null, "https://s.example")),
                "/Show"));
        assertThat(turn.replies().get(1)).isEqualTo(new Reply.Carousel("Hotels in Paris", List.of(
                new Reply.Card("Ritz", "5 stars", "https://i.example/r.png", "https://r.example", "Book"),
                new Reply.Card("Paris Inn", null, null, null, null)), "/Show"));
        assertThat(turn.replies().get(2)).isEqualTo(new Reply.Location(48.8566, 2.3522, "/Show"));
        assertThat(json.writeValueAsString(turn.replies().get(3))).isEqualTo("{\"type\":\"raw\",\"body\":{\"widget\":"
                + "\"map\",\"city\":\"Paris\",\"count\":3,\"tags\":[\"Paris\",1]},\"state\":\"/Show\"}");
        assertThat(json.writeValueAsString(turn.replies().get(4)))
                .isEqualTo("{\"type\":\"productCard\",\"sku\":\"A-3\",\"price\":9.5,\"state\":\"/Own\"}");
        assertThat(turn.answer()).isEmpty();
    }

    @Test
    void anInlineButtonWithGotoLeadsToItsStateWhenClicked() {
        BotHarness bot = BotHarness.of(SCENARIO);
        bot.say("show");

        BotTurn clicked = bot.say("Map of Paris");

        assertThat(clicked.nlpClass()).isEqualTo("/Map");
        assertThat(clicked.answer()).isEqualTo("The map");
    }

    @Test
    void newRepliesWriteTheChatApiJsonAndReadBack() throws Exception {
        List<Reply> replies = List.of(new Reply.InlineButtons(List.of(new Reply.Button("Go", "/B", null)), "/A"),
                new Reply.Carousel(null, List.of(new Reply.Card("T", null, "https://i.example/t.png", null, "Open")),
                        "/A"),
                new Reply.Location(-33.5, 151.25, "/A"),
                new Reply.Raw((ObjectNode) json.readTree("{\"a\":[1,{\"b\":null}]}"), "/A"));
        TypeReference<List<Reply>> type = new TypeReference<>() { };
        String written = json.writerFor(type).writeValueAsString(replies);

        assertThat(written).isEqualTo("[{\"type\":\"inlineButtons\",\"buttons\":[{\"text\":\"Go\",\"transition\":"
                + "\"/B\"}],\"state\":\"/A\"},{\"type\":\"carousel\",\"content\":[{\"title\":\"T\",\"image\":"
                + "\"https://i.example/t.png\",\"btnText\":\"Open\"}],\"state\":\"/A\"},{\"type\":\"location\","
                + "\"lat\":-33.5,\"lon\":151.25,\"state\":\"/A\"},{\"type\":\"raw\",\"body\":{\"a\":[1,{\"b\":null}]},"
                + "\"state\":\"/A\"}]");
        assertThat(json.readValue(written, type)).isEqualTo(replies);
    }

    @Test
    void aCustomReplyIsWrittenExactlyAsGivenWithItsStateAddedWhenMissing() throws Exception {
        Reply custom = new Reply.Custom((ObjectNode) json.readTree("{\"type\":\"video\",\"url\":\"u\",\"n\":[1]}"),
                "/external");
        Reply text = new Reply.Custom((ObjectNode) json.readTree("{\"type\":\"text\",\"text\":\"Hi\",\"tts\":\"Hai\","
                + "\"state\":\"/Mine\",\"extra\":{\"x\":1}}"), "/external");

        assertThat(json.writerFor(new TypeReference<List<Reply>>() { }).writeValueAsString(List.of(custom, text)))
                .isEqualTo("[{\"type\":\"video\",\"url\":\"u\",\"n\":[1],\"state\":\"/external\"},{\"type\":\"text\","
                        + "\"text\":\"Hi\",\"tts\":\"Hai\",\"state\":\"/Mine\",\"extra\":{\"x\":1}}]");
        assertThat(new BotTurn("/A", 1, List.of(custom, text, new Reply.Text("there", "/A")), BotSession.empty(),
                false, List.of(), List.of()).answer()).isEqualTo("Hi\n\nthere");
    }

    @Test
    void badRichBlocksAreReportedWithTheirLines() {
        List<ScenarioProblem> problems = catchThrowableOfType(InvalidScenarioException.class, () -> BotHarness.of("""
                states:
                  /A:
                    - intent: {patterns: [a]}
                    - carousel: {text: "x", content: []}
                    - carousel: {content: [{description: "no title"}, "card"]}
                    - location: {lat: 91, lon: east}
                    - raw: {body: [1, 2]}
                    - reply: {text: "no type"}
                    - reply: {type: 5}
                    - inlineButtons: [{text: x, goto: /Missing}]
                    - raw: {body: {a: "{{oops"}}
                """)).problems();

        assertThat(problems).extracting(ScenarioProblem::block, ScenarioProblem::line).containsExactly(
                tuple(1, 4), tuple(2, 5), tuple(2, 5), tuple(3, 6), tuple(3, 6), tuple(4, 7), tuple(5, 8),
                tuple(6, 9), tuple(7, 10), tuple(8, 11));
        assertThat(problems).extracting(ScenarioProblem::message).satisfiesExactly(
                m -> assertThat(m).isEqualTo("carousel content needs at least one card"),
                m -> assertThat(m).isEqualTo("a carousel card needs 'title'"),
                m -> assertThat(m).contains("a carousel card must be a mapping"),
                m -> assertThat(m).isEqualTo("location lat must be a number from -90 to 90, not '91'"),
                m -> assertThat(m).isEqualTo("location lon must be a number from -180 to 180, not 'east'"),
                m -> assertThat(m).contains("raw body must be a mapping, not a list"),
                m -> assertThat(m).isEqualTo("reply needs 'type'"),
                m -> assertThat(m).isEqualTo("reply type must be a non-empty string, not a number"),
                m -> assertThat(m).isEqualTo("unknown button goto target /Missing"),
                m -> assertThat(m).contains("bad template in raw body"));
    }
}
