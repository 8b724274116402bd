package dev.parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the documents under {@code docs/} are the project's whole reference: every relative link leads to a
 * file of the repository (and to a heading of it, with an anchor), and none points at the design notes the project
 * was built from, which are not part of it.
 */
class DocsLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern CODE = Pattern.compile("(?ms)^```.*?^```");
    private static final List<String> OUTSIDE = List.of("CHATAPI.md", "DESIGN.md", "shared/");

    @Test
    void everyRelativeLinkLeadsToAFileAndHeadingOfTheRepository() {
        List<String> links = new ArrayList<>();
        for (Path document : documents()) {
            Matcher link = LINK.matcher(CODE.matcher(read(document)).replaceAll(""));
            while (link.find()) {
                String target = link.group(1);
                if (!target.startsWith("http://") && !target.startsWith("https://")) {
                    links.add(target);
                    assertResolves(document, target);
                }
            }
        }
        assertThat(links).hasSizeGreaterThan(20);
    }

    @Test
    void nothingPointsOutsideTheRepository() {
        List<Path> files = new ArrayList<>(documents());
        files.add(Path.of("src/main/resources/dev/parley/observe/openapi.yaml"));

        assertThat(files).allSatisfy(file -> assertThat(read(file)).as(file.toString()).doesNotContain(OUTSIDE));
        assertThat(read(Path.of("README.md"))).contains("docs/chat-api.md", "docs/scenarios.md", "`GET /docs`");
    }

    private static void assertResolves(Path document, String target) {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path linked = file.isEmpty() ? document : document.resolveSibling(file).normalize();
        assertThat(linked).as("%s links to %s", document, target).isRegularFile();
        if (hash >= 0) {
            assertThat(anchors(linked)).as("%s links to %s", document, target).contains(target.substring(hash + 1));
        }
    }

    /** The anchors GitHub gives a document's headings: lower case, punctuation dropped, spaces made hyphens. */
    private static List<String> anchors(Path document) {
        return CODE.matcher(read(document)).replaceAll("").lines().filter(line -> line.startsWith("#"))
                .map(line -> line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                .toList();
    }

    private static List<Path> documents() {
        List<Path> documents = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
