package dev.parley.files;

import dev.parley.events.ClientKey;
import dev.parley.http.ApiException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Accepts a client's upload after checking its size, type and bytes, and finds stored files. Thread-safe. */
public final class FileService {

    private final FileStore store;
    private final Clock clock;
    private final RandomGenerator random;
    private final int maxBytes;
    private final List<String> types;

    /**
     * @param random a cryptographically strong generator in production: the ids are the files' only protection
     * @param maxBytes the largest file accepted
     * @param types the MIME types accepted, each one of {@link Sniffer#CHECKABLE}
     */
    public FileService(FileStore store, Clock clock, RandomGenerator random, int maxBytes, List<String> types) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.maxBytes = maxBytes;
        this.types = List.copyOf(types);
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** Stores a client's file; too large → 413, a type not allowed or bytes that are not of the type → 415. */
    public StoredFile upload(ClientKey client, String filename, String mimeType, byte[] content) {
        if (content.length > maxBytes) {
            throw tooLarge();
        }
        if (content.length == 0) {
            throw new ApiException.BadRequest("Invalid request payload: the file is empty");
        }
        if (!types.contains(mimeType)) {
            throw new ApiException.UnsupportedMediaType("Files of type '" + mimeType + "' are not accepted; allowed: "
                    + String.join(", ", types));
        }
        if (!Sniffer.matches(mimeType, content)) {
            throw new ApiException.UnsupportedMediaType("The file's content is not " + mimeType
                    + ", the type it was sent as");
        }
        StoredFile file = new StoredFile(newId(), client.channelId(), client.clientId(), FileNames.sanitize(filename),
                mimeType, content.length, clock.millis());
        store.insert(file, content);
        return file;
    }

    /** The file with this id, when it belongs to the channel. */
    public Optional<StoredFile.WithContent> find(long channelId, String id) {
        if (!id.matches("[A-Za-z0-9_-]{22}")) {
            return Optional.empty();
        }
        return store.find(id).filter(found -> found.file().channelId() == channelId);
    }

    public ApiException tooLarge() {
        return new ApiException.TooLarge("The file is larger than the limit of " + maxBytes
                + " bytes (PARLEY_UPLOAD_MAX)");
    }

    /** 128 random bits, URL-safe: 22 characters. */
    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
