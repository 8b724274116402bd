package dev.parley.files;

import dev.parley.events.ClientKey;
import dev.parley.http.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Accepts a client's upload after checking its size, type and bytes, and finds stored files. Thread-safe. */
public final class FileService {

    /** Room for the multipart framing and the other fields around the file itself. */
    public static final int MULTIPART_OVERHEAD = 16 * 1024;

    /** The multipart field that holds the file. */
    static final String FIELD = "file";

    private final FileStore store;
    private final Clock clock;
    private final RandomGenerator random;
    private final int maxBytes;
    private final List<String> types;
    private final UploadLimiter limiter;

    /**
     * @param random a cryptographically strong generator in production: the ids are the files' only protection
     * @param maxBytes the largest file accepted
     * @param types the MIME types accepted, each one of {@link Sniffer#CHECKABLE}
     * @param perMinute how many files one client may upload a minute; 0 for no limit
     */
    public FileService(FileStore store, Clock clock, RandomGenerator random, int maxBytes, List<String> types,
            int perMinute) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.maxBytes = maxBytes;
        this.types = List.copyOf(types);
        this.limiter = new UploadLimiter(clock, perMinute);
    }

    /** The longest upload body accepted: the largest file plus room for the multipart framing around it. */
    public long maxBodyBytes() {
        return (long) maxBytes + MULTIPART_OVERHEAD;
    }

    /**
     * Reads the file field of a client's {@code multipart/form-data} upload while it arrives, once the client's upload
     * allowance admits it (none left → 429): a file over the limit is refused (413) as soon as it passes the limit,
     * never held further.
     */
    Multipart.Part receive(ClientKey client, String contentType, InputStream body) throws IOException {
        limiter.acquire(client);
        return Multipart.field(contentType, body, FIELD, maxBytes, MULTIPART_OVERHEAD, this::tooLarge);
    }

    /** Stores a file read by {@link #receive}, once checked. */
    StoredFile upload(ClientKey client, Multipart.Part part) {
        return upload(client, part.filename(), part.contentType(), part.content());
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

    /** The file with this id, when it belongs to the channel: the first form of file urls, which held the token. */
    public Optional<StoredFile.WithContent> find(long channelId, String id) {
        return find(id).filter(found -> found.file().channelId() == channelId);
    }

    /** The file with this id, whatever its channel: the id alone is the capability. */
    public Optional<StoredFile.WithContent> find(String id) {
        return StoredFile.isId(id) ? store.find(id) : Optional.empty();
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
