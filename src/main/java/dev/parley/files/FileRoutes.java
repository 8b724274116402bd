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
 * client call) and {@code GET /chatapi/{token}/files/{fileId}}, the first form of file urls, kept so that links already
 * sent keep working; new urls are those of {@link FileLinkRoutes}, without the channel's token.
 */
public final class FileRoutes implements HttpService {

    private final String prefix;
    private final ChannelDirectory channels;
    private final FileService files;
    private final String publicUrl;

    /**
     * @param prefix the Chat API prefix these routes are under, such as {@code /chatapi}
     * @param publicUrl the server's public URL that file urls start with; empty for urls relative to the server
     */
    public FileRoutes(String prefix, ChannelDirectory channels, FileService files, String publicUrl) {
        this.prefix = prefix;
        this.channels = channels;
        this.files = files;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
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
        Responses.json(res, 201, view(files.upload(key, receive(req, key, type)), publicUrl));
    }

    private Multipart.Part receive(ServerRequest req, ClientKey key, String type) {
        try {
            return Requests.stream(req, files.maxBodyBytes(), in -> files.receive(key, type, in));
        } catch (ApiException.TooLarge e) {
            throw files.tooLarge(); // the declared length: say which setting limits it
        }
    }

    private void download(ServerRequest req, ServerResponse res) {
        ActiveChannel channel = channels.resolve(Requests.pathParam(req, "token"));
        String id = Requests.pathParam(req, "fileId");
        serve(res, files.find(channel.id(), id).orElseThrow(() -> notFound(id)));
    }

    static ApiException notFound(String id) {
        return new ApiException.NotFound("chatapi.file.not_found", "File " + id + " not found");
    }

    /** A stored file as its own kind of response: never a page, never sniffed into something else. */
    static void serve(ServerResponse res, StoredFile.WithContent found) {
        StoredFile file = found.file();
        res.header(HeaderNames.CONTENT_TYPE, file.mimeType().equals("text/plain") ? "text/plain; charset=utf-8"
                : file.mimeType());
        res.header(HeaderNames.CONTENT_DISPOSITION,
                FileNames.contentDisposition(file.isImage() ? "inline" : "attachment", file.name()));
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        // a file is never a page: no scripts, no plugins, whatever a browser makes of it
        res.header(HeaderNames.create("Content-Security-Policy"), "default-src 'none'; sandbox");
        // images are shown in pages of other origins (the sites that embed the widget)
        res.header(HeaderNames.create("Cross-Origin-Resource-Policy"), "cross-origin");
        res.header(HeaderNames.CACHE_CONTROL, "private, max-age=31536000, immutable");
        res.send(found.content());
    }

    /** {@code {url, name, mimeType, size}}: the shape the widget puts in a {@code fileEvent}'s {@code data.files}. */
    static ObjectNode view(StoredFile file, String publicUrl) {
        return Json.object().put("url", publicUrl + file.path()).put("name", file.name())
                .put("mimeType", file.mimeType()).put("size", file.size());
    }
}
