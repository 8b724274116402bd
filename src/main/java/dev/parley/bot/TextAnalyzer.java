package dev.parley.bot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Turns text into the terms the classifier compares, with a Lucene language analyzer: tokenizing,
 * lower-casing, dropping stop words and stemming, so "Where's my orders??" and "where is my order"
 * yield the same terms. Text made only of stop words ("what is it") falls back to the same analyzer
 * without stop words, so short phrases still count. Thread-safe: Lucene analyzers reuse their
 * token streams per thread.
 */
final class TextAnalyzer {

    static final String DEFAULT_LANGUAGE = "en";

    /** A language's analyzer, built with a given stop word set, and its default stop words. */
    private record Language(Function<CharArraySet, Analyzer> analyzer, Supplier<CharArraySet> stopWords) {
    }

    private static final Map<String, Language> LANGUAGES = Map.of(
            "en", new Language(EnglishAnalyzer::new, EnglishAnalyzer::getDefaultStopSet),
            "ru", new Language(RussianAnalyzer::new, RussianAnalyzer::getDefaultStopSet),
            "de", new Language(GermanAnalyzer::new, GermanAnalyzer::getDefaultStopSet),
            "fr", new Language(FrenchAnalyzer::new, FrenchAnalyzer::getDefaultStopSet),
            "es", new Language(SpanishAnalyzer::new, SpanishAnalyzer::getDefaultStopSet),
            "it", new Language(ItalianAnalyzer::new, ItalianAnalyzer::getDefaultStopSet),
            "pt", new Language(PortugueseAnalyzer::new, PortugueseAnalyzer::getDefaultStopSet));

    private final Analyzer withStopWords;
    private final Analyzer withoutStopWords;

    TextAnalyzer(String language) {
        Language known = LANGUAGES.get(language.toLowerCase(Locale.ROOT));
        if (known == null) {
            throw new IllegalArgumentException("unknown language '" + language + "' (known: " + languages() + ")");
        }
        this.withStopWords = known.analyzer().apply(known.stopWords().get());
        this.withoutStopWords = known.analyzer().apply(CharArraySet.EMPTY_SET);
    }

    static Set<String> languages() {
        return new TreeSet<>(LANGUAGES.keySet());
    }

    List<String> terms(String text) {
        List<String> terms = analyze(withStopWords, text);
        return terms.isEmpty() ? analyze(withoutStopWords, text) : terms;
    }

    private static List<String> analyze(Analyzer analyzer, String text) {
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("reading from a string cannot fail", e);
        }
        return terms;
    }
}
