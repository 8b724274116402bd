package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ExpressionParserTest {

    private final Scope scope;

    ExpressionParserTest() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode variables = (ObjectNode) json.readTree(
                "{\"order\":\"150\",\"n\":3,\"name\":\"Ada\",\"vip\":true,\"user\":{\"age\":41},\"empty\":\"\"}");
        scope = new Scope(variables, json.readTree("{\"plan\":\"pro\"}"), "hello");
    }

    private boolean test(String expression) {
        return ExpressionParser.parse(expression).test(scope);
    }

    @Test
    void comparesNumbersNumericallyEvenWhenCapturedAsText() {
        assertThat(test("order > 100")).isTrue();
        assertThat(test("order >= 150.0")).isTrue();
        assertThat(test("order < 99")).isFalse();
        assertThat(test("n == 3.0")).isTrue();
        assertThat(test("n != 3")).isFalse();
        assertThat(test("user.age <= -1")).isFalse();
    }

    @Test
    void comparesTextAsText() {
        assertThat(test("name == 'Ada'")).isTrue();
        assertThat(test("name == \"ada\"")).isFalse();
        assertThat(test("plan == 'pro' && data.plan == 'pro'")).isTrue();
        assertThat(test("query == 'hello'")).isTrue();
        assertThat(test("name < 'Bob'")).isTrue();
    }

    @Test
    void combinesWithLogicAndParentheses() {
        assertThat(test("vip && (n > 5 || name == 'Ada')")).isTrue();
        assertThat(test("!vip || n > 5")).isFalse();
        assertThat(test("!(n > 5)")).isTrue();
        assertThat(test("true && !false")).isTrue();
    }

    @Test
    void missingValuesAreFalsyAndEqualNull() {
        assertThat(test("nobody")).isFalse();
        assertThat(test("empty")).isFalse();
        assertThat(test("nobody == null")).isTrue();
        assertThat(test("nobody > 1")).isFalse();
        assertThat(test("name")).isTrue();
    }

    @Test
    void rejectsBadExpressionsWithTheirPosition() {
        assertThatThrownBy(() -> ExpressionParser.parse("a >")).hasMessageContaining("ends where a value was expected");
        assertThatThrownBy(() -> ExpressionParser.parse("a = 1")).hasMessageContaining("use ==");
        assertThatThrownBy(() -> ExpressionParser.parse("(a > 1")).hasMessageContaining("missing ')'");
        assertThatThrownBy(() -> ExpressionParser.parse("a > 1 b")).hasMessageContaining("unexpected 'b'");
        assertThatThrownBy(() -> ExpressionParser.parse("'open")).hasMessageContaining("unclosed string");
        assertThatThrownBy(() -> ExpressionParser.parse("a && || b")).hasMessageContaining("expected a value");
        assertThatThrownBy(() -> ExpressionParser.parse("java.lang.System.exit(0)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExpressionParser.parse("")).hasMessageContaining("empty");
    }

    @Test
    void deepNestingIsRejectedNotOverflowed() {
        assertThatThrownBy(() -> ExpressionParser.parse("(".repeat(200) + "1" + ")".repeat(200)))
                .hasMessageContaining("nested too deeply");
        assertThatThrownBy(() -> ExpressionParser.parse("!".repeat(200) + "a"))
                .hasMessageContaining("nested too deeply");
    }
}
