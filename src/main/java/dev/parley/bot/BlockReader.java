package dev.parley.bot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one block of a state: finds its type key and reads the content blocks (what the bot says and what leads to a
 * state); {@link RichBlockReader} reads the richer replies, {@link FlowBlockReader} the blocks that steer. Every
 * problem goes to the {@link Fields} of the block, so a bad block never stops the reading of the others.
 */
final class BlockReader {

    static final Set<String> TYPES = new TreeSet<>(List.of("intent", "event", "text", "buttons", "inlineButtons",
            "image", "audio", "file", "carousel", "location", "raw", "reply", "set", "input", "if", "goto", "http",
            "timeout", "agent", "end"));
    private static final Set<String> MARKUPS = Set.of("plain", "markdown", "html");

    private BlockReader() {
    }

    static Optional<Block> read(YNode node, Fields fields) {
        if (!(node instanceof YNode.Mapping mapping) || mapping.entries().isEmpty()) {
            fields.problem(node.line(), "a block must be a mapping with one key such as text: or goto:, not " + node.kind());
            return Optional.empty();
        }
        if (mapping.entries().size() > 1) {
            fields.problem(node.line(), "a block has exactly one type key, found "
                    + String.join(", ", mapping.entries().stream().map(YNode.Entry::key).toList()));
            return Optional.empty();
        }
        YNode.Entry entry = mapping.entries().getFirst();
        if (!TYPES.contains(entry.key())) {
            fields.problem(entry.line(), "unknown block type '" + entry.key() + "' (known: " + String.join(", ", TYPES) + ")");
            return Optional.empty();
        }
        return read(entry.key(), entry.value(), entry.line(), fields);
    }

    private static Optional<Block> read(String type, YNode value, int line, Fields fields) {
        return switch (type) {
            case "intent" -> intent(value, line, fields);
            case "event" -> fields.nonBlank(value, "event").map(name -> new Block.Event(name, line));
            case "text" -> text(value, line, fields);
            case "buttons" -> buttons(value, false, line, fields);
            case "inlineButtons" -> buttons(value, true, line, fields);
            case "image" -> media(Block.MediaKind.IMAGE, value, line, fields);
            case "audio" -> media(Block.MediaKind.AUDIO, value, line, fields);
            case "file" -> media(Block.MediaKind.FILE, value, line, fields);
            case "carousel", "location", "raw", "reply" -> RichBlockReader.read(type, value, line, fields);
            default -> FlowBlockReader.read(type, value, line, fields);
        };
    }

    private static Optional<Block> intent(YNode value, int line, Fields fields) {
        Optional<YNode.Mapping> mapping = fields.mapping(value, "intent");
        if (mapping.isEmpty() || !fields.onlyKnownKeys(mapping.get(), "intent", Set.of("patterns", "phrases"))) {
            return Optional.empty();
        }
        List<String> sources = mapping.get().find("patterns").flatMap(n -> fields.strings(n, "patterns")).orElse(List.of());
        List<String> phrases = mapping.get().find("phrases").flatMap(n -> fields.strings(n, "phrases")).orElse(List.of());
        if (sources.isEmpty() && phrases.isEmpty()) {
            fields.problem(line, "intent needs patterns or phrases");
            return Optional.empty();
        }
        List<IntentPattern> patterns = new ArrayList<>();
        for (String source : sources) {
            pattern(source, line, fields).ifPresent(patterns::add);
        }
        return Optional.of(new Block.Intent(patterns, phrases, line));
    }

    private static Optional<IntentPattern> pattern(String source, int line, Fields fields) {
        try {
            return Optional.of(IntentPattern.parse(source));
        } catch (PatternSyntaxException e) {
            fields.problem(line, "bad regular expression in pattern \"" + source + "\": " + e.getDescription());
        } catch (IllegalArgumentException e) {
            fields.problem(line, "bad pattern: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static Optional<Block> text(YNode value, int line, Fields fields) {
        if (!(value instanceof YNode.Mapping mapping)) {
            return fields.template(value, "text").map(text -> new Block.Text(text, null, null, line));
        }
        if (!fields.onlyKnownKeys(mapping, "text", Set.of("text", "markup", "tts"))) {
            return Optional.empty();
        }
        Optional<Template> text = fields.required(mapping, "text", "text").flatMap(n -> fields.template(n, "text"));
        Optional<String> markup = mapping.find("markup").flatMap(n -> fields.string(n, "markup"));
        if (markup.isPresent() && !MARKUPS.contains(markup.get())) {
            fields.problem(line, "markup must be plain, markdown or html, not '" + markup.get() + "'");
            return Optional.empty();
        }
        Optional<YNode> ttsNode = mapping.find("tts");
        Optional<Template> tts = ttsNode.flatMap(n -> fields.template(n, "tts"));
        if (text.isEmpty() || (ttsNode.isPresent() && tts.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new Block.Text(text.get(), markup.orElse(null), tts.orElse(null), line));
    }

    private static Optional<Block> buttons(YNode value, boolean inline, int line, Fields fields) {
        List<YNode> items = value instanceof YNode.Sequence sequence ? sequence.items() : List.of(value);
        List<Block.ButtonSpec> buttons = new ArrayList<>();
        for (YNode item : items) {
            button(item, fields).ifPresent(buttons::add);
        }
        if (buttons.size() != items.size()) {
            return Optional.empty();
        }
        if (buttons.isEmpty()) {
            fields.problem(line, (inline ? "inlineButtons" : "buttons") + " needs at least one button");
            return Optional.empty();
        }
        return Optional.of(new Block.Buttons(buttons, inline, line));
    }

    private static Optional<Block.ButtonSpec> button(YNode item, Fields fields) {
        if (!(item instanceof YNode.Mapping mapping)) {
            return fields.template(item, "button").map(text -> new Block.ButtonSpec(text, "", null));
        }
        if (!fields.onlyKnownKeys(mapping, "button", Set.of("text", "goto", "url"))) {
            return Optional.empty();
        }
        Optional<Template> text = fields.required(mapping, "text", "button").flatMap(n -> fields.template(n, "button text"));
        Optional<YNode> gotoNode = mapping.find("goto");
        Optional<String> target = gotoNode.flatMap(n -> fields.target(n, "button goto"));
        Optional<YNode> urlNode = mapping.find("url");
        Optional<Template> url = urlNode.flatMap(n -> fields.template(n, "button url"));
        if (text.isEmpty() || (gotoNode.isPresent() && target.isEmpty()) || (urlNode.isPresent() && url.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new Block.ButtonSpec(text.get(), target.orElse(""), url.orElse(null)));
    }

    private static Optional<Block> media(Block.MediaKind kind, YNode value, int line, Fields fields) {
        String type = kind.name().toLowerCase(Locale.ROOT);
        if (!(value instanceof YNode.Mapping mapping)) {
            return fields.template(value, type + " url").map(url -> new Block.Media(kind, url, null, null, line));
        }
        String nameKey = kind == Block.MediaKind.IMAGE ? "text" : "name";
        Set<String> known = kind == Block.MediaKind.FILE ? Set.of("url", "name", "mimeType") : Set.of("url", nameKey);
        if (!fields.onlyKnownKeys(mapping, type, known)) {
            return Optional.empty();
        }
        Optional<Template> url = fields.required(mapping, "url", type).flatMap(n -> fields.template(n, type + " url"));
        Optional<YNode> nameNode = mapping.find(nameKey);
        Optional<Template> name = nameNode.flatMap(n -> fields.template(n, type + " " + nameKey));
        Optional<YNode> mimeNode = mapping.find("mimeType");
        Optional<String> mime = mimeNode.flatMap(n -> fields.string(n, "mimeType"));
        if (url.isEmpty() || (nameNode.isPresent() && name.isEmpty()) || (mimeNode.isPresent() && mime.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new Block.Media(kind, url.get(), name.orElse(null), mime.orElse(null), line));
    }
}
