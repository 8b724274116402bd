package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class TemplateTest {

    private final ObjectMapper json = new ObjectMapper();

    private Scope scope(String variables, String data, String query) throws Exception {
        return new Scope((ObjectNode) json.readTree(variables), json.readTree(data), query);
    }

    @Test
    void rendersVariablesDottedPathsAndIndexes() throws Exception {
        Scope scope = scope("{\"name\":\"Ada\",\"user\":{\"city\":\"Paris\"},\"items\":[{\"sku\":\"A1\"}]}", "{}", "");

        assertThat(Template.parse("{{name}} from {{ user.city }} bought {{items[0].sku}}").render(scope))
                .isEqualTo("Ada from Paris bought A1");
    }

    @Test
    void missingValuesRenderEmptyOrTheirDefault() throws Exception {
        Scope scope = scope("{\"empty\":\"\"}", "{}", "");

        assertThat(Template.parse("[{{nobody}}]").render(scope)).isEqualTo("[]");
        assertThat(Template.parse("Hi {{nobody | default: 'friend'}}").render(scope)).isEqualTo("Hi friend");
        assertThat(Template.parse("{{empty | default: \"none\"}}").render(scope)).isEqualTo("none");
        assertThat(Template.parse("{{nobody|default:0}}").render(scope)).isEqualTo("0");
    }

    @Test
    void readsVariablesThenRequestDataThenQuery() throws Exception {
        Scope scope = scope("{\"name\":\"var\"}", "{\"name\":\"data\",\"city\":\"Oslo\"}", "the text");

        assertThat(Template.parse("{{name}} {{city}} {{data.name}} {{query}}").render(scope))
                .isEqualTo("var Oslo data the text");
    }

    @Test
    void nonTextValuesRenderAsJson() throws Exception {
        Scope scope = scope("{\"n\":3,\"ok\":true,\"list\":[1,2]}", "{}", "");

        assertThat(Template.parse("{{n}} {{ok}} {{list}}").render(scope)).isEqualTo("3 true [1,2]");
    }

    @Test
    void loneplaceholderKeepsTheJsonType() throws Exception {
        Scope scope = scope("{\"n\":3}", "{}", "");

        assertThat(Template.parse("{{n}}").renderValue(scope).isNumber()).isTrue();
        assertThat(Template.parse("n={{n}}").renderValue(scope).asText()).isEqualTo("n=3");
    }

    @Test
    void badPlaceholdersAreRejected() {
        assertThatThrownBy(() -> Template.parse("Hi {{name")).hasMessageContaining("closing");
        assertThatThrownBy(() -> Template.parse("{{na me}}")).hasMessageContaining("not a variable name");
        assertThatThrownBy(() -> Template.parse("{{name | upcase}}")).hasMessageContaining("default");
    }

    @Test
    void engineRendersTextWithRequestDataAndQuery() {
        BotHarness bot = BotHarness.of("""
                states:
                  /Echo:
                    - intent: {patterns: ["echo *"]}
                    - text: "{{name | default: 'friend'}} said '{{query}}' from {{data.city}}"
                """);

        BotTurn turn = bot.run(BotRequest.query("echo this", json.createObjectNode().put("city", "Rome")));

        assertThat(turn.answer()).isEqualTo("friend said 'echo this' from Rome");
    }
}
