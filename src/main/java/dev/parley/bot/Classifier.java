package dev.parley.bot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Picks the state whose {@code intent.phrases} are most like a request: TF-IDF vectors over the
 * analyzed terms of every phrase (see {@link TextAnalyzer}) compared by cosine similarity, so the
 * score is in [0, 1], word order and punctuation do not matter, and rare words weigh more than
 * common ones. A state scores as its best phrase. Words no phrase knows weigh as much as the rarest,
 * which keeps "order pizza tonight" from matching "order status" strongly.
 * <p>The inverted index is built once per scenario; afterwards the classifier is immutable and
 * thread-safe.
 */
final class Classifier {

    /** One example phrase of a state; {@code block} and {@code line} locate it for problems. */
    record Example(String state, String phrase, int block, int line) {
    }

    record Match(String state, double score) {
    }

    private record Posting(int phrase, double weight) {
    }

    private final TextAnalyzer analyzer;
    private final List<String> phraseStates;
    private final Map<String, Double> idf;
    private final Map<String, List<Posting>> postings;
    private final double unknownIdf;

    private Classifier(TextAnalyzer analyzer, List<String> phraseStates, Map<String, Double> idf,
            Map<String, List<Posting>> postings) {
        this.analyzer = analyzer;
        this.phraseStates = List.copyOf(phraseStates);
        this.idf = Map.copyOf(idf);
        this.postings = Map.copyOf(postings);
        this.unknownIdf = smoothIdf(phraseStates.size(), 0);
    }

    /** Indexes the examples; those without a single word are passed to {@code wordless} and skipped. */
    static Classifier build(List<Example> examples, TextAnalyzer analyzer, Consumer<Example> wordless) {
        List<String> states = new ArrayList<>();
        List<Map<String, Integer>> vectors = new ArrayList<>();
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (Example example : examples) {
            Map<String, Integer> counts = termCounts(analyzer.terms(example.phrase()));
            if (counts.isEmpty()) {
                wordless.accept(example);
                continue;
            }
            states.add(example.state());
            vectors.add(counts);
            counts.keySet().forEach(term -> documentFrequency.merge(term, 1, Integer::sum));
        }
        Map<String, Double> idf = new HashMap<>();
        documentFrequency.forEach((term, df) -> idf.put(term, smoothIdf(states.size(), df)));
        return new Classifier(analyzer, states, idf, index(vectors, idf));
    }

    private static Map<String, List<Posting>> index(List<Map<String, Integer>> vectors, Map<String, Double> idf) {
        Map<String, List<Posting>> postings = new HashMap<>();
        for (int phrase = 0; phrase < vectors.size(); phrase++) {
            Map<String, Double> weights = new HashMap<>();
            vectors.get(phrase).forEach((term, tf) -> weights.put(term, tf * idf.get(term)));
            double norm = norm(weights.values());
            for (Map.Entry<String, Double> weight : weights.entrySet()) {
                postings.computeIfAbsent(weight.getKey(), term -> new ArrayList<>())
                        .add(new Posting(phrase, weight.getValue() / norm));
            }
        }
        postings.replaceAll((term, list) -> List.copyOf(list));
        return postings;
    }

    /** The best state and its score, or empty when no phrase shares a term with the text. */
    Optional<Match> classify(String text) {
        double[] scores = scores(text);
        int best = -1;
        for (int phrase = 0; phrase < scores.length; phrase++) {
            if (scores[phrase] > 0 && (best < 0 || scores[phrase] > scores[best])) {
                best = phrase;
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(new Match(phraseStates.get(best), rounded(scores[best])));
    }

    /**
     * The {@code limit} best states, each scoring as its best phrase, best first (equal scores in scenario order).
     * Only the scenario studio asks: a turn needs the best one alone ({@link #classify}).
     */
    List<Match> rank(String text, int limit) {
        double[] scores = scores(text);
        Map<String, Double> byState = new LinkedHashMap<>();
        for (int phrase = 0; phrase < scores.length; phrase++) {
            if (scores[phrase] > 0) {
                byState.merge(phraseStates.get(phrase), scores[phrase], Math::max);
            }
        }
        return byState.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(limit)
                .map(entry -> new Match(entry.getKey(), rounded(entry.getValue())))
                .toList();
    }

    /** The cosine similarity of the text to each phrase. */
    private double[] scores(String text) {
        Map<String, Integer> counts = termCounts(analyzer.terms(text));
        Map<String, Double> query = new HashMap<>();
        counts.forEach((term, tf) -> query.put(term, tf * idf.getOrDefault(term, unknownIdf)));
        double queryNorm = norm(query.values());
        double[] scores = new double[phraseStates.size()];
        query.forEach((term, weight) -> postings.getOrDefault(term, List.of())
                .forEach(posting -> scores[posting.phrase()] += weight * posting.weight() / queryNorm));
        return scores;
    }

    private static Map<String, Integer> termCounts(List<String> terms) {
        Map<String, Integer> counts = new HashMap<>();
        terms.forEach(term -> counts.merge(term, 1, Integer::sum));
        return counts;
    }

    /** The smoothed IDF of scikit-learn: never zero, so a word shared by every phrase still counts a little. */
    private static double smoothIdf(int documents, int documentFrequency) {
        return Math.log((documents + 1.0) / (documentFrequency + 1.0)) + 1.0;
    }

    private static double norm(Collection<Double> weights) {
        return Math.sqrt(weights.stream().mapToDouble(w -> w * w).sum());
    }

    private static double rounded(double score) {
        return Math.round(Math.min(1.0, Math.max(0.0, score)) * 10_000) / 10_000.0;
    }
}
