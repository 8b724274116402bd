package dev.parley.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.channel.ActiveChannel;
import dev.parley.channel.ChannelDirectory;
import dev.parley.events.ClientIdentity;
import dev.parley.events.ClientKey;
import dev.parley.http.ApiException;
import dev.parley.http.RawPaths;
import dev.parley.http.Requests;
import dev.parley.http.Responses;
import dev.parley.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * {@code POST /chatapi/{token}/client/{clientId}/files} (a client uploads, behind identity verification like every
 * client call) and {@code GET /chatapi/{token}/files/{fileId}} (anyone holding the unguessable url reads it, so that
 * it works in an {@code <img>} and in the agents' console).
 */
public final class FileRoutes implements HttpService {

    /** Room for the multipart framing around the file itself. */
    public static final int MULTIPART_OVERHEAD = 16 * 1024;

    private final String prefix;
    private final ChannelDirectory channels;
    private final FileService files;

    /** @param prefix the Chat API prefix these routes are under, such as {@code /chatapi} */
    public FileRoutes(String prefix, ChannelDirectory channels, FileService files) {
        this.prefix = prefix;
        this.channels = channels;
        this.files = files;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.route(Method.POST, RawPaths.matcher(prefix + "/{token}/client/{clientId}/files"), this::upload)
                .route(Method.GET, RawPaths.matcher(prefix + "/{token}/files/{fileId}"), this::download);
    }

    private void upload(ServerRequest req, ServerResponse res) {
        ActiveChannel channel = channels.resolve(Requests.pathParam(req, "token"));
        ClientKey key = ClientIdentity.verified(channel.channel(), Optional.of(Requests.pathParam(req, "clientId")),
                Requests.clientSignature(req));
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        Multipart.Part part = Multipart.field(type, body(req), "file");
        StoredFile file = files.upload(key, part.filename(), part.contentType(), part.content());
        Responses.json(res, 201, view(file, prefix + "/" + Requests.pathParam(req, "token")));
    }

    private byte[] body(ServerRequest req) {
        try {
            return Requests.body(req, files.maxBytes() + MULTIPART_OVERHEAD);
        } catch (ApiException.TooLarge e) {
            throw files.tooLarge();
        }
    }

    private void download(ServerRequest req, ServerResponse res) {
        ActiveChannel channel = channels.resolve(Requests.pathParam(req, "token"));
        String id = Requests.pathParam(req, "fileId");
        StoredFile.WithContent found = files.find(channel.id(), id).orElseThrow(() -> new ApiException.NotFound(
                "chatapi.file.not_found", "File " + id + " not found"));
        StoredFile file = found.file();
        res.header(HeaderNames.CONTENT_TYPE, file.mimeType().equals("text/plain") ? "text/plain; charset=utf-8"
                : file.mimeType());
        res.header(HeaderNames.CONTENT_DISPOSITION,
                FileNames.contentDisposition(file.isImage() ? "inline" : "attachment", file.name()));
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        // a file is never a page: no scripts, no plugins, whatever a browser makes of it
        res.header(HeaderNames.create("Content-Security-Policy"), "default-src 'none'; sandbox");
        res.header(HeaderNames.CACHE_CONTROL, "private, max-age=31536000, immutable");
        res.send(found.content());
    }

    /** {@code {url, name, mimeType, size}}: the shape the widget puts in a {@code fileEvent}'s {@code data.files}. */
    static ObjectNode view(StoredFile file, String base) {
        return Json.object().put("url", base + "/files/" + file.id()).put("name", file.name())
                .put("mimeType", file.mimeType()).put("size", file.size());
    }
}
