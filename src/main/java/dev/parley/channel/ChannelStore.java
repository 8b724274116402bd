package dev.parley.channel;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Persistence of channels and of their scenario versions. Implementations are thread-safe. */
public interface ChannelStore {

    /** Inserts the channel and its scenario as its first version, in one transaction. */
    Channel insert(Channel channel, String createdBy);

    Optional<Channel> findById(long id);

    Optional<Channel> findByToken(String token);

    List<Channel> list();

    /** Replaces every field but the id and creation time; false when the channel no longer exists. */
    boolean update(Channel channel);

    /**
     * {@link #update}, and, when {@code channel.scenarioVersion()} is a new version, the channel's scenario kept as
     * that version, in one transaction; false, changing nothing, when the channel no longer exists or its version is
     * no longer {@code previousVersion} (another deploy came first, whose scenario this change must not undo).
     */
    boolean deploy(Channel channel, long previousVersion, String createdBy);

    /** The channel's scenario versions, newest first. */
    List<ScenarioVersion> versions(long channelId);

    Optional<ScenarioVersion.WithSource> version(long channelId, long version);

    /** The client count and last activity of one channel, read from an index of the clients. */
    ClientActivity activity(long channelId);

    /** {@link #activity(long)} of every channel that has clients. */
    Map<Long, ClientActivity> activity();

    /** Deletes the channel and everything its clients left behind; false when it did not exist. */
    boolean delete(long id);

    boolean isEmpty();
}
