package dev.parley.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides credentials in text bound for the log: a channel token is a client's only credential, yet it is part of every
 * Chat API path. Stateless.
 */
public final class LogMask {

    /** What replaces a hidden part. */
    public static final String HIDDEN = "…";

    /** The segment after {@code /chatapi/} (also under {@code /chatadapter/chatapi/}), up to the next delimiter. */
    private static final Pattern CHAT_TOKEN = Pattern.compile("(?i)(/chatapi/)([^/?#\\s]+)");
    /** Generated tokens are an 8-character public prefix, a colon, and the secret. */
    private static final Pattern PUBLIC_PREFIX = Pattern.compile("(?i)^([A-Za-z0-9]{1,8}(?::|%3A))[^/?#\\s]");
    /** A query parameter whose name says it holds a secret: clientSignature, access_token, api_key, password… */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;][^=&#\\s]*(?:token|signature|secret|password|passwd|key|auth|sig)[^=&#\\s]*=)[^&#\\s]*");
    /** The password of {@code https://user:password@host}. */
    private static final Pattern USER_INFO = Pattern.compile("(://[^/?#@:\\s]*:)[^/?#@\\s]*@");

    private LogMask() {
    }

    /**
     * The path or URL with channel tokens, secret query values and URL passwords replaced by {@link #HIDDEN}; a token
     * keeps its public prefix ({@code /chatapi/V4QJ0cef:…}) so that operators can tell channels apart.
     */
    public static String mask(String text) {
        Matcher token = CHAT_TOKEN.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (token.find()) {
            token.appendReplacement(out, Matcher.quoteReplacement(token.group(1) + maskToken(token.group(2))));
        }
        token.appendTail(out);
        String masked = SECRET_PARAMETER.matcher(out).replaceAll("$1" + HIDDEN);
        return USER_INFO.matcher(masked).replaceAll("$1" + HIDDEN + "@");
    }

    /**
     * {@code error} as it should be logged: when its message, or a cause's, holds a secret of {@code path} (a database
     * error quotes the token it looked up), a copy whose messages have it masked, with the same stack traces.
     */
    public static Throwable thrown(Throwable error, String path) {
        Map<String, String> secrets = secretsIn(path);
        return leaks(error, secrets) ? new Masked(error, secrets) : error;
    }

    /** The channel tokens and secret query values in {@code path}, each with what replaces it. */
    static Map<String, String> secretsIn(String path) {
        Map<String, String> secrets = new LinkedHashMap<>();
        Matcher token = CHAT_TOKEN.matcher(path);
        while (token.find()) {
            secrets.put(token.group(2), maskToken(token.group(2)));
        }
        Matcher parameter = SECRET_PARAMETER.matcher(path);
        while (parameter.find()) {
            secrets.put(path.substring(parameter.end(1), parameter.end()), HIDDEN);
        }
        secrets.remove("");
        return secrets;
    }

    private static boolean leaks(Throwable error, Map<String, String> secrets) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (secrets.keySet().stream().anyMatch(message::contains) || !mask(message).equals(message)) {
                return true;
            }
        }
        return false;
    }

    private static String mask(String text, Map<String, String> secrets) {
        String masked = text;
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            masked = masked.replace(secret.getKey(), secret.getValue());
        }
        return mask(masked);
    }

    /** Prints as the original ({@code org.Foo: message}) with the secrets masked; the causes are masked copies too. */
    private static final class Masked extends RuntimeException {

        private final String original;

        Masked(Throwable error, Map<String, String> secrets) {
            super(error.getMessage() == null ? null : mask(error.getMessage(), secrets),
                    error.getCause() == null ? null : new Masked(error.getCause(), secrets), false, true);
            this.original = error.getClass().getName();
            setStackTrace(error.getStackTrace());
        }

        @Override
        public String toString() {
            return getMessage() == null ? original : original + ": " + getMessage();
        }
    }

    /**
     * A generated token keeps its prefix before the colon; a chosen one keeps at most its first quarter (4 characters
     * at most), too little to guess the rest from.
     */
    private static String maskToken(String token) {
        if (token.endsWith(HIDDEN)) {
            return token; // masked already
        }
        Matcher prefix = PUBLIC_PREFIX.matcher(token);
        if (prefix.find()) {
            return prefix.group(1) + HIDDEN;
        }
        return token.substring(0, Math.min(4, token.length() / 4)) + HIDDEN;
    }
}
