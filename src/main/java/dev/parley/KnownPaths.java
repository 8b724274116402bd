package dev.parley;

import dev.parley.files.FileLinkRoutes;
import dev.parley.sdk.SdkRoutes;
import java.util.ArrayList;
import java.util.List;

/**
 * Every path pattern the server routes. The fallbacks answer 405 on these paths and 404 elsewhere; tests check the
 * OpenAPI document against the list and send hostile input to each path. Stateless.
 */
public final class KnownPaths {

    static final List<String> CHAT_PREFIXES = List.of("/chatapi", "/chatadapter/chatapi");
    private static final List<String> CHAT_PATHS = List.of("/{token}", "/{token}/async", "/{token}/events",
            "/{token}/events/stream", "/{token}/client/{clientId}/history", "/{token}/client/{clientId}/state",
            "/{token}/client/{clientId}/message/{questionId}/status", "/{token}/client/{clientId}/message-statuses",
            "/{token}/client/{clientId}/message-not-read-count", "/{token}/client/{clientId}/typing",
            "/{token}/client/{clientId}/files", "/{token}/files/{fileId}");
    private static final List<String> ADMIN_PATHS = List.of("/api/v1/channels", "/api/v1/channels/{id}",
            "/api/v1/channels/{id}/scenario", "/api/v1/channels/{id}/scenario/validate",
            "/api/v1/channels/{id}/scenario/versions", "/api/v1/channels/{id}/scenario/versions/{version}",
            "/api/v1/channels/{id}/scenario/versions/{version}/restore", "/api/v1/channels/{id}/try",
            "/api/v1/channels/{id}/webhook/test", "/api/v1/scenario-templates/{name}", "/api/v1/channels/{id}/token",
            "/api/v1/channels/{id}/dead-letters", "/api/v1/channels/{id}/dead-letters/redeliver",
            "/api/v1/dead-letters/{id}/redeliver",
            "/api/v1/channels/{id}/campaigns", "/api/v1/campaigns/{id}", "/api/v1/campaigns/{id}/cancel",
            "/api/v1/agents", "/api/v1/agents/{id}", "/api/v1/presence", "/api/v1/accounts", "/api/v1/accounts/{id}",
            "/api/v1/agent/login", "/api/v1/agent/logout", "/api/v1/agent/conversations",
            "/api/v1/agent/conversations/{id}/accept", "/api/v1/agent/conversations/{id}/messages",
            "/api/v1/agent/conversations/{id}/history", "/api/v1/agent/conversations/{id}/close",
            "/api/v1/agent/conversations/{id}/typing", "/api/v1/agent/stream", "/api/v1/channels/{id}/clients",
            "/api/v1/channels/{id}/search", "/api/v1/channels/{id}/clients/{clientId}",
            "/api/v1/channels/{id}/clients/{clientId}/history", "/api/v1/channels/{id}/clients/{clientId}/transcript",
            "/api/v1/channels/{id}/export", "/api/v1/stats", "/api/v1/overview");
    private static final List<String> OBSERVE_PATHS = List.of("/health", "/metrics", "/openapi");
    private static final List<String> FILE_PATHS = List.of(FileLinkRoutes.PATH);
    /**
     * Pages for people rather than API operations, so the OpenAPI document does not list them. The files under
     * {@code /docs/} are left out: a name the page does not use is a 404 whatever the method.
     */
    private static final List<String> PAGE_PATHS = List.of("/", "/docs", SdkRoutes.PATH, SdkRoutes.WIDGET_PATH);

    private KnownPaths() {
    }

    /**
     * Every path pattern the server routes, such as {@code /chatapi/{token}/events}, under both Chat API prefixes.
     */
    public static List<String> knownPaths() {
        List<String> paths = new ArrayList<>(ADMIN_PATHS);
        paths.addAll(OBSERVE_PATHS);
        paths.addAll(FILE_PATHS);
        paths.addAll(PAGE_PATHS);
        for (String prefix : CHAT_PREFIXES) {
            CHAT_PATHS.forEach(path -> paths.add(prefix + path));
        }
        return List.copyOf(paths);
    }

    /** The paths of {@link #knownPaths()} that serve pages for people (the interactive docs), not API operations. */
    public static List<String> pagePaths() {
        return PAGE_PATHS;
    }
}
