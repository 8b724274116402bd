package dev.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads the blocks that change variables or steer the flow; see {@link BlockReader}. */
final class FlowBlockReader {

    static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(5);
    static final Duration MAX_HTTP_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE");
    private static final Set<String> HTTP_FIELDS =
            Set.of("method", "url", "headers", "body", "save", "ok", "fail", "timeout");

    private FlowBlockReader() {
    }

    static Optional<Block> read(String type, YNode value, int line, Fields fields) {
        return switch (type) {
            case "set" -> set(value, line, fields);
            case "input" -> input(value, line, fields);
            case "if" -> condition(value, line, fields);
            case "goto" -> fields.target(value, "goto").map(target -> new Block.GoTo(target, line));
            case "http" -> http(value, line, fields);
            case "timeout" -> timeout(value, line, fields);
            case "agent" -> agent(value, line, fields);
            case "end" -> fields.bool(value, "end").map(end -> new Block.End(end, line));
            default -> throw new IllegalArgumentException("not a block type: " + type);
        };
    }

    private static Optional<Block> set(YNode value, int line, Fields fields) {
        Optional<YNode.Mapping> mapping = fields.mapping(value, "set");
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        List<Block.Assignment> assignments = new ArrayList<>();
        for (YNode.Entry entry : mapping.get().entries()) {
            Optional<VarPath> variable = fields.variable(new YNode.Scalar(entry.key(), YNode.ScalarType.STRING, entry.line()), "set");
            JsonNode literal = YamlTree.toJson(entry.value());
            Optional<Template> template = literal.isTextual()
                    ? fields.template(literal.asText(), entry.line(), "set " + entry.key()) : Optional.empty();
            if (variable.isPresent() && (!literal.isTextual() || template.isPresent())) {
                assignments.add(new Block.Assignment(variable.get(), literal, template.orElse(null)));
            }
        }
        return assignments.size() == mapping.get().entries().size()
                ? Optional.of(new Block.Set(assignments, line)) : Optional.empty();
    }

    private static Optional<Block> input(YNode value, int line, Fields fields) {
        Optional<YNode.Mapping> mapping = fields.mapping(value, "input");
        if (mapping.isEmpty() || !fields.onlyKnownKeys(mapping.get(), "input", Set.of("var", "pattern", "goto"))) {
            return Optional.empty();
        }
        Optional<VarPath> variable = fields.required(mapping.get(), "var", "input").flatMap(n -> fields.variable(n, "input var"));
        Optional<String> target = fields.required(mapping.get(), "goto", "input").flatMap(n -> fields.target(n, "input goto"));
        Optional<YNode> patternNode = mapping.get().find("pattern");
        Optional<Pattern> pattern = patternNode.flatMap(n -> fields.string(n, "input pattern")).flatMap(regex -> {
            try {
                return Optional.of(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                fields.problem(patternNode.get().line(), "bad regular expression in input pattern: " + e.getDescription());
                return Optional.empty();
            }
        });
        if (variable.isEmpty() || target.isEmpty() || (patternNode.isPresent() && pattern.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new Block.Input(variable.get(), pattern.orElse(null), target.get(), line));
    }

    private static Optional<Block> condition(YNode value, int line, Fields fields) {
        Optional<YNode.Mapping> mapping = fields.mapping(value, "if");
        if (mapping.isEmpty() || !fields.onlyKnownKeys(mapping.get(), "if", Set.of("when", "goto", "else"))) {
            return Optional.empty();
        }
        Optional<YNode> whenNode = fields.required(mapping.get(), "when", "if");
        Optional<String> source = whenNode.flatMap(n -> fields.string(n, "if when"));
        Optional<Expression> when = source.flatMap(text -> {
            try {
                return Optional.of(ExpressionParser.parse(text));
            } catch (IllegalArgumentException e) {
                fields.problem(whenNode.get().line(), "bad if expression: " + e.getMessage());
                return Optional.empty();
            }
        });
        Optional<String> target = fields.required(mapping.get(), "goto", "if").flatMap(n -> fields.target(n, "if goto"));
        Optional<YNode> elseNode = mapping.get().find("else");
        Optional<String> otherwise = elseNode.flatMap(n -> fields.target(n, "if else"));
        if (when.isEmpty() || target.isEmpty() || (elseNode.isPresent() && otherwise.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new Block.If(source.get(), when.get(), target.get(), otherwise.orElse(""), line));
    }

    private static Optional<Block> http(YNode value, int line, Fields fields) {
        Optional<YNode.Mapping> found = fields.mapping(value, "http");
        if (found.isEmpty() || !fields.onlyKnownKeys(found.get(), "http", HTTP_FIELDS)) {
            return Optional.empty();
        }
        YNode.Mapping http = found.get();
        int problemsBefore = fields.count();
        String method = http.find("method").flatMap(n -> fields.string(n, "http method")).orElse("GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            fields.problem(line, "bad http method '" + method + "' (use GET, POST, PUT or DELETE)");
        }
        Optional<Template> url = fields.required(http, "url", "http").flatMap(n -> fields.template(n, "http url"));
        Map<String, Template> headers = headers(http, fields);
        Optional<YNode> body = http.find("body");
        Template textBody = body.filter(YNode.Scalar.class::isInstance).flatMap(n -> fields.template(n, "http body")).orElse(null);
        JsonNode jsonBody = body.filter(n -> !(n instanceof YNode.Scalar)).map(YamlTree::toJson).orElse(null);
        if (jsonBody != null) {
            JsonTemplates.check(jsonBody, message -> fields.problem(line, "bad template in http body: " + message));
        }
        Map<String, JsonPath> save = save(http, fields);
        String ok = http.find("ok").flatMap(n -> fields.target(n, "http ok")).orElse("");
        String fail = http.find("fail").flatMap(n -> fields.target(n, "http fail")).orElse("");
        Duration timeout = http.find("timeout").flatMap(n -> fields.duration(n, "http timeout")).orElse(DEFAULT_HTTP_TIMEOUT);
        if (timeout.compareTo(MAX_HTTP_TIMEOUT) > 0) {
            fields.problem(line, "http timeout must be at most " + MAX_HTTP_TIMEOUT.toSeconds() + "s");
        }
        if (fields.count() > problemsBefore || url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Block.Http(method, url.get(), headers, textBody, jsonBody, save, ok, fail, timeout, line));
    }

    private static Map<String, Template> headers(YNode.Mapping http, Fields fields) {
        Map<String, Template> headers = new LinkedHashMap<>();
        http.find("headers").flatMap(n -> fields.mapping(n, "http headers")).ifPresent(mapping -> mapping.entries()
                .forEach(entry -> fields.template(entry.value(), "header " + entry.key())
                        .ifPresent(template -> headers.put(entry.key(), template))));
        return headers;
    }

    private static Map<String, JsonPath> save(YNode.Mapping http, Fields fields) {
        Map<String, JsonPath> save = new LinkedHashMap<>();
        http.find("save").flatMap(n -> fields.mapping(n, "http save")).ifPresent(mapping -> mapping.entries()
                .forEach(entry -> fields.string(entry.value(), "save " + entry.key()).ifPresent(path -> {
                    try {
                        VarPath.parse(entry.key());
                        save.put(entry.key(), JsonPath.parse(path));
                    } catch (IllegalArgumentException e) {
                        fields.problem(entry.line(), "bad http save " + entry.key() + ": " + e.getMessage());
                    }
                })));
        return save;
    }

    private static Optional<Block> timeout(YNode value, int line, Fields fields) {
        Optional<YNode.Mapping> mapping = fields.mapping(value, "timeout");
        if (mapping.isEmpty() || !fields.onlyKnownKeys(mapping.get(), "timeout", Set.of("after", "goto"))) {
            return Optional.empty();
        }
        Optional<Duration> after = fields.required(mapping.get(), "after", "timeout").flatMap(n -> fields.duration(n, "timeout after"));
        Optional<String> target = fields.required(mapping.get(), "goto", "timeout").flatMap(n -> fields.target(n, "timeout goto"));
        if (after.isPresent() && after.get().toMillis() % 1000 != 0) {
            fields.problem(line, "timeout after must be whole seconds");
            return Optional.empty();
        }
        return after.isPresent() && target.isPresent()
                ? Optional.of(new Block.Timeout(after.get(), target.get(), line)) : Optional.empty();
    }

    private static Optional<Block> agent(YNode value, int line, Fields fields) {
        Optional<YNode.Mapping> mapping = fields.mapping(value, "agent");
        if (mapping.isEmpty()
                || !fields.onlyKnownKeys(mapping.get(), "agent", Set.of("message", "closePhrases", "noAgents"))) {
            return Optional.empty();
        }
        Optional<Template> message = fields.required(mapping.get(), "message", "agent").flatMap(n -> fields.template(n, "agent message"));
        Optional<YNode> phrasesNode = mapping.get().find("closePhrases");
        Optional<List<String>> phrases = phrasesNode.flatMap(n -> fields.strings(n, "closePhrases"));
        Optional<String> noAgents = fields.required(mapping.get(), "noAgents", "agent").flatMap(n -> fields.target(n, "agent noAgents"));
        if (message.isEmpty() || noAgents.isEmpty() || (phrasesNode.isPresent() && phrases.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new Block.Agent(message.get(), phrases.orElse(List.of()), noAgents.get(), line));
    }
}
