package dev.parley.sdk;

import java.util.Locale;

/** Reads the request headers that choose a representation: {@code Accept-Encoding} and {@code If-None-Match}. */
final class Encodings {

    private Encodings() {
    }

    /** Whether the client takes gzip: listed (or {@code *}) without {@code q=0}. */
    static boolean acceptsGzip(String acceptEncoding) {
        for (String item : acceptEncoding.split(",")) {
            String[] parts = item.trim().toLowerCase(Locale.ROOT).split(";");
            String coding = parts[0].trim();
            if ((coding.equals("gzip") || coding.equals("x-gzip") || coding.equals("*")) && !refused(parts)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an {@code If-None-Match} names the current script in either encoding: {@code *}, or one of its tags
     * (the comparison is weak, as RFC 9110 wants for {@code If-None-Match}).
     */
    static boolean matches(String ifNoneMatch, String tag) {
        for (String item : ifNoneMatch.split(",")) {
            String candidate = item.trim();
            if (candidate.equals("*")) {
                return true;
            }
            candidate = candidate.startsWith("W/") ? candidate.substring(2) : candidate;
            if (candidate.equals("\"" + tag + "\"") || candidate.equals("\"" + tag + "-gzip\"")) {
                return true;
            }
        }
        return false;
    }

    private static boolean refused(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].replace(" ", "");
            if (parameter.matches("q=0(\\.0{0,3})?")) {
                return true;
            }
        }
        return false;
    }
}
