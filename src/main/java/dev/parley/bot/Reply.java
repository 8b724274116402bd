package dev.parley.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A bot reply, shaped so that a plain Jackson {@code ObjectMapper} writes (and reads back) exactly the
 * reply JSON of the Chat API (docs/chat-api.md): a {@code type}, the type's fields, and the {@code state} that
 * produced it. Optional fields are {@code null} when absent and then left out of the JSON. The type is
 * a real property ({@link #type()}), not only Jackson type metadata, so it is written even when a
 * list of replies is serialized without its element type. A reply of any other type is a {@link Custom}: its JSON
 * object exactly as given.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Reply.Text.class, name = "text"),
    @JsonSubTypes.Type(value = Reply.Buttons.class, name = "buttons"),
    @JsonSubTypes.Type(value = Reply.InlineButtons.class, name = "inlineButtons"),
    @JsonSubTypes.Type(value = Reply.Image.class, name = "image"),
    @JsonSubTypes.Type(value = Reply.Audio.class, name = "audio"),
    @JsonSubTypes.Type(value = Reply.File.class, name = "file"),
    @JsonSubTypes.Type(value = Reply.Timeout.class, name = "timeout"),
    @JsonSubTypes.Type(value = Reply.Switch.class, name = "switch"),
    @JsonSubTypes.Type(value = Reply.Carousel.class, name = "carousel"),
    @JsonSubTypes.Type(value = Reply.Location.class, name = "location"),
    @JsonSubTypes.Type(value = Reply.Raw.class, name = "raw")
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Reply {

    /** The Chat API reply type: {@code text}, {@code buttons}, {@code image}… */
    @JsonProperty("type")
    String type();

    /** The path of the state whose block produced this reply. */
    String state();

    /** The text this reply adds to the envelope's {@code answer}: only {@code text} replies add any. */
    default Optional<String> answerText() {
        return Optional.empty();
    }

    /** {@code markup} is {@code plain}, {@code markdown} or {@code html}, or null; {@code tts} may be null. */
    @JsonPropertyOrder({"type", "text", "markup", "tts", "state"})
    record Text(String text, String markup, String tts, String state) implements Reply {
        public Text {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String type() {
            return "text";
        }

        @Override
        public Optional<String> answerText() {
            return Optional.of(text);
        }

        public Text(String text, String state) {
            this(text, null, null, state);
        }
    }

    @JsonPropertyOrder({"type", "buttons", "state"})
    record Buttons(List<Button> buttons, String state) implements Reply {
        public Buttons {
            buttons = List.copyOf(buttons);
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String type() {
            return "buttons";
        }
    }

    /** Buttons shown inside the message (under it) rather than instead of the keyboard; same fields as buttons. */
    @JsonPropertyOrder({"type", "buttons", "state"})
    record InlineButtons(List<Button> buttons, String state) implements Reply {
        public InlineButtons {
            buttons = List.copyOf(buttons);
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String type() {
            return "inlineButtons";
        }
    }

    /**
     * One button. {@code transition} is the scenario's {@code goto} under the vendor's name; a click
     * on the button sends its text back, which the engine follows to that state.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"text", "transition", "url"})
    record Button(String text, String transition, String url) {
        public Button {
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code text} is the optional caption. */
    @JsonPropertyOrder({"type", "imageUrl", "text", "state"})
    record Image(String imageUrl, String text, String state) implements Reply {
        public Image {
            Objects.requireNonNull(imageUrl, "imageUrl");
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String type() {
            return "image";
        }
    }

    @JsonPropertyOrder({"type", "audioUrl", "audioName", "state"})
    record Audio(String audioUrl, String audioName, String state) implements Reply {
        public Audio {
            Objects.requireNonNull(audioUrl, "audioUrl");
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String type() {
            return "audio";
        }
    }

    @JsonPropertyOrder({"type", "fileUrl", "fileName", "mimeType", "state"})
    record File(String fileUrl, String fileName, String mimeType, String state) implements Reply {
        public File {
            Objects.requireNonNull(fileUrl, "fileUrl");
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String type() {
            return "file";
        }
    }

    /** {@code interval} is in seconds. */
    @JsonPropertyOrder({"type", "interval", "targetState", "state"})
    record Timeout(long interval, String targetState, String state) implements Reply {
        public Timeout {
            Objects.requireNonNull(targetState, "targetState");
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String type() {
            return "timeout";
        }
    }

    /** Transfer to a human agent. */
    @JsonPropertyOrder({"type", "firstMessage", "closeChatPhrases", "appendCloseChatButton", "state"})
    record Switch(String firstMessage, List<String> closeChatPhrases, boolean appendCloseChatButton, String state)
            implements Reply {
        public Switch {
            Objects.requireNonNull(firstMessage, "firstMessage");
            closeChatPhrases = List.copyOf(closeChatPhrases);
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String type() {
            return "switch";
        }
    }

    /** Cards side by side; {@code text} may be null. */
    @JsonPropertyOrder({"type", "text", "content", "state"})
    record Carousel(String text, List<Card> content, String state) implements Reply {
        public Carousel {
            content = List.copyOf(content);
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String type() {
            return "carousel";
        }
    }

    /** One card of a carousel; every field but {@code title} may be null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"title", "description", "image", "url", "btnText"})
    record Card(String title, String description, String image, String url, String btnText) {
        public Card {
            Objects.requireNonNull(title, "title");
        }
    }

    /** A point on the map, in degrees. */
    @JsonPropertyOrder({"type", "lat", "lon", "state"})
    record Location(double lat, double lon, String state) implements Reply {
        public Location {
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String type() {
            return "location";
        }
    }

    /** Any JSON object for the client to interpret; Parley neither reads nor changes it. */
    @JsonPropertyOrder({"type", "body", "state"})
    record Raw(ObjectNode body, String state) implements Reply {
        public Raw {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String type() {
            return "raw";
        }
    }

    /**
     * A reply of a type Parley has no record for (or an external bot's reply, whatever its type), written exactly as
     * given: {@code json} is a JSON object with a string {@code type} and a {@code state}. The copy it holds is never
     * changed, and {@link #json()} answers another copy, so the record is immutable.
     */
    final class Custom implements Reply {
        private final ObjectNode json;

        /** Copies {@code reply}, adding {@code state} when it has none. */
        public Custom(ObjectNode reply, String state) {
            if (!reply.path("type").isTextual()) {
                throw new IllegalArgumentException("a reply needs a string type");
            }
            this.json = reply.deepCopy();
            if (!json.has("state")) {
                json.put("state", Objects.requireNonNull(state, "state"));
            }
        }

        @Override
        public String type() {
            return json.get("type").textValue();
        }

        @Override
        public String state() {
            return json.path("state").asText();
        }

        @Override
        public Optional<String> answerText() {
            JsonNode text = json.path("text");
            return type().equals("text") && text.isTextual() ? Optional.of(text.textValue()) : Optional.empty();
        }

        @JsonValue
        public ObjectNode json() {
            return json.deepCopy();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Custom custom && custom.json.equals(json);
        }

        @Override
        public int hashCode() {
            return json.hashCode();
        }

        @Override
        public String toString() {
            return "Custom" + json;
        }
    }
}
