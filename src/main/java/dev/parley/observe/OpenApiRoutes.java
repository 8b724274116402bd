package dev.parley.observe;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.parley.http.Responses;
import dev.parley.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;

/**
 * {@code GET /openapi}: the OpenAPI document of Parley's HTTP API, as YAML, or as JSON when the caller's
 * {@code Accept} prefers it. Both forms are built once at start, so a broken document stops the server from starting
 * rather than failing a request. Immutable, so thread-safe.
 */
public final class OpenApiRoutes implements HttpService {

    private static final String RESOURCE = "/dev/parley/observe/openapi.yaml";
    private static final String YAML_TYPE = "application/yaml; charset=UTF-8";
    private static final Set<String> JSON_NAMES = Set.of("application/json");
    private static final Set<String> YAML_NAMES = Set.of("application/yaml", "application/x-yaml", "text/yaml");

    private final byte[] yaml;
    private final byte[] json;

    public OpenApiRoutes() {
        this.yaml = read();
        try {
            YAMLMapper mapper = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
            this.json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(mapper.readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException("The OpenAPI document " + RESOURCE + " is not valid YAML", e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/openapi", this::document);
    }

    private void document(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.VARY, "Accept");
        if (prefersJson(req.headers().first(HeaderNames.ACCEPT).orElse(""))) {
            Responses.json(res, 200, json);
            return;
        }
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, YAML_TYPE);
        res.send(yaml);
    }

    /**
     * Whether an {@code Accept} header ranks {@code application/json} above {@code application/yaml}: by quality, then
     * by how specifically each is named ({@code application/json} beats a wildcard). A tie, an absent or a
     * garbled header keeps the YAML default.
     */
    static boolean prefersJson(String accept) {
        Rank json = Rank.NONE;
        Rank yaml = Rank.NONE;
        for (String part : accept.split(",")) {
            String[] params = part.split(";");
            String range = params[0].trim().toLowerCase(Locale.ROOT);
            double quality = quality(params);
            json = json.max(Rank.of(range, JSON_NAMES, quality));
            yaml = yaml.max(Rank.of(range, YAML_NAMES, quality));
        }
        return json.quality() > 0 && json.compareTo(yaml) > 0;
    }

    private static double quality(String[] params) {
        for (int i = 1; i < params.length; i++) {
            String[] pair = params[i].split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("q")) {
                try {
                    return Math.clamp(Double.parseDouble(pair[1].trim()), 0.0, 1.0);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /** How a media range matches one of {@code names}: its specificity (0 for none) and quality. */
    private record Rank(int specificity, double quality) implements Comparable<Rank> {
        static final Rank NONE = new Rank(0, 0);

        static Rank of(String range, Set<String> names, double quality) {
            return switch (range) {
                case "*/*" -> new Rank(1, quality);
                case "application/*" -> new Rank(2, quality);
                default -> names.contains(range) ? new Rank(3, quality) : NONE;
            };
        }

        /** The most specific match decides the quality (RFC 9110, section 12.5.1). */
        Rank max(Rank other) {
            return other.specificity > specificity ? other : this;
        }

        @Override
        public int compareTo(Rank other) {
            int byQuality = Double.compare(quality, other.quality);
            return byQuality != 0 ? byQuality : Integer.compare(specificity, other.specificity);
        }
    }

    private static byte[] read() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The OpenAPI document " + RESOURCE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
