package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.channel.Channel;
import dev.parley.channel.ClientActivity;
import dev.parley.channel.JdbiChannelStore;
import dev.parley.channel.ScenarioVersion;
import dev.parley.events.ClientClock;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@link JdbiChannelStore}'s scenario versions, and the client activity the channel list shows. */
interface ScenarioVersionsContract extends StoreContract {

    private static Channel deployed(Channel c, String source, long version, long at) {
        return new Channel(c.id(), c.name(), c.token(), c.blockForm(), c.webhookUrl(), c.webhookSecret(), source,
                version, c.status(), c.createdAt(), at, c.identitySecret());
    }

    private Channel newChannel(JdbiChannelStore store, String token) {
        return store.insert(new Channel(0, "shop", token, false, "", "", "name: one", 1, Channel.CONNECTED, 1_000,
                1_000, ""), "admin-token");
    }

    private void client(long channelId, String clientId, long lastActivity, boolean test) {
        db().write(h -> h.createUpdate("""
                        INSERT INTO clients (channel_id, client_id, session, session_version, session_ended,
                                             last_activity, last_ts, message_count, test, activity_minute)
                        VALUES (:channelId, :clientId, '', 1, 0, :at, :at, 1, :test, :minute)""")
                .bind("channelId", channelId).bind("clientId", clientId).bind("at", lastActivity)
                .bind("minute", ClientClock.activityMinute(lastActivity))
                .bind("test", test ? 1 : 0).execute());
    }

    @Test
    default void aNewChannelsScenarioIsItsFirstVersion() {
        JdbiChannelStore store = new JdbiChannelStore(db());
        Channel channel = newChannel(store, "tok-1");

        assertThat(store.versions(channel.id())).containsExactly(new ScenarioVersion(1, 1_000, "admin-token"));
        assertThat(store.version(channel.id(), 1)).contains(new ScenarioVersion.WithSource(
                new ScenarioVersion(1, 1_000, "admin-token"), "name: one"));
    }

    @Test
    default void eachDeployUpdatesTheChannelAndKeepsAVersionNewestFirst() {
        JdbiChannelStore store = new JdbiChannelStore(db());
        Channel channel = newChannel(store, "tok-1");

        assertThat(store.deploy(deployed(channel, "name: two", 2, 2_000), 1, "alice")).isTrue();
        assertThat(store.deploy(deployed(channel, "name: three", 3, 3_000), 2, "bob")).isTrue();

        assertThat(store.versions(channel.id())).containsExactly(new ScenarioVersion(3, 3_000, "bob"),
                new ScenarioVersion(2, 2_000, "alice"), new ScenarioVersion(1, 1_000, "admin-token"));
        assertThat(store.version(channel.id(), 2).orElseThrow().source()).isEqualTo("name: two");
        assertThat(store.findById(channel.id()).orElseThrow().scenarioSource()).isEqualTo("name: three");
    }

    @Test
    default void aDeployFromAStaleVersionChangesNothing() {
        JdbiChannelStore store = new JdbiChannelStore(db());
        Channel channel = newChannel(store, "tok-1");
        store.deploy(deployed(channel, "name: two", 2, 2_000), 1, "alice");

        assertThat(store.deploy(deployed(channel, "name: late", 2, 2_500), 1, "bob")).isFalse();

        assertThat(store.versions(channel.id())).extracting(ScenarioVersion::createdBy).containsExactly("alice",
                "admin-token");
        assertThat(store.findById(channel.id()).orElseThrow().scenarioSource()).isEqualTo("name: two");
    }

    @Test
    default void aChangeThatKeepsTheVersionKeepsNoNewVersionButStillYieldsToADeployMadeMeanwhile() {
        JdbiChannelStore store = new JdbiChannelStore(db());
        Channel channel = newChannel(store, "tok-1");
        Channel renamed = new Channel(channel.id(), "renamed", "tok-1", false, "", "", "name: one", 1,
                Channel.CONNECTED, 1_000, 1_500, "");

        assertThat(store.deploy(renamed, 1, "")).isTrue();
        store.deploy(deployed(renamed, "name: two", 2, 2_000), 1, "alice");

        assertThat(store.deploy(new Channel(channel.id(), "late rename", "tok-1", false, "", "", "name: one", 1,
                Channel.CONNECTED, 1_000, 2_500, ""), 1, "")).isFalse();
        assertThat(store.versions(channel.id())).extracting(ScenarioVersion::version).containsExactly(2L, 1L);
        assertThat(store.findById(channel.id()).orElseThrow().name()).isEqualTo("renamed");
        assertThat(store.findById(channel.id()).orElseThrow().scenarioSource()).isEqualTo("name: two");
    }

    @Test
    default void versionsBelongToTheirChannelAndGoWithIt() {
        JdbiChannelStore store = new JdbiChannelStore(db());
        Channel first = newChannel(store, "tok-1");
        Channel second = newChannel(store, "tok-2");
        store.deploy(deployed(first, "name: two", 2, 2_000), 1, "alice");

        assertThat(store.version(second.id(), 2)).isEmpty();
        assertThat(store.versions(second.id())).hasSize(1);

        store.delete(first.id());

        assertThat(store.versions(first.id())).isEmpty();
        assertThat(store.version(first.id(), 1)).isEmpty();
        assertThat(store.versions(second.id())).hasSize(1);
    }

    @Test
    default void activityCountsTheClientsButTestClientsAndKnowsTheLatest() {
        JdbiChannelStore store = new JdbiChannelStore(db());
        Channel shop = newChannel(store, "tok-1");
        Channel quiet = newChannel(store, "tok-2");
        client(shop.id(), "ann", 5_000, false);
        client(shop.id(), "bob", 7_000, false);
        client(shop.id(), "studio", 9_000, true);

        assertThat(store.activity(shop.id())).isEqualTo(new ClientActivity(2, OptionalLong.of(7_000)));
        assertThat(store.activity(quiet.id())).isEqualTo(ClientActivity.NONE);
        assertThat(store.activity()).containsOnlyKeys(shop.id())
                .containsEntry(shop.id(), new ClientActivity(2, OptionalLong.of(7_000)));
        assertThat(List.copyOf(store.activity().values())).hasSize(1);
    }

    @Test
    default void activityIsTheLatestOfTheLatestMinuteWhereverTheChannelsClientsFall() {
        JdbiChannelStore store = new JdbiChannelStore(db());
        Channel shop = newChannel(store, "tok-1");
        Channel other = newChannel(store, "tok-2");
        client(shop.id(), "ann", 59_999, false);
        client(shop.id(), "bob", 125_000, false); // minute 2, with carl: the latest is the greater of the two
        client(shop.id(), "carl", 170_500, false);
        client(shop.id(), "dora", 120_000, false);
        client(shop.id(), "studio", 180_000, true); // a later minute, but a test client
        client(other.id(), "eve", 300_000, false); // a later minute, but another channel

        assertThat(store.activity(shop.id())).isEqualTo(new ClientActivity(4, OptionalLong.of(170_500)));
        assertThat(store.activity()).containsOnly(
                Map.entry(shop.id(), new ClientActivity(4, OptionalLong.of(170_500))),
                Map.entry(other.id(), new ClientActivity(1, OptionalLong.of(300_000))));
    }
}
