package dev.parley.chatapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/chat-api.md} holds to the OpenAPI document: every JSON example parses, every reply in them has the
 * fields its type's schema names (and those it requires), every reply type of the document is shown, and every Chat
 * API path of the document is explained.
 */
class ChatApiDocsTest {

    private static final Path DOC = Path.of("docs/chat-api.md");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```\\s*$");
    private static final String OPENAPI = "/dev/parley/observe/openapi.yaml";

    private final String page = read();
    private final JsonNode openApi = openApi();

    @Test
    void everyJsonExampleParses() {
        assertThat(jsonExamples()).hasSizeGreaterThanOrEqualTo(15);
    }

    @Test
    void everyReplyInTheExamplesHasTheFieldsOfItsTypesSchema() {
        Map<String, JsonNode> schemas = replySchemas();
        List<JsonNode> replies = new ArrayList<>();
        jsonExamples().forEach(example -> collectReplies(example, replies));

        assertThat(replies).hasSizeGreaterThanOrEqualTo(15).allSatisfy(reply -> {
            JsonNode schema = schemas.getOrDefault(reply.path("type").asText(), schemas.get(""));
            Set<String> known = new HashSet<>();
            schema.path("properties").fieldNames().forEachRemaining(known::add);
            if (!schema.path("additionalProperties").asBoolean(false)) {
                reply.fieldNames().forEachRemaining(field -> assertThat(known).as("%s in %s", field, reply)
                        .contains(field));
            }
            schema.path("required").forEach(field -> assertThat(reply.has(field.asText())).as("%s in %s", field, reply)
                    .isTrue());
        });
        Set<String> shown = new HashSet<>();
        replies.forEach(reply -> shown.add(reply.path("type").asText()));
        assertThat(shown).containsAll(schemas.keySet().stream().filter(type -> !type.isEmpty()).toList());
        assertThat(shown).anySatisfy(type -> assertThat(schemas).doesNotContainKey(type));
    }

    @Test
    void everyChatApiPathOfTheOpenApiDocumentIsExplained() {
        List<String> paths = new ArrayList<>();
        openApi.path("paths").fieldNames().forEachRemaining(path -> {
            if (path.startsWith("/chatapi/")) {
                paths.add(path);
            }
        });

        assertThat(paths).hasSizeGreaterThanOrEqualTo(9)
                .allSatisfy(path -> assertThat(page).contains(" " + path + "`"));
    }

    @Test
    void everyErrorCodeOfTheChatApiIsListed() {
        List<String> codes = List.of("chatapi.request.invalid_payload", "chatapi.channel.not_found",
                "chatapi.message.not_found", "http.not_found", "http.method_not_allowed", "chatapi.request.timeout",
                "chatapi.state.precondition_failed", "chatapi.request.too_large",
                "chatapi.request.unsupported_media_type", "chatapi.request.rate_limited", "server.fault");

        assertThat(codes).allSatisfy(code -> assertThat(page).contains("`" + code + "`"));
    }

    /** The typed reply schemas by their {@code type}, and the catch-all schema under {@code ""}. */
    private Map<String, JsonNode> replySchemas() {
        Map<String, JsonNode> schemas = new HashMap<>();
        for (JsonNode ref : openApi.at("/components/schemas/Reply/oneOf")) {
            JsonNode schema = openApi.at(ref.path("$ref").asText().substring(1));
            JsonNode types = schema.at("/properties/type/enum");
            schemas.put(types.isMissingNode() ? "" : types.get(0).asText(), schema);
        }
        assertThat(schemas).containsKey("");
        return schemas;
    }

    private static void collectReplies(JsonNode node, List<JsonNode> replies) {
        if (node.isObject() && node.path("replies").isArray()) {
            node.get("replies").forEach(replies::add);
        }
        node.forEach(child -> collectReplies(child, replies));
    }

    private List<JsonNode> jsonExamples() {
        List<JsonNode> examples = new ArrayList<>();
        Matcher fence = FENCE.matcher(page);
        while (fence.find()) {
            if (fence.group(1).equals("json")) {
                try {
                    examples.add(new ObjectMapper().readTree(fence.group(2)));
                } catch (IOException e) {
                    fail("the JSON example at docs/chat-api.md:" + (page.substring(0, fence.start()).lines().count() + 1)
                            + " does not parse: " + e.getMessage());
                }
            }
        }
        return examples;
    }

    private static String read() {
        try {
            return Files.readString(DOC, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode openApi() {
        try (InputStream in = ChatApiDocsTest.class.getResourceAsStream(OPENAPI)) {
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
