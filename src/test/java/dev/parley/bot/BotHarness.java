package dev.parley.bot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A compiled scenario plus one client's session, driven turn by turn the way the conversation layer
 * does (a turn that ends the session starts the next one afresh).
 */
final class BotHarness {

    final FakeHttpBlockClient http = new FakeHttpBlockClient();
    boolean agentsOnline = true;
    final BotEngine engine = new BotEngine(http, () -> agentsOnline);
    final Scenario scenario;
    BotSession session = BotSession.empty();

    BotHarness(String yaml) {
        this.scenario = new ScenarioCompiler(engine).compile(yaml);
    }

    static BotHarness of(String yaml) {
        return new BotHarness(yaml);
    }

    static String resource(String name) {
        try (InputStream in = BotHarness.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    BotTurn say(String text) {
        return run(BotRequest.query(text));
    }

    BotTurn event(String name) {
        return run(BotRequest.event(name));
    }

    BotTurn run(BotRequest request) {
        BotTurn turn = engine.run(scenario, session, request);
        session = turn.endSession() ? BotSession.empty() : turn.session();
        return turn;
    }
}
