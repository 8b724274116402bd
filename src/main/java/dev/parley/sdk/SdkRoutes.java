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
 * {@code GET /sdk/parley-chat.js}, the JavaScript client as an ES module, and {@code GET /widget.js}, the chat widget
 * built on it. Sites load them from their own pages, so they may be read from any origin. Each is read and compressed
 * once at start (a jar without them does not start) and served with a strong ETag per encoding, so a browser
 * revalidates it cheaply: the URLs carry no version, hence a short max-age. Immutable, so thread-safe.
 */
public final class SdkRoutes implements HttpService {

    /** The path the module is served at. */
    public static final String PATH = "/sdk/parley-chat.js";

    /** The path the widget is served at. */
    public static final String WIDGET_PATH = "/widget.js";

    private static final String TYPE = "text/javascript; charset=utf-8";
    private static final String CACHE = "public, max-age=300";

    private final Script client = Script.load("/sdk/parley-chat.js");
    private final Script widget = Script.load("/sdk/widget.js");

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, (req, res) -> serve(client, req, res));
        rules.get(WIDGET_PATH, (req, res) -> serve(widget, req, res));
    }

    private static void serve(Script script, ServerRequest req, ServerResponse res) {
        byte[] plain = script.plain();
        byte[] gzipped = script.gzipped();
        String tag = script.tag();
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

    /** One script as read from the jar, its gzipped form and its ETag. */
    private record Script(byte[] plain, byte[] gzipped, String tag) {

        static Script load(String resource) {
            byte[] plain = read(resource);
            return new Script(plain, gzip(plain), sha256(plain));
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = SdkRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The script " + resource + " is missing from the jar");
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
