package dev.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
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
    void loneStarAfterAWordDoesNotCompleteThatWord() {
        assertThat(IntentPattern.parse("* order *").matches("ordering now")).isFalse();
        assertThat(IntentPattern.parse("order *").matches("order now please")).isTrue();
    }

    @Test
    void starPatternsCopeWithAVeryLongText() {
        String longText = "a ".repeat(30_000);

        assertThat(IntentPattern.parse("* bye").matches(longText + "bye")).isTrue();
        assertThat(IntentPattern.parse("* bye").matches(longText)).isFalse();
        assertThat(IntentPattern.parse("* a * b * c *").matches(longText + "b")).isFalse();
        assertThat(IntentPattern.parse("a* b*").matches(longText)).isFalse();
    }

    @Test
    void starPatternsMatchExactlyWhatTheirRegularExpressionWould() {
        Random random = new Random(7);
        String[] pieces = {"a", "b", "ab", "*", "a*", "*b", "a*b", "**"};
        for (int round = 0; round < 20_000; round++) {
            StringBuilder pattern = new StringBuilder();
            for (int w = 0, words = 1 + random.nextInt(4); w < words; w++) {
                pattern.append(pieces[random.nextInt(pieces.length)]).append(' ');
            }
            StringBuilder text = new StringBuilder();
            for (int w = 0, words = random.nextInt(6); w < words; w++) {
                text.append(pieces[random.nextInt(3)]).append(random.nextBoolean() ? " " : "b ");
            }
            String words = IntentPattern.normalize(pattern.toString(), true);
            String framed = " " + IntentPattern.normalize(text.toString(), false) + " ";

            assertThat(IntentPattern.parse(pattern.toString()).matches(text.toString()))
                    .as("pattern '%s', text '%s'", pattern, text)
                    .isEqualTo(Pattern.compile(oracle(words)).matcher(framed).matches());
        }
    }

    /** The regular expression plain patterns used to compile to, recursion and all: the reference semantics. */
    private static String oracle(String words) {
        StringBuilder regex = new StringBuilder();
        for (String word : words.split(" ")) {
            if (word.chars().allMatch(c -> c == '*')) {
                regex.append("(?: \\S+)*");
            } else {
                regex.append(' ').append(Arrays.stream(word.split("\\*", -1))
                        .map(part -> part.isEmpty() ? "" : Pattern.quote(part)).collect(Collectors.joining(".*")));
            }
        }
        return regex.append(' ').toString();
    }

    @Test
    void regexThatBacktracksWithoutEndOnALongTextDoesNotMatch() {
        String longText = "a".repeat(20_000);

        assertThat(IntentPattern.parse("re:(a+)+b").matches(longText)).isFalse();
        assertThat(IntentPattern.parse("re:(a|b)*c").matches(longText)).isFalse();
        assertThat(IntentPattern.parse("re:(a|b)*").matches("ab".repeat(50))).isTrue();
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
