package dev.parley.channel;

import java.util.List;
import java.util.Optional;

/** Persistence of channels. Implementations are thread-safe. */
public interface ChannelStore {

    Channel insert(Channel channel);

    Optional<Channel> findById(long id);

    Optional<Channel> findByToken(String token);

    List<Channel> list();

    /** Replaces every field but the id and creation time; false when the channel no longer exists. */
    boolean update(Channel channel);

    /** Deletes the channel and everything its clients left behind; false when it did not exist. */
    boolean delete(long id);

    boolean isEmpty();
}
