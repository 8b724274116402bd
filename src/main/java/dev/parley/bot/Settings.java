package dev.parley.bot;

/**
 * Scenario-level {@code settings}: the classifier's {@code threshold} (below it a request goes to
 * {@code /CatchAll}) and the {@code language} of its phrases.
 */
record Settings(double threshold, String language) {

    static final double DEFAULT_THRESHOLD = 0.4;

    static Settings defaults() {
        return new Settings(DEFAULT_THRESHOLD, TextAnalyzer.DEFAULT_LANGUAGE);
    }
}
