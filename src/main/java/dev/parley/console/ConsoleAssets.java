package dev.parley.console;

import dev.parley.http.ApiException;
import dev.parley.http.StaticAsset;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /console/vendor/{file}}: CodeMirror 5, the scenario studio's editor, and uPlot, the overview's charts,
 * from their WebJars on the classpath.
 * Only the files the console loads are served, under flat names, all read once at start: a missing file stops the
 * server from starting rather than failing a request, and nothing else of the jar is reachable. The dialog-based
 * "jump to line" addon is left out on purpose: it builds its markup with inline styles, which the page's
 * Content-Security-Policy refuses. Immutable, so thread-safe.
 */
public final class ConsoleAssets implements HttpService {

    /** Served name → path inside CodeMirror's WebJar. */
    private static final Map<String, String> FILES = files();
    /** Served name → path inside uPlot's WebJar: the ES module (it draws on a canvas, styling by script only). */
    private static final Map<String, String> UPLOT_FILES = Map.of("uplot.js", "dist/uPlot.esm.js",
            "uplot.css", "dist/uPlot.min.css");

    private final Map<String, StaticAsset> assets;

    public ConsoleAssets() {
        String root = StaticAsset.webjarRoot("org.webjars.npm", "codemirror");
        Map<String, StaticAsset> loaded = new LinkedHashMap<>();
        FILES.forEach((name, path) -> loaded.put(name, StaticAsset.load(root + path)));
        String uplot = StaticAsset.webjarRoot("org.webjars.npm", "uplot");
        UPLOT_FILES.forEach((name, path) -> loaded.put(name, StaticAsset.load(uplot + path)));
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
        StaticAsset asset = assets.get(req.path().pathParameters().get("file"));
        if (asset == null) {
            throw new ApiException.NotFound("http.not_found", "No such endpoint: " + req.path().rawPath());
        }
        asset.send(res);
    }
}
