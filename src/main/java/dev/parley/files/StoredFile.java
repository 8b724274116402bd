package dev.parley.files;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An uploaded file's description, as stored and as answered.
 *
 * @param id 128 random bits, URL-safe base64: the capability that lets anyone holding the url read the file
 */
public record StoredFile(String id, long channelId, String clientId, String name, String mimeType, long size,
        long createdAt) {

    public StoredFile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mimeType, "mimeType");
    }

    /** Whether {@code text} has the form of a file id, so that anything else is not looked up. */
    public static boolean isId(String text) {
        return text.length() == 22 && text.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
                || c >= '0' && c <= '9' || c == '_' || c == '-');
    }

    /** The file's url: its id (the capability) and its name, so a saved file keeps it; no channel token in it. */
    public String path() {
        return "/files/" + id + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public boolean isImage() {
        return mimeType.startsWith("image/");
    }

    /** A stored file with its bytes. */
    public record WithContent(StoredFile file, byte[] content) {

        public WithContent {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(content, "content");
        }
    }
}
