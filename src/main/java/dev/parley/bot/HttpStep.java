package dev.parley.bot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.observe.LogMask;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an {@code http} block: renders its request, sends it through the {@link HttpBlockClient}
 * and saves values of a 2xx JSON answer into variables. Values substituted into the URL are
 * percent-encoded, so a client's text cannot add path segments or query parameters — except a
 * placeholder that starts the URL, which supplies a base URL such as {@code {{api}}/orders}.
 * Thread-safe: holds only the client and a read-only {@code ObjectMapper}.
 */
final class HttpStep {

    private static final System.Logger LOG = System.getLogger(HttpStep.class.getName());

    private final HttpBlockClient client;
    private final ObjectMapper json = new ObjectMapper();

    HttpStep(HttpBlockClient client) {
        this.client = client;
    }

    /** Sends the request; answers whether it succeeded (a 2xx status). {@code channel} names it in log lines. */
    boolean run(Block.Http block, Scope scope, String channel) {
        URI url;
        try {
            url = URI.create(url(block.url(), scope));
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "http block at line " + block.line() + " built a bad URL: "
                    + LogMask.mask(String.valueOf(e.getMessage())));
            return false;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        block.headers().forEach((name, value) -> headers.put(name, value.render(scope)));
        String body = body(block, scope, headers);
        HttpBlockResponse response = send(client, new HttpBlockRequest(block.method(), url, headers, body, block.timeout()));
        if (response.successful()) {
            save(block.save(), response.body(), scope.variables());
        } else if (response.refused()) {
            LOG.log(System.Logger.Level.WARNING, "http block at line " + block.line() + " of " + channel + " was "
                    + response.error() + "; it goes to its fail state");
        } else {
            LOG.log(System.Logger.Level.DEBUG, "http block at line " + block.line() + " failed: "
                    + (response.error().isEmpty() ? "status " + response.status() : LogMask.mask(response.error())));
        }
        return response.successful();
    }

    /**
     * Sends a request of a scenario's http block or of an external bot: a client that throws is a failed call, so a
     * failing endpoint never fails the turn.
     */
    static HttpBlockResponse send(HttpBlockClient client, HttpBlockRequest request) {
        try {
            return client.send(request);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the http block client failed for " + LogMask.mask(request.url().toString()), e);
            return HttpBlockResponse.failure(e.toString());
        }
    }

    private static String url(Template template, Scope scope) {
        StringBuilder url = new StringBuilder();
        boolean first = true;
        for (Template.Part part : template.parts()) {
            String text = new Template(template.source(), List.of(part)).render(scope);
            url.append(part instanceof Template.Placeholder && !first ? encode(text) : text);
            first = false;
        }
        return url.toString().strip();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String body(Block.Http block, Scope scope, Map<String, String> headers) {
        if (block.textBody() != null) {
            headers.putIfAbsent("Content-Type", "text/plain; charset=utf-8");
            return block.textBody().render(scope);
        }
        if (block.jsonBody() != null) {
            headers.putIfAbsent("Content-Type", "application/json");
            return JsonTemplates.render(block.jsonBody(), scope).toString();
        }
        return "";
    }

    private void save(Map<String, JsonPath> save, String body, ObjectNode variables) {
        if (save.isEmpty()) {
            return;
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            root = JsonNodeFactory.instance.textNode(body);
        }
        JsonNode document = root == null || root.isMissingNode() ? JsonNodeFactory.instance.textNode(body) : root;
        save.forEach((variable, path) -> {
            JsonNode value = path.read(document);
            VarPath.parse(variable).set(variables, value.isMissingNode() ? JsonNodeFactory.instance.nullNode() : value.deepCopy());
        });
    }
}
