package dev.parley.files;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** File names as clients send them, made safe to store and to send back in a header. Stateless and thread-safe. */
final class FileNames {

    static final int MAX_LENGTH = 255;

    private FileNames() {
    }

    /**
     * The last segment of a path (browsers on Windows send {@code C:\fakepath\a.png}), without control or
     * direction-changing characters, at most {@value #MAX_LENGTH} characters; {@code file} when nothing is left.
     */
    static String sanitize(String raw) {
        String name = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
        StringBuilder out = new StringBuilder();
        name.codePoints().filter(c -> !Character.isISOControl(c) && !isBidiControl(c)).forEach(out::appendCodePoint);
        String clean = out.toString().strip();
        if (clean.codePointCount(0, clean.length()) > MAX_LENGTH) {
            clean = clean.substring(0, clean.offsetByCodePoints(0, MAX_LENGTH));
        }
        return clean.isEmpty() || clean.equals(".") || clean.equals("..") ? "file" : clean;
    }

    /** {@code attachment} (or {@code inline}) with an ASCII fallback name and the exact one per RFC 5987. */
    static String contentDisposition(String type, String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7E]|[\"\\\\]", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        return type + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private static boolean isBidiControl(int c) {
        return c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069 || c == 0x200E || c == 0x200F;
    }
}
