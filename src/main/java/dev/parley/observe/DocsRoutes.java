package dev.parley.observe;

import dev.parley.http.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code GET /docs}: the OpenAPI document as interactive documentation. The page and the script that starts Swagger UI
 * are ours ({@code dev/parley/observe/docs/}); Swagger UI's own files come from its WebJar on the classpath, so the
 * page works without reaching any other site. Only the files the page needs are served, all read once at start: a
 * missing file stops the server from starting rather than failing a request. The page's Content-Security-Policy and
 * nosniff come from {@code http.SecurityHeaders}, like every page's (Swagger UI sets styles through the DOM, which that
 * policy allows, and its icons are {@code data:} images); DocsBrowserTest renders the page under it. Immutable, so
 * thread-safe.
 */
public final class DocsRoutes implements HttpService {

    private static final String OURS = "/dev/parley/observe/docs/";
    private static final String WEBJAR_VERSION = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8", "css", "text/css; charset=UTF-8", "png", "image/png");

    /** A file as served: its bytes and content type. */
    private record Asset(byte[] body, String type) {
    }

    private final Asset page;
    private final Map<String, Asset> files;

    public DocsRoutes() {
        String webjar = "/META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/";
        this.page = asset(OURS + "index.html");
        Map<String, Asset> assets = new LinkedHashMap<>();
        assets.put("parley-docs.js", asset(OURS + "parley-docs.js"));
        assets.put("parley-docs.css", asset(OURS + "parley-docs.css"));
        for (String name : new String[] {"swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png",
            "favicon-16x16.png"}) {
            assets.put(name, asset(webjar + name));
        }
        this.files = Map.copyOf(assets);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/docs", this::page)
                .get("/docs/", this::page)
                .get("/docs/{file}", this::file);
    }

    private void page(ServerRequest req, ServerResponse res) {
        send(res, page);
    }

    private void file(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("file");
        Asset asset = files.get(name);
        if (asset == null) {
            throw new ApiException.NotFound("http.not_found", "No such endpoint: " + req.path().rawPath());
        }
        send(res, asset);
    }

    private static void send(ServerResponse res, Asset asset) {
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, asset.type());
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(asset.body());
    }

    /** The WebJar's version, from its Maven metadata, so a version bump in the build needs no code change. */
    private static String webjarVersion() {
        Properties properties = new Properties();
        try (InputStream in = open(WEBJAR_VERSION)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = properties.getProperty("version", "");
        if (version.isEmpty()) {
            throw new IllegalStateException("The Swagger UI WebJar's " + WEBJAR_VERSION + " names no version");
        }
        return version;
    }

    private static Asset asset(String resource) {
        String extension = resource.substring(resource.lastIndexOf('.') + 1);
        try (InputStream in = open(resource)) {
            return new Asset(in.readAllBytes(), TYPES.get(extension));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = DocsRoutes.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("The interactive docs need " + resource + ", which is missing from the jar");
        }
        return in;
    }
}
