package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class IntentPatternTest {

    @Test
    void plainPatternIgnoresCaseAndPunctuation() {
        IntentPattern pattern = IntentPattern.parse("order status");

        assertThat(pattern.matches("Order   STATUS!!")).isTrue();
        assertThat(pattern.matches("  order, status? ")).isTrue();
        assertThat(pattern.matches("order status please")).isFalse();
    }

    @Test
    void apostrophesDoNotSplitWords() {
        assertThat(IntentPattern.parse("what's up").matches("Whats up?")).isTrue();
        assertThat(IntentPattern.parse("whats up").matches("What’s up")).isTrue();
    }

    @Test
    void loneStarMatchesAnyWordsIncludingNone() {
        IntentPattern pattern = IntentPattern.parse("* order *");

        assertThat(pattern.matches("order")).isTrue();
        assertThat(pattern.matches("my order please")).isTrue();
        assertThat(pattern.matches("where is my order")).isTrue();
        assertThat(pattern.matches("reorder")).isFalse();
    }

    @Test
    void starInsideAWordMatchesAnyText() {
        IntentPattern pattern = IntentPattern.parse("hello*");

        assertThat(pattern.matches("hello")).isTrue();
        assertThat(pattern.matches("Hellooo")).isTrue();
        assertThat(pattern.matches("hello there, bot")).isTrue();
        assertThat(pattern.matches("oh hello")).isFalse();
    }

    @Test
    void regexPatternMatchesTheWholeTextIgnoringCase() {
        IntentPattern pattern = IntentPattern.parse("re:order\\s+#?\\d+");

        assertThat(pattern.matches("ORDER #123")).isTrue();
        assertThat(pattern.matches("  order 5 ")).isTrue();
        assertThat(pattern.matches("my order 5")).isFalse();
    }

    @Test
    void badRegexIsRejected() {
        assertThatThrownBy(() -> IntentPattern.parse("re:(unclosed")).isInstanceOf(PatternSyntaxException.class);
    }

    @Test
    void patternWithoutWordsIsRejected() {
        assertThatThrownBy(() -> IntentPattern.parse("?!")).hasMessageContaining("no words");
    }

    @Test
    void enginePrefersTheFirstMatchingPatternInScenarioOrder() {
        BotHarness bot = BotHarness.of("""
                states:
                  /Greeting:
                    - intent: {patterns: ["hello*"]}
                    - text: greeting
                  /Order:
                    - intent: {patterns: ["re:.*\\\\d+.*", "hello order"]}
                    - text: order
                """);

        assertThat(bot.say("Hello order 5")).satisfies(turn -> {
            assertThat(turn.nlpClass()).isEqualTo("/Greeting");
            assertThat(turn.confidence()).isEqualTo(1.0);
        });
        assertThat(bot.say("parcel 42").nlpClass()).isEqualTo("/Order");
    }
}
