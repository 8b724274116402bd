package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.outbound.OutboundPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which http block URLs a deploy can judge: those whose host is written in the scenario. */
class ScenarioAddressCheckTest {

    private final ScenarioCompiler strict = new ScenarioCompiler(new BotEngine(new FakeHttpBlockClient(), () -> true),
            new OutboundPolicy(false));

    private static String scenario(String url) {
        return """
                states:
                  /Start:
                    - intent: {phrases: [go]}
                    - http: {url: "%s", ok: /Start}
                """.formatted(url);
    }

    private List<String> deployProblems(String url) {
        InvalidScenarioException refused = catchThrowableOfType(InvalidScenarioException.class,
                () -> strict.compileToDeploy(scenario(url)));
        return refused == null ? List.of() : refused.problems().stream().map(ScenarioProblem::message).toList();
    }

    @Test
    void aHostWrittenInTheScenarioIsJudgedAtDeployEvenWhenThePathIsTemplated() {
        assertThat(deployProblems("http://10.0.0.7/orders/{{id}}")).singleElement().asString()
                .contains("http url http://10.0.0.7/orders/{{id}} is refused: 10.0.0.7 is a private address");
        assertThat(deployProblems("http://169.254.169.254")).singleElement().asString().contains("link-local");
        assertThat(deployProblems("https://[::1]:8443?x={{x}}")).singleElement().asString().contains("loopback");
    }

    @Test
    void aHostFromAPlaceholderWaitsForTheCall() {
        assertThat(deployProblems("{{api}}/orders")).isEmpty();
        assertThat(deployProblems("http://{{host}}/orders")).isEmpty();
        assertThat(deployProblems("http://169.254.{{rest}}/x")).isEmpty();
        assertThat(deployProblems("https://shop.example/{{id}}")).isEmpty();
    }

    @Test
    void storedScenariosAreNotRejudgedSoAChangedSettingCannotStopAChannel() {
        assertThat(strict.compile(scenario("http://127.0.0.1:8080/x")).statePaths()).contains("/Start");
    }
}
