package dev.parley.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/**
 * A bot reply, shaped so that a plain Jackson {@code ObjectMapper} writes (and reads back) exactly the
 * reply JSON of CHATAPI.md section 2.1: a {@code type}, the type's fields, and the {@code state} that
 * produced it. Optional fields are {@code null} when absent and then left out of the JSON. The type is
 * a real property ({@link #type()}), not only Jackson type metadata, so it is written even when a
 * list of replies is serialized without its element type.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Reply.Text.class, name = "text"),
    @JsonSubTypes.Type(value = Reply.Buttons.class, name = "buttons"),
    @JsonSubTypes.Type(value = Reply.Image.class, name = "image"),
    @JsonSubTypes.Type(value = Reply.Audio.class, name = "audio"),
    @JsonSubTypes.Type(value = Reply.File.class, name = "file"),
    @JsonSubTypes.Type(value = Reply.Timeout.class, name = "timeout"),
    @JsonSubTypes.Type(value = Reply.Switch.class, name = "switch")
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Reply {

    /** The Chat API reply type: {@code text}, {@code buttons}, {@code image}… */
    @JsonProperty("type")
    String type();

    /** The path of the state whose block produced this reply. */
    String state();

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
}
