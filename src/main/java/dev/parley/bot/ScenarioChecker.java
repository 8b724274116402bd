package dev.parley.bot;

import dev.parley.outbound.OutboundPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks what no single block can see: that every {@code goto}-like target exists, that every state
 * can be reached, that no client event is claimed twice, and that no cycle of unconditional
 * {@code goto}s would spin a turn until the loop guard stops it. Stateless.
 */
final class ScenarioChecker {

    private ScenarioChecker() {
    }

    static void check(List<State> states, ProblemList problems) {
        Map<String, State> byPath = new LinkedHashMap<>();
        states.forEach(state -> byPath.put(state.path(), state));
        checkTargets(byPath, problems);
        checkReachable(byPath, problems);
        checkEvents(byPath, problems);
        checkGotoCycles(byPath, problems);
    }

    /**
     * Reports each {@code http} block whose host is fixed in its URL (no placeholder before the path) and refused by
     * {@code policy}. A host that comes from a placeholder can only be judged when the block runs.
     */
    static void checkAddresses(List<State> states, OutboundPolicy policy, ProblemList problems) {
        for (State state : states) {
            for (int index = 0; index < state.blocks().size(); index++) {
                if (state.blocks().get(index) instanceof Block.Http http) {
                    int at = index;
                    fixedAuthority(http.url()).flatMap(policy::problem).ifPresent(problem -> problems.add(
                            state.path(), at, http.line(), "http url " + http.url().source() + " is refused: " + problem));
                }
            }
        }
    }

    /** The URL up to the end of its host and port, when no placeholder comes before that end. */
    private static Optional<URI> fixedAuthority(Template url) {
        if (url.parts().isEmpty() || !(url.parts().getFirst() instanceof Template.Literal literal)) {
            return Optional.empty();
        }
        String text = literal.text().strip();
        int start = text.indexOf("://");
        if (start < 0) {
            return Optional.empty();
        }
        int end = start + 3;
        while (end < text.length() && "/?#".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        if (end == text.length() && url.parts().size() > 1) {
            return Optional.empty(); // a placeholder continues the host
        }
        try {
            return Optional.of(new URI(text.substring(0, end)));
        } catch (URISyntaxException e) {
            return Optional.empty(); // reported when the block runs
        }
    }

    private static void checkTargets(Map<String, State> states, ProblemList problems) {
        for (State state : states.values()) {
            for (int index = 0; index < state.blocks().size(); index++) {
                Block block = state.blocks().get(index);
                for (Block.Target target : block.targets()) {
                    if (!states.containsKey(target.state())) {
                        problems.add(state.path(), index, block.line(),
                                "unknown " + target.field() + " target " + target.state());
                    }
                }
            }
        }
    }

    private static void checkReachable(Map<String, State> states, ProblemList problems) {
        Set<String> reached = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        states.values().stream().filter(State::isEntry).forEach(state -> queue.add(state.path()));
        while (!queue.isEmpty()) {
            String path = queue.poll();
            State state = states.get(path);
            if (state == null || !reached.add(path)) {
                continue;
            }
            state.blocks().forEach(block -> block.targets().forEach(target -> queue.add(target.state())));
        }
        for (State state : states.values()) {
            if (!reached.contains(state.path())) {
                problems.add(state.path(), -1, state.line(), "state " + state.path()
                        + " is unreachable: no intent, event or reachable goto leads to it");
            }
        }
    }

    private static void checkEvents(Map<String, State> states, ProblemList problems) {
        Map<String, String> owners = new HashMap<>();
        for (State state : states.values()) {
            for (int index = 0; index < state.blocks().size(); index++) {
                if (state.blocks().get(index) instanceof Block.Event event) {
                    String owner = owners.putIfAbsent(event.name(), state.path());
                    if (owner != null) {
                        problems.add(state.path(), index, event.line(),
                                "event " + event.name() + " is already handled by " + owner);
                    }
                }
            }
        }
    }

    /** Each state has at most one unconditional next state, so cycles are found by walking each chain. */
    private static void checkGotoCycles(Map<String, State> states, ProblemList problems) {
        Map<String, Block.GoTo> next = new HashMap<>();
        states.values().forEach(state -> unconditionalGoto(state).ifPresent(go -> next.put(state.path(), go)));
        Set<String> reported = new HashSet<>();
        for (String start : next.keySet()) {
            List<String> chain = new ArrayList<>();
            String at = start;
            while (at != null && !chain.contains(at)) {
                chain.add(at);
                at = next.containsKey(at) ? next.get(at).goTo() : null;
            }
            if (at != null && at.equals(start) && reported.add(String.join(" ", sortedCopy(chain)))) {
                problems.add(start, -1, next.get(start).line(), "goto loop " + String.join(" → ", chain) + " → "
                        + start + " never waits for the client");
            }
        }
    }

    /** The goto that runs whenever the state runs: before it, nothing may branch or stop. */
    private static Optional<Block.GoTo> unconditionalGoto(State state) {
        for (Block block : state.blocks()) {
            switch (block) {
                case Block.GoTo go -> {
                    return Optional.of(go);
                }
                case Block.If ignored -> {
                    return Optional.empty();
                }
                case Block.Http ignored -> {
                    return Optional.empty();
                }
                case Block.Agent ignored -> {
                    return Optional.empty();
                }
                default -> {
                    // text, buttons, set, input, timeout… run and fall through to the next block
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> sortedCopy(List<String> chain) {
        return chain.stream().sorted().toList();
    }
}
