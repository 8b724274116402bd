package dev.parley.files;

import dev.parley.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds one field of a {@code multipart/form-data} body (RFC 7578) already read into memory within its limit. Only
 * what browsers send is needed: the boundary from the content type, each part's {@code Content-Disposition} and
 * {@code Content-Type}. Stateless and thread-safe.
 */
final class Multipart {

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(?:\"([^\"]{1,70})\"|([^;\\s]{1,70}))");
    private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i);\\s*filename=\"([^\"]*)\"");
    private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** A file field: its file name as sent, its declared type (lower case, without parameters) and its bytes. */
    record Part(String filename, String contentType, byte[] content) {
    }

    private Multipart() {
    }

    /** The part named {@code field}; a body that is not multipart, or has no such part, is a 4xx naming it. */
    static Part field(String contentType, byte[] body, String field) {
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiException.UnsupportedMediaType("Unsupported content type '" + contentType
                    + "': send multipart/form-data with the file in the field '" + field + "'");
        }
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            throw invalid("the multipart/form-data content type has no boundary");
        }
        String b = boundary.group(1) != null ? boundary.group(1) : boundary.group(2);
        byte[] delimiter = ("--" + b).getBytes(StandardCharsets.ISO_8859_1);
        byte[] next = ("\r\n--" + b).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int headersStart = at + delimiter.length;
            if (startsWith(body, headersStart, "--")) {
                break;
            }
            int headersEnd = indexOf(body, HEADER_END, headersStart);
            int end = headersEnd < 0 ? -1 : indexOf(body, next, headersEnd + HEADER_END.length);
            if (end < 0) {
                throw invalid("the multipart body ends in the middle of a part");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            Optional<Part> part = part(headers, field, Arrays.copyOfRange(body, headersEnd + HEADER_END.length, end));
            if (part.isPresent()) {
                return part.get();
            }
            at = end + 2;
        }
        throw invalid("the multipart body has no field '" + field + "'");
    }

    private static Optional<Part> part(String headers, String field, byte[] content) {
        String disposition = header(headers, "content-disposition");
        Matcher name = NAME.matcher(disposition);
        if (!name.find() || !name.group(1).equals(field)) {
            return Optional.empty();
        }
        Matcher filename = FILENAME.matcher(disposition);
        String type = header(headers, "content-type").split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return Optional.of(new Part(filename.find() ? filename.group(1) : "", type, content));
    }

    private static String header(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }

    private static boolean startsWith(byte[] body, int at, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return body.length >= at + bytes.length && Arrays.equals(body, at, at + bytes.length, bytes, 0, bytes.length);
    }

    private static int indexOf(byte[] body, byte[] what, int from) {
        outer:
        for (int i = from; i <= body.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (body[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static ApiException invalid(String message) {
        return new ApiException.BadRequest("Invalid request payload: " + message);
    }
}
