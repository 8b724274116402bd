package dev.parley.bot;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads the scenario's {@code tests}: a list of steps run in one session, in order. Stateless. */
final class TestReader {

    static final int MAX_STEPS = 200;
    private static final Set<String> STEP_FIELDS = Set.of("say", "event", "data", "new", "agents", "expect");
    private static final Set<String> EXPECT_FIELDS = Set.of("state", "answer", "replies");

    private TestReader() {
    }

    static List<TestStep> read(YNode node, Fields fields) {
        if (!(node instanceof YNode.Sequence sequence)) {
            fields.problem(node.line(), "tests must be a list of steps, not " + node.kind());
            return List.of();
        }
        if (sequence.items().size() > MAX_STEPS) {
            fields.problem(node.line(), "tests has " + sequence.items().size() + " steps; at most " + MAX_STEPS + " are allowed");
            return List.of();
        }
        List<TestStep> steps = new ArrayList<>();
        for (int index = 0; index < sequence.items().size(); index++) {
            step(sequence.items().get(index), index + 1, fields).ifPresent(steps::add);
        }
        return steps;
    }

    private static Optional<TestStep> step(YNode node, int number, Fields fields) {
        String what = "test " + number;
        Optional<YNode.Mapping> found = fields.mapping(node, what);
        if (found.isEmpty() || !fields.onlyKnownKeys(found.get(), what, STEP_FIELDS)) {
            return Optional.empty();
        }
        YNode.Mapping step = found.get();
        int before = fields.count();
        Optional<JsonNode> data = step.find("data").flatMap(n -> fields.mapping(n, what + " data")).map(YamlTree::toJson);
        Optional<BotRequest> request = request(step, what, data.orElse(null), fields);
        boolean fresh = step.find("new").flatMap(n -> fields.bool(n, what + " new")).orElse(false);
        String agents = step.find("agents").flatMap(n -> fields.string(n, what + " agents")).orElse("");
        if (!Set.of("", "online", "offline").contains(agents)) {
            fields.problem(step.line(), what + " agents must be online or offline");
        }
        List<TestStep.Check> checks = step.find("expect").map(n -> checks(n, what, fields)).orElse(List.of());
        if (fields.count() > before || request.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TestStep(number, step.line(), fresh, agents, request.get(), checks));
    }

    private static Optional<BotRequest> request(YNode.Mapping step, String what, JsonNode data, Fields fields) {
        Optional<YNode> say = step.find("say");
        Optional<YNode> event = step.find("event");
        if (say.isPresent() == event.isPresent()) {
            fields.problem(step.line(), what + " needs exactly one of say or event");
            return Optional.empty();
        }
        return say.isPresent()
                ? fields.string(say.get(), what + " say").map(text -> BotRequest.query(text, data))
                : fields.nonBlank(event.get(), what + " event").map(name -> BotRequest.event(name, data));
    }

    private static List<TestStep.Check> checks(YNode node, String what, Fields fields) {
        Optional<YNode.Mapping> expect = fields.mapping(node, what + " expect");
        if (expect.isEmpty() || !fields.onlyKnownKeys(expect.get(), what + " expect", EXPECT_FIELDS)) {
            return List.of();
        }
        List<TestStep.Check> checks = new ArrayList<>();
        expect.get().find("state").flatMap(n -> fields.target(n, what + " expect state"))
                .ifPresent(state -> checks.add(new TestStep.StateIs(state)));
        expect.get().find("answer").flatMap(n -> answer(n, what, fields))
                .ifPresent(answer -> checks.add(new TestStep.AnswerIs(answer)));
        expect.get().find("replies").flatMap(n -> count(n, what, fields))
                .ifPresent(count -> checks.add(new TestStep.ReplyCount(count)));
        return checks;
    }

    /** An empty answer is a fair expectation ("the bot says nothing"), so YAML's empty value counts as "". */
    private static Optional<String> answer(YNode node, String what, Fields fields) {
        if (node instanceof YNode.Scalar scalar && scalar.isNull()) {
            return Optional.of("");
        }
        return fields.string(node, what + " expect answer");
    }

    private static Optional<Integer> count(YNode node, String what, Fields fields) {
        if (node instanceof YNode.Scalar scalar && scalar.type() == YNode.ScalarType.INTEGER
                && scalar.value().matches("\\d{1,3}")) {
            return Optional.of(Integer.parseInt(scalar.value()));
        }
        fields.problem(node.line(), what + " expect replies must be a whole number of replies");
        return Optional.empty();
    }
}
