package dev.parley.observe;

import dev.parley.http.ApiException;
import dev.parley.http.StaticAsset;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

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

    private final StaticAsset page;
    private final Map<String, StaticAsset> files;

    public DocsRoutes() {
        String webjar = StaticAsset.webjarRoot("org.webjars", "swagger-ui");
        this.page = StaticAsset.load(OURS + "index.html");
        Map<String, StaticAsset> assets = new LinkedHashMap<>();
        assets.put("parley-docs.js", StaticAsset.load(OURS + "parley-docs.js"));
        assets.put("parley-docs.css", StaticAsset.load(OURS + "parley-docs.css"));
        for (String name : new String[] {"swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png",
            "favicon-16x16.png"}) {
            assets.put(name, StaticAsset.load(webjar + name));
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
        page.send(res);
    }

    private void file(ServerRequest req, ServerResponse res) {
        StaticAsset asset = files.get(req.path().pathParameters().get("file"));
        if (asset == null) {
            throw new ApiException.NotFound("http.not_found", "No such endpoint: " + req.path().rawPath());
        }
        asset.send(res);
    }
}
