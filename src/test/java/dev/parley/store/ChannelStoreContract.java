package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.events.EventWriter;
import dev.parley.channel.Channel;
import dev.parley.channel.JdbiChannelStore;
import dev.parley.events.ClientKey;
import dev.parley.events.EventStore;
import dev.parley.files.FileStore;
import dev.parley.files.StoredFile;
import dev.parley.state.StateStore;
import dev.parley.store.LogFixture.Spec;
import java.util.List;
import java.util.OptionalLong;
import org.jdbi.v3.core.statement.StatementException;
import org.junit.jupiter.api.Test;

/** {@link JdbiChannelStore}: channels by id and token, and deleting one takes its clients' data with it. */
interface ChannelStoreContract extends StoreContract {

    List<String> CLIENT_TABLES = List.of("events", "clients", "read_cursors", "client_states", "idempotency",
            "files");

    private static Channel channel(String token) {
        return new Channel(0, "shop", token, true, "https://hooks.example/in", "s3cret", "name: shop", 1,
                Channel.CONNECTED, 1_000, 1_000, "identity-secret-0123456789");
    }

    private static Channel copy(Channel c, String name, String token, long createdAt) {
        return new Channel(c.id(), name, token, false, "", "", "name: other", c.scenarioVersion() + 1, "DRAFT",
                createdAt, 2_000, "");
    }

    @Test
    default void insertedChannelIsFoundByIdAndByTokenWithEveryField() {
        JdbiChannelStore store = new JdbiChannelStore(db());
        assertThat(store.isEmpty()).isTrue();

        Channel saved = store.insert(channel("tok-1"), "admin-token");

        assertThat(saved.id()).isPositive();
        assertThat(saved).usingRecursiveComparison().ignoringFields("id").isEqualTo(channel("tok-1"));
        assertThat(store.findById(saved.id())).contains(saved);
        assertThat(store.findByToken("tok-1")).contains(saved);
        assertThat(store.findByToken("tok-2")).isEmpty();
        assertThat(store.isEmpty()).isFalse();
    }

    @Test
    default void channelsAreListedInTheOrderTheyWereCreated() {
        JdbiChannelStore store = new JdbiChannelStore(db());
        Channel first = store.insert(channel("tok-a"), "admin-token");
        Channel second = store.insert(channel("tok-b"), "admin-token");

        assertThat(store.list()).containsExactly(first, second);
        assertThat(second.id()).isGreaterThan(first.id());
    }

    @Test
    default void updateReplacesEveryFieldButTheIdAndCreationTime() {
        JdbiChannelStore store = new JdbiChannelStore(db());
        Channel saved = store.insert(channel("tok-1"), "admin-token");

        assertThat(store.update(copy(saved, "renamed", "tok-2", 99))).isTrue();

        Channel expected = copy(saved, "renamed", "tok-2", saved.createdAt());
        assertThat(store.findById(saved.id())).contains(expected);
        assertThat(store.findByToken("tok-2")).contains(expected);
        assertThat(store.findByToken("tok-1")).isEmpty();
    }

    @Test
    default void updateOfAChannelThatNoLongerExistsReportsFalse() {
        JdbiChannelStore store = new JdbiChannelStore(db());
        Channel gone = store.insert(channel("tok-1"), "admin-token");
        store.delete(gone.id());

        assertThat(store.update(copy(gone, "renamed", "tok-1", 1))).isFalse();
        assertThat(store.list()).isEmpty();
    }

    @Test
    default void tokenUniquenessIsEnforcedByTheDatabase() {
        JdbiChannelStore store = new JdbiChannelStore(db());
        Channel first = store.insert(channel("same"), "admin-token");
        Channel other = store.insert(channel("other"), "admin-token");

        assertThatThrownBy(() -> store.insert(channel("same"), "admin-token")).isInstanceOf(StatementException.class);
        assertThatThrownBy(() -> store.update(copy(other, "other", "same", 1)))
                .isInstanceOf(StatementException.class);
        assertThat(store.list()).containsExactly(first, other);
    }

    @Test
    default void deleteRemovesTheChannelAndEverythingItsClientsLeftBehind() {
        JdbiChannelStore store = new JdbiChannelStore(db());
        Channel doomed = store.insert(channel("tok-1"), "admin-token");
        Channel kept = store.insert(channel("tok-2"), "admin-token");
        leaveClientData(new ClientKey(doomed.id(), "ann"));
        leaveClientData(new ClientKey(kept.id(), "ann"));

        assertThat(store.delete(doomed.id())).isTrue();

        assertThat(store.findById(doomed.id())).isEmpty();
        assertThat(store.list()).containsExactly(kept);
        for (String table : CLIENT_TABLES) {
            assertThat(log().rows(table, doomed.id())).as(table).isZero();
            assertThat(log().rows(table, kept.id())).as(table).isPositive();
        }
        assertThat(store.delete(doomed.id())).isFalse();
    }

    @Test
    default void aFileIsFoundByIdAndGoesWithItsClientsErasure() {
        JdbiChannelStore store = new JdbiChannelStore(db());
        Channel channel = store.insert(channel("tok-1"), "admin-token");
        FileStore files = new FileStore(db());
        byte[] content = {1, 2, 3, 0, (byte) 0xFF};
        StoredFile ann = new StoredFile("AAAAAAAAAAAAAAAAAAAAAA", channel.id(), "ann", "a.png", "image/png", 5, 1_000);
        StoredFile bob = new StoredFile("BBBBBBBBBBBBBBBBBBBBBB", channel.id(), "bob", "b.png", "image/png", 5, 1_000);
        files.insert(ann, content);
        files.insert(bob, content);

        StoredFile.WithContent found = files.find(ann.id()).orElseThrow();
        assertThat(found.file()).isEqualTo(ann);
        assertThat(found.content()).isEqualTo(content);
        assertThat(files.deleteClient(channel.id(), "ann")).isEqualTo(1);
        assertThat(files.deleteClient(channel.id() + 1, "bob")).as("another channel's bob").isZero();
        assertThat(files.find(ann.id())).isEmpty();
        assertThat(files.find(bob.id())).isPresent();
    }

    /** A row in every table that holds client data: events, client row, read cursor, state, idempotency key, file. */
    private void leaveClientData(ClientKey client) {
        log().append(client, 1_000, Spec.request("q1", "hi"), Spec.reply("q1", "hello"));
        new EventStore(db()).saveCursor(client, "tab", 1_001);
        new StateStore(db(), new EventWriter(db(), List.of())).save(client, "", "{\"cart\":1}", OptionalLong.empty(), 1_002);
        db().write(h -> h.createUpdate("""
                        INSERT INTO idempotency (channel_id, idem_key, client_id, response, created_at)
                        VALUES (:channelId, 'key-1', :clientId, '{}', 1000)""")
                .bind("channelId", client.channelId()).bind("clientId", client.clientId()).execute());
        new FileStore(db()).insert(new StoredFile(client.channelId() + "-" + client.clientId() + "-0123456789abcdef",
                client.channelId(), client.clientId(), "a.txt", "text/plain", 2, 1_003), new byte[] {'h', 'i'});
    }
}
