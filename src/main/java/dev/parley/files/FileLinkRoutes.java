package dev.parley.files;

import dev.parley.http.RawPaths;
import dev.parley.http.Requests;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /files/{fileId}/{name}}: anyone holding the url reads the file, so that it works in an {@code <img>}, in
 * a webhook's hands and in the agents' console. The 128-bit id alone is the capability: no channel token is in the
 * url, so rotating a token breaks no link; the name is only there for whoever saves the file. Thread-safe.
 */
public final class FileLinkRoutes implements HttpService {

    /** The path pattern of file urls. */
    public static final String PATH = "/files/{fileId}/{name}";

    private final FileService files;

    public FileLinkRoutes(FileService files) {
        this.files = files;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.route(Method.GET, RawPaths.matcher(PATH), this::download);
    }

    private void download(ServerRequest req, ServerResponse res) {
        String id = Requests.pathParam(req, "fileId");
        FileRoutes.serve(res, files.find(id).orElseThrow(() -> FileRoutes.notFound(id)));
    }
}
