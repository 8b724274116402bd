package dev.parley.files;

import dev.parley.http.ApiException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds one field of a {@code multipart/form-data} body (RFC 7578) while it arrives: the field's bytes are kept up to
 * their limit and no further (past it the upload is refused at once, before the rest is read), everything else is
 * skipped within a small allowance. Only what browsers send is needed: the boundary from the content type, each
 * part's {@code Content-Disposition} and {@code Content-Type}. Stateless and thread-safe; one reader per body.
 */
final class Multipart {

    /** How long one part's headers may be. */
    static final int MAX_HEADERS = 8 * 1024;

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(?:\"([^\"\\r\\n]{1,70})\"|([^;\\s]{1,70}))");
    private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i);\\s*filename=\"([^\"]*)\"");
    private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** A file field: its file name as sent, its declared type (lower case, without parameters) and its bytes. */
    record Part(String filename, String contentType, byte[] content) {
    }

    private final InputStream in;
    /** {@code CRLF--boundary}: the body is read as if it began with a CRLF, so the first delimiter is like the rest. */
    private final byte[] delimiter;
    private boolean virtualCrlf = true;
    private int virtualAt;

    private Multipart(InputStream in, byte[] delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /**
     * The part named {@code field}, at most {@code maxBytes} long (longer → {@code tooLarge}, as soon as the limit is
     * passed); at most {@code maxOther} bytes of anything else. A body that is not multipart, or has no such part, is a
     * 4xx naming it.
     */
    static Part field(String contentType, InputStream body, String field, int maxBytes, int maxOther,
            Supplier<ApiException> tooLarge) throws IOException {
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiException.UnsupportedMediaType("Unsupported content type '" + contentType
                    + "': send multipart/form-data with the file in the field '" + field + "'");
        }
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            throw invalid("the multipart/form-data content type has no boundary");
        }
        String b = boundary.group(1) != null ? boundary.group(1) : boundary.group(2);
        return new Multipart(new BufferedInputStream(body, 16 * 1024), ("\r\n--" + b).getBytes(StandardCharsets.ISO_8859_1))
                .find(field, maxBytes, maxOther, tooLarge);
    }

    private Part find(String field, int maxBytes, int maxOther, Supplier<ApiException> tooLarge) throws IOException {
        Sink skipped = new Sink(maxOther, () -> invalid("the parts before the field '" + field + "' are longer than "
                + maxOther + " bytes"));
        if (!untilDelimiter(skipped)) {
            throw invalid("the multipart body has no field '" + field + "'");
        }
        while (true) {
            if (isClosingDelimiter()) {
                throw invalid("the multipart body has no field '" + field + "'");
            }
            String headers = headers();
            String disposition = header(headers, "content-disposition");
            Matcher name = NAME.matcher(disposition);
            boolean wanted = name.find() && name.group(1).equals(field);
            Sink sink = wanted ? new Sink(maxBytes, tooLarge) : skipped;
            if (!untilDelimiter(sink)) {
                throw invalid("the multipart body ends in the middle of a part");
            }
            if (wanted) {
                Matcher filename = FILENAME.matcher(disposition);
                String type = header(headers, "content-type").split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
                return new Part(filename.find() ? filename.group(1) : "", type, sink.bytes());
            }
        }
    }

    /** After a delimiter: {@code --} ends the body; otherwise the rest of the line is padding before the headers. */
    private boolean isClosingDelimiter() throws IOException {
        int previous = read();
        int c = read();
        if (previous == '-' && c == '-') {
            return true;
        }
        for (int n = 0; !(previous == '\r' && c == '\n'); n++) {
            if (c < 0 || n > 256) {
                throw invalid("a multipart delimiter is not followed by a line break");
            }
            previous = c;
            c = read();
        }
        return false;
    }

    /** A part's header lines, up to the blank line that ends them. */
    private String headers() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // the CRLF that ended the delimiter line counts towards the blank line, so a part without headers works
        out.write('\r');
        out.write('\n');
        int matched = 2;
        while (matched < HEADER_END.length) {
            int c = read();
            if (c < 0) {
                throw invalid("the multipart body ends in the headers of a part");
            }
            if (out.size() > MAX_HEADERS) {
                throw invalid("the headers of a part are longer than " + MAX_HEADERS + " bytes");
            }
            out.write(c);
            matched = c == HEADER_END[matched] ? matched + 1 : c == '\r' ? 1 : 0;
        }
        byte[] bytes = out.toByteArray();
        return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_8);
    }

    /**
     * Reads up to the next delimiter, handing the bytes before it to {@code sink}; false when the body ended first. The
     * delimiter starts with the only CR and LF it holds, so on a mismatch the bytes held back are never a delimiter's
     * beginning except for a new CR.
     */
    private boolean untilDelimiter(Sink sink) throws IOException {
        int matched = 0;
        while (true) {
            int c = read();
            if (c < 0) {
                return false;
            }
            if (c == (delimiter[matched] & 0xFF)) {
                if (++matched == delimiter.length) {
                    return true;
                }
                continue;
            }
            sink.write(delimiter, matched);
            matched = 0;
            if (c == '\r') {
                matched = 1;
            } else {
                sink.write(c);
            }
        }
    }

    private int read() throws IOException {
        if (virtualCrlf) {
            int c = virtualAt == 0 ? '\r' : '\n';
            virtualCrlf = ++virtualAt < 2;
            return c;
        }
        return in.read();
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

    private static ApiException invalid(String message) {
        return new ApiException.BadRequest("Invalid request payload: " + message);
    }

    /** Bytes kept up to a limit; one more is refused at once. */
    private static final class Sink {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final int limit;
        private final Supplier<ApiException> overflow;
        private long size;

        Sink(int limit, Supplier<ApiException> overflow) {
            this.limit = limit;
            this.overflow = overflow;
        }

        void write(int b) {
            if (++size > limit) {
                throw overflow.get();
            }
            out.write(b);
        }

        void write(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                write(bytes[i]);
            }
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
