package dev.parley.bot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs one turn: enters the resolved state and runs its blocks top to bottom, following
 * {@code goto}s from state to state. {@code intent} and {@code event} blocks only say what leads to
 * a state and are skipped here. A turn enters at most {@link #MAX_STATE_ENTRIES} states, so a
 * looping script stops with what it produced instead of hanging. One instance per turn; confined
 * to the thread running the turn.
 */
final class TurnRunner {

    static final int MAX_STATE_ENTRIES = 100;
    private static final System.Logger LOG = System.getLogger(TurnRunner.class.getName());

    /** What a block tells the state: go on, leave for {@code goTo}, or end the turn. */
    private record Flow(String goTo, boolean stop) {
        static final Flow NEXT = new Flow("", false);
        static final Flow STOP = new Flow("", true);

        static Flow to(String state) {
            return new Flow(state, false);
        }
    }

    private final Scenario scenario;
    private final Scope scope;
    private final HttpStep http;
    private final BooleanSupplier agentsOnline;
    private final String channel;
    private final ReplySink replies = new ReplySink();
    private final List<TimerRequest> timers = new ArrayList<>();
    private final List<Handoff> handoffs = new ArrayList<>();
    private final List<BotSession.PendingButton> buttons = new ArrayList<>();
    private BotSession.PendingInput input;
    private boolean endSession;
    private String lastState = "";

    TurnRunner(Scenario scenario, Scope scope, HttpStep http, BooleanSupplier agentsOnline, String channel) {
        this.scenario = scenario;
        this.scope = scope;
        this.http = http;
        this.agentsOnline = agentsOnline;
        this.channel = channel;
    }

    BotTurn run(String state, double confidence) {
        try {
            enterAll(state);
        } catch (RuntimeException e) {
            // A bug must not cost the client its answer: keep what the turn produced so far.
            LOG.log(System.Logger.Level.ERROR, "bot turn failed in state " + lastState + " of " + scenario, e);
        }
        BotSession session = new BotSession(scope.variables(), lastState, buttons, input);
        return new BotTurn(state, confidence, replies.replies(), session, endSession, timers, handoffs);
    }

    private void enterAll(String first) {
        Optional<String> next = Optional.of(first);
        int entries = 0;
        while (next.isPresent()) {
            if (++entries > MAX_STATE_ENTRIES) {
                LOG.log(System.Logger.Level.WARNING, "bot turn entered more than " + MAX_STATE_ENTRIES
                        + " states (last " + lastState + ") in " + scenario + "; stopping it");
                return;
            }
            next = enter(next.get());
        }
    }

    /** Runs a state's blocks; answers the state to continue at, if any. */
    private Optional<String> enter(String path) {
        lastState = path;
        Optional<State> state = scenario.findState(path);
        if (state.isEmpty()) {
            if (!path.equals(Scenario.CATCH_ALL)) {
                LOG.log(System.Logger.Level.WARNING, "state " + path + " does not exist in " + scenario);
            }
            return Optional.empty();
        }
        for (Block block : state.get().blocks()) {
            Flow flow = execute(block, path);
            if (flow.stop()) {
                return Optional.empty();
            }
            if (!flow.goTo().isEmpty()) {
                return Optional.of(flow.goTo());
            }
        }
        return Optional.empty();
    }

    private Flow execute(Block block, String state) {
        return switch (block) {
            case Block.Intent ignored -> Flow.NEXT;
            case Block.Event ignored -> Flow.NEXT;
            case Block.Invalid ignored -> Flow.NEXT;
            case Block.Text text -> say(new Reply.Text(text.text().render(scope), text.markup(),
                    text.tts() == null ? null : text.tts().render(scope), state));
            case Block.Buttons shown -> buttons(shown, state);
            case Block.Media media -> say(media(media, state));
            case Block.Carousel carousel -> say(carousel(carousel, state));
            case Block.Location location -> say(new Reply.Location(location.lat(), location.lon(), state));
            case Block.Verbatim verbatim -> say(verbatim(verbatim, state));
            case Block.Set set -> assign(set);
            case Block.Input asked -> {
                input = new BotSession.PendingInput(asked.variable().toString(),
                        asked.pattern() == null ? "" : asked.pattern().pattern(), asked.goTo(), state);
                yield Flow.NEXT;
            }
            case Block.If condition -> condition.when().test(scope) ? Flow.to(condition.goTo())
                    : condition.elseGoTo().isEmpty() ? Flow.NEXT : Flow.to(condition.elseGoTo());
            case Block.GoTo go -> Flow.to(go.goTo());
            case Block.Http call -> leave(http.run(call, scope, channel) ? call.ok() : call.fail());
            case Block.Timeout timeout -> timeout(timeout, state);
            case Block.Agent agent -> agent(agent, state);
            case Block.End end -> {
                endSession |= end.closes();
                yield Flow.NEXT;
            }
        };
    }

    private Flow say(Reply reply) {
        replies.add(reply);
        return Flow.NEXT;
    }

    private Flow buttons(Block.Buttons block, String state) {
        List<Reply.Button> shown = new ArrayList<>();
        for (Block.ButtonSpec spec : block.buttons()) {
            String text = spec.text().render(scope);
            shown.add(new Reply.Button(text, spec.goTo().isEmpty() ? null : spec.goTo(),
                    spec.url() == null ? null : spec.url().render(scope)));
            spec.target().ifPresent(target -> buttons.add(new BotSession.PendingButton(text, target)));
        }
        return say(block.inline() ? new Reply.InlineButtons(shown, state) : new Reply.Buttons(shown, state));
    }

    private Reply carousel(Block.Carousel carousel, String state) {
        List<Reply.Card> cards = new ArrayList<>();
        for (Block.CardSpec card : carousel.cards()) {
            cards.add(new Reply.Card(card.title().render(scope), render(card.description()), render(card.image()),
                    render(card.url()), render(card.btnText())));
        }
        return new Reply.Carousel(render(carousel.text()), cards, state);
    }

    /** A template that may be absent: null stays null. */
    private String render(Template template) {
        return template == null ? null : template.render(scope);
    }

    private Reply verbatim(Block.Verbatim block, String state) {
        ObjectNode body = (ObjectNode) JsonTemplates.render(block.body(), scope);
        if (block.raw()) {
            return new Reply.Raw(body, state);
        }
        body.set("type", block.body().get("type")); // the type is never a template: a reply must keep a string type
        return new Reply.Custom(body, state);
    }

    private Reply media(Block.Media media, String state) {
        String url = media.url().render(scope);
        String name = media.name() == null ? null : media.name().render(scope);
        return switch (media.kind()) {
            case IMAGE -> new Reply.Image(url, name, state);
            case AUDIO -> new Reply.Audio(url, name, state);
            case FILE -> new Reply.File(url, name, media.mimeType(), state);
        };
    }

    private Flow assign(Block.Set set) {
        for (Block.Assignment assignment : set.assignments()) {
            assignment.variable().set(scope.variables(), assignment.template() != null
                    ? assignment.template().renderValue(scope) : assignment.literal().deepCopy());
        }
        return Flow.NEXT;
    }

    private static Flow leave(String target) {
        return target.isEmpty() ? Flow.NEXT : Flow.to(target);
    }

    private Flow timeout(Block.Timeout timeout, String state) {
        timers.add(new TimerRequest(timeout.after(), timeout.goTo()));
        return say(new Reply.Timeout(timeout.after().toSeconds(), timeout.goTo(), state));
    }

    /** With an agent online the bot hands over and falls silent; otherwise the no-agents state runs. */
    private Flow agent(Block.Agent agent, String state) {
        if (!agentsOnline.getAsBoolean()) {
            return Flow.to(agent.noAgents());
        }
        String message = agent.message().render(scope);
        say(new Reply.Text(message, state));
        say(new Reply.Switch(message, agent.closePhrases(), false, state));
        handoffs.add(new Handoff(message, agent.closePhrases(), agent.noAgents()));
        return Flow.STOP;
    }
}
