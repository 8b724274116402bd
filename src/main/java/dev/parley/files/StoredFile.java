package dev.parley.files;

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
