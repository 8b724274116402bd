package dev.parley.files;

import dev.parley.events.ClientKey;
import dev.parley.store.Database;
import java.util.Optional;

/**
 * The {@code files} table: descriptions and bytes side by side, so that on PostgreSQL every node serves every file.
 * The channel's deletion removes its files with the rest of its clients' data. Thread-safe.
 */
public final class FileStore {

    private final Database db;

    public FileStore(Database db) {
        this.db = db;
    }

    public void insert(StoredFile f, byte[] content) {
        db.write(h -> h.createUpdate("""
                        INSERT INTO files (id, channel_id, client_id, name, mime_type, size, created_at, content)
                        VALUES (:id, :channelId, :clientId, :name, :mimeType, :size, :createdAt, :content)""")
                .bind("id", f.id()).bind("channelId", f.channelId()).bind("clientId", f.clientId())
                .bind("name", f.name()).bind("mimeType", f.mimeType()).bind("size", f.size())
                .bind("createdAt", f.createdAt()).bind("content", content).execute());
    }

    public Optional<StoredFile.WithContent> find(String id) {
        return db.read(h -> h.createQuery("""
                        SELECT id, channel_id, client_id, name, mime_type, size, created_at, content
                        FROM files WHERE id = :id""")
                .bind("id", id)
                .map((rs, ctx) -> new StoredFile.WithContent(new StoredFile(rs.getString(1), rs.getLong(2),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7)),
                        rs.getBytes(8)))
                .findOne());
    }

    /**
     * Deletes every file of one client; for the erasure of a client's data (the channel's deletion removes its
     * files by itself).
     *
     * @return how many files were deleted
     */
    public int deleteClient(long channelId, String clientId) {
        return db.write(h -> h.createUpdate("DELETE FROM files WHERE channel_id = :channelId AND client_id = :clientId")
                .bind("channelId", channelId).bind("clientId", clientId).execute());
    }

    /** {@link #deleteClient(long, String)} for one client key. */
    public int deleteClient(ClientKey key) {
        return deleteClient(key.channelId(), key.clientId());
    }
}
