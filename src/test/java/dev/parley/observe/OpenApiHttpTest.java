package dev.parley.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.parley.KnownPaths;
import dev.parley.testing.Http;
import dev.parley.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenApiHttpTest {

    /** The Chat API's second prefix, which the document describes once instead of listing every path twice. */
    private static final String ALIAS = "/chatadapter/chatapi/";
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Map<String, String> DUMMIES = Map.of("token", "probe-token-0000", "clientId", "probe",
            "questionId", "probe-question");

    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    private static TestServer server;
    private static JsonNode document;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        document = yaml(server.http().get("/openapi").text());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void openApiIsYamlByDefaultAndTheSameDocumentAsJsonWhenAsked() {
        Http.Response yaml = server.http().get("/openapi");
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.header("Content-Type")).isEqualToIgnoringCase("application/yaml; charset=UTF-8");
        assertThat(document.path("openapi").asText()).isEqualTo("3.0.3");
        assertThat(document.at("/info/title").asText()).isEqualTo("Parley");
        assertThat(document.at("/servers/0/url").asText()).isEqualTo("/");

        Http.Response json = accept("application/json");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.header("Content-Type")).startsWith("application/json");
        assertThat(json.json()).isEqualTo(document);
    }

    @Test
    void acceptPicksJsonOnlyWhenItRanksAboveYaml() {
        assertThat(accept("application/json, */*;q=0.8").header("Content-Type")).startsWith("application/json");
        assertThat(accept("text/html, application/json;q=0.9").header("Content-Type")).startsWith("application/json");
        assertThat(accept("*/*").header("Content-Type")).startsWith("application/yaml");
        assertThat(accept("application/json;q=0.5, application/yaml").header("Content-Type"))
                .startsWith("application/yaml");
        assertThat(accept("application/json;q=0").header("Content-Type")).startsWith("application/yaml");
        assertThat(accept(";;q=x,,").status()).isEqualTo(200);
    }

    @Test
    void everyPathTheServerRoutesIsDocumentedAndNoOther() {
        Set<String> documented = new TreeSet<>();
        document.path("paths").fieldNames().forEachRemaining(path -> documented.add(normalized(path)));
        Set<String> routed = new TreeSet<>();
        for (String path : KnownPaths.knownPaths()) {
            if (KnownPaths.pagePaths().contains(path)) {
                continue;
            }
            routed.add(normalized(path.startsWith(ALIAS) ? "/chatapi/" + path.substring(ALIAS.length()) : path));
        }

        assertThat(documented).isEqualTo(routed);
        assertThat(document.at("/info/description").asText()).contains(ALIAS);
    }

    @Test
    void pagesForPeopleAreRoutedAndMentionedButAreNoOperations() {
        assertThat(KnownPaths.pagePaths()).isNotEmpty().allSatisfy(page -> {
            assertThat(KnownPaths.knownPaths()).contains(page);
            assertThat(document.path("paths").has(page)).as(page).isFalse();
        });
        assertThat(document.at("/info/description").asText()).contains("`/docs`");
        assertThat(server.http().get("/docs").status()).isEqualTo(200);
    }

    @Test
    void everyDocumentedOperationIsRoutedUnderEveryPrefix() {
        for (Operation op : operations()) {
            for (String path : concrete(op.path())) {
                Http.Response response = probe(op.method(), path);
                String error = response.status() >= 400 ? response.json().path("error").asText() : "";
                assertThat(response.status()).as("%s %s", op.method(), path).isNotEqualTo(405).isLessThan(500);
                assertThat(error).as("%s %s", op.method(), path).isNotEqualTo("http.not_found");
            }
        }
    }

    @Test
    void everyMethodTheDocumentLeavesOutIsA405() {
        Map<String, Set<String>> methods = new HashMap<>();
        operations().forEach(op -> methods.computeIfAbsent(op.path(), p -> new HashSet<>()).add(op.method()));
        methods.forEach((path, documented) -> METHODS.stream().filter(m -> !documented.contains(m)).forEach(m -> {
            for (String concrete : concrete(path)) {
                Http.Response response = probe(m, concrete);
                assertThat(response.status()).as("%s %s", m, concrete).isEqualTo(405);
            }
        }));
    }

    @Test
    void everyRefResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);

        assertThat(refs).isNotEmpty();
        assertThat(refs).allSatisfy(ref -> {
            assertThat(ref).startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        });
    }

    @Test
    void everyErrorResponseIsTheErrorBodyAndOperationIdsAreUnique() {
        Set<String> ids = new HashSet<>();
        for (Operation op : operations()) {
            assertThat(ids.add(op.node().path("operationId").asText())).as("operationId of %s", op).isTrue();
            op.node().path("responses").fields().forEachRemaining(response -> {
                boolean healthDown = op.path().equals("/health") && response.getKey().equals("503");
                if (response.getKey().matches("[45]\\d\\d") && !healthDown) {
                    assertThat(resolve(response.getValue()).at("/content/application~1json/schema/$ref").asText())
                            .as("%s %s", op, response.getKey()).isEqualTo("#/components/schemas/Error");
                }
            });
        }
    }

    @Test
    void postToOpenApiIsA405JsonError() {
        Http.Response response = server.http().post("/openapi", "{}");

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.json().path("error").asText()).isEqualTo("http.method_not_allowed");
        assertThat(response.json().path("path").asText()).isEqualTo("/openapi");
    }

    private record Operation(String path, String method, JsonNode node) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String method = op.getKey().toUpperCase(Locale.ROOT);
            if (METHODS.contains(method)) {
                out.add(new Operation(path.getKey(), method, op.getValue()));
            }
        }));
        return out;
    }

    /** The documented path with dummy values for its parameters, also under the alias prefix for the Chat API. */
    private static List<String> concrete(String path) {
        StringBuilder out = new StringBuilder();
        Matcher param = PARAM.matcher(path);
        while (param.find()) {
            param.appendReplacement(out, DUMMIES.getOrDefault(param.group(1), "999999"));
        }
        String filled = param.appendTail(out).toString();
        return filled.startsWith("/chatapi/") ? List.of(filled, ALIAS + filled.substring("/chatapi/".length()))
                : List.of(filled);
    }

    /** Sends a request as an admin would, so that the admin API's authentication lets unknown methods through. */
    private static Http.Response probe(String method, String path) {
        boolean withBody = !method.equals("GET") && !method.equals("DELETE");
        return server.http().send(method, path, withBody ? "{}" : null, Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + TestServer.ADMIN_TOKEN));
    }

    private static Http.Response accept(String accept) {
        return server.http().send("GET", "/openapi", null, Map.of("Accept", accept));
    }

    private static String normalized(String path) {
        return PARAM.matcher(path).replaceAll("{}");
    }

    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, refs));
    }

    private static JsonNode yaml(String text) {
        try {
            return YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
