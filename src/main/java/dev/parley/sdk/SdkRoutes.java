package dev.parley.sdk;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /sdk/parley-chat.js}: the JavaScript client as an ES module. Sites load it from their own pages, so it
 * may be read from any origin. It is read and compressed once at start (a jar without it does not start) and served
 * with a strong ETag per encoding, so a browser revalidates it cheaply: the URL carries no version, hence a short
 * max-age. Immutable, so thread-safe.
 */
public final class SdkRoutes implements HttpService {

    /** The path the module is served at. */
    public static final String PATH = "/sdk/parley-chat.js";

    private static final String RESOURCE = "/sdk/parley-chat.js";
    private static final String TYPE = "text/javascript; charset=utf-8";
    private static final String CACHE = "public, max-age=300";

    private final byte[] plain;
    private final byte[] gzipped;
    private final String tag;

    public SdkRoutes() {
        this.plain = read();
        this.gzipped = gzip(plain);
        this.tag = sha256(plain);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, this::script);
    }

    private void script(ServerRequest req, ServerResponse res) {
        boolean gzip = Encodings.acceptsGzip(req.headers().first(HeaderNames.ACCEPT_ENCODING).orElse(""));
        String etag = "\"" + tag + (gzip ? "-gzip" : "") + "\"";
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        res.header(HeaderNames.VARY, "Accept-Encoding");
        res.header(HeaderNames.CACHE_CONTROL, CACHE);
        res.header(HeaderNames.ETAG, etag);
        if (Encodings.matches(req.headers().first(HeaderNames.IF_NONE_MATCH).orElse(""), tag)) {
            res.status(304).send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, TYPE);
        if (gzip) {
            res.header(HeaderNames.CONTENT_ENCODING, "gzip");
        }
        res.status(200).send(gzip ? gzipped : plain);
    }

    private static byte[] read() {
        try (InputStream in = SdkRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The JavaScript client " + RESOURCE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest, 0, 16).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
