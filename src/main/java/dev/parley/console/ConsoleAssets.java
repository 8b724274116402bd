package dev.parley.console;

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
 * {@code GET /console/vendor/{file}}: CodeMirror 5, the scenario studio's editor, from its WebJar on the classpath.
 * Only the files the console loads are served, under flat names, all read once at start: a missing file stops the
 * server from starting rather than failing a request, and nothing else of the jar is reachable. The dialog-based
 * "jump to line" addon is left out on purpose: it builds its markup with inline styles, which the page's
 * Content-Security-Policy refuses. Immutable, so thread-safe.
 */
public final class ConsoleAssets implements HttpService {

    private static final String WEBJAR_VERSION = "/META-INF/maven/org.webjars.npm/codemirror/pom.properties";
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=UTF-8",
            "css", "text/css; charset=UTF-8");
    /** Served name → path inside the WebJar. */
    private static final Map<String, String> FILES = files();

    /** A file as served: its bytes and content type. */
    private record Asset(byte[] body, String type) {
    }

    private final Map<String, Asset> assets;

    public ConsoleAssets() {
        String root = "/META-INF/resources/webjars/codemirror/" + webjarVersion() + "/";
        Map<String, Asset> loaded = new LinkedHashMap<>();
        FILES.forEach((name, path) -> loaded.put(name, asset(root + path)));
        this.assets = Map.copyOf(loaded);
    }

    private static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("codemirror.js", "lib/codemirror.js");
        files.put("codemirror.css", "lib/codemirror.css");
        files.put("yaml.js", "mode/yaml/yaml.js");
        files.put("searchcursor.js", "addon/search/searchcursor.js");
        files.put("search.js", "addon/search/search.js");
        files.put("dialog.js", "addon/dialog/dialog.js");
        files.put("dialog.css", "addon/dialog/dialog.css");
        return Map.copyOf(files);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{file}", this::file);
    }

    private void file(ServerRequest req, ServerResponse res) {
        Asset asset = assets.get(req.path().pathParameters().get("file"));
        if (asset == null) {
            throw new ApiException.NotFound("http.not_found", "No such endpoint: " + req.path().rawPath());
        }
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
            throw new IllegalStateException("The CodeMirror WebJar's " + WEBJAR_VERSION + " names no version");
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
        InputStream in = ConsoleAssets.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("The console needs " + resource + ", which is missing from the jar");
        }
        return in;
    }
}
