package dev.parley.export;

import dev.parley.json.Times;

/** Parts of an export's file name, safe in a {@code Content-Disposition} header and on any file system. Stateless. */
final class FileName {

    private static final int MAX_CLIENT_PART = 64;

    private FileName() {
    }

    /** The client id with anything but {@code A-Z a-z 0-9 . _ -} replaced by {@code _}, cut to 64 characters. */
    static String safe(String clientId) {
        String safe = clientId.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.length() > MAX_CLIENT_PART ? safe.substring(0, MAX_CLIENT_PART) : safe;
    }

    /** {@code -from-<date>} and {@code -to-<date>} for the bounds given, as compact UTC times. */
    static String span(long from, long to) {
        return (from > 0 ? "-from-" + compact(from) : "") + (to < Long.MAX_VALUE ? "-to-" + compact(to) : "");
    }

    private static String compact(long millis) {
        return Times.iso(millis).replace(":", "").replace(".000", "");
    }
}
