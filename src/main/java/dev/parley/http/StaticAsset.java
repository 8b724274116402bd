package dev.parley.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A file from the classpath, read once at start and served as it is: the console's editor and the interactive docs
 * come from WebJars this way. A missing file stops the server from starting rather than failing a request.
 * Immutable, so thread-safe.
 */
public record StaticAsset(byte[] body, String type) {

    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8", "css", "text/css; charset=UTF-8", "png", "image/png");

    /** The classpath resource {@code resource}, typed by its extension. */
    public static StaticAsset load(String resource) {
        String extension = resource.substring(resource.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(extension);
        if (type == null) {
            throw new IllegalArgumentException("No content type known for " + resource);
        }
        try (InputStream in = open(resource)) {
            return new StaticAsset(in.readAllBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where the files of the WebJar {@code group:artifact} are on the classpath, ending in {@code /}: its version is
     * read from the WebJar's Maven metadata, so a version bump in the build needs no code change.
     */
    public static String webjarRoot(String group, String artifact) {
        String metadata = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        Properties properties = new Properties();
        try (InputStream in = open(metadata)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = properties.getProperty("version", "");
        if (version.isEmpty()) {
            throw new IllegalStateException("The WebJar's " + metadata + " names no version");
        }
        return "/META-INF/resources/webjars/" + artifact + "/" + version + "/";
    }

    /** Answers with this file; browsers revalidate it, so an upgraded server is picked up at once. */
    public void send(ServerResponse res) {
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, type);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(body);
    }

    private static InputStream open(String resource) {
        InputStream in = StaticAsset.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is missing from the jar");
        }
        return in;
    }
}
