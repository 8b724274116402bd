package dev.parley.home;

import dev.parley.sdk.SdkRoutes;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /}: the first page a newcomer sees, with the chat widget on the demo channel, so opening the server in a
 * browser is enough to chat with the bot, and links to the console and the API docs. The demo channel is looked up on
 * every request (it may be created, renamed or deleted while the server runs); without one the page says how to
 * create a channel. The page has no inline script or style: the strict policy of {@code http.SecurityHeaders} applies
 * to it, so the token reaches the widget as an escaped attribute of its script tag. Immutable, so thread-safe.
 */
public final class HomeRoutes implements HttpService {

    private static final String HEAD = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Parley</title>
            </head>
            <body>
            <main>
            <h1>Parley</h1>
            """;
    private static final String LINKS = """
            <ul>
            <li><a href="/console/">The console</a>: channels, scenarios, conversations, agents</li>
            <li><a href="/docs">The API documentation</a></li>
            </ul>
            </main>
            """;

    private final Supplier<Optional<String>> demoToken;

    /** {@code demoToken} finds the token of the demo channel, if there is one. */
    public HomeRoutes(Supplier<Optional<String>> demoToken) {
        this.demoToken = demoToken;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::page);
    }

    private void page(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(page(demoToken.get()).getBytes(StandardCharsets.UTF_8));
    }

    static String page(Optional<String> token) {
        StringBuilder html = new StringBuilder(HEAD);
        if (token.isPresent()) {
            // short lines: the open chat panel covers the right of the page
            html.append("<p>This server is running.</p>\n<p>Chat with the demo bot in the window on the right.</p>\n"
                    + "<p>Any site can embed it with one script tag.</p>\n");
        } else {
            html.append("<p>This server is running, but it has no demo channel. Create a channel in the console,"
                    + " or start the server on an empty database to get one, then embed the chat widget in any"
                    + " page with one script tag.</p>\n");
        }
        html.append(LINKS);
        token.ifPresent(t -> html.append("<script src=\"").append(SdkRoutes.WIDGET_PATH).append("\" data-token=\"")
                .append(escape(t)).append("\" data-title=\"Parley demo\" data-open=\"true\" data-start=\"true\"")
                .append(" async></script>\n"));
        return html.append("</body>\n</html>\n").toString();
    }

    /** Escapes text for an HTML attribute value in double quotes (or element content). */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
