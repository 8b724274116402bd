package dev.parley.events;

/**
 * Told of every committed transaction of {@link EventWriter}, after the commit, on the committing thread: wake-ups of
 * waiting polls and streams, webhook nudges, the agents' live events, counters. Must be quick and must not write to
 * the database in the caller's stead (queue the work instead); an exception is logged and does not reach the caller,
 * whose data is committed.
 */
@FunctionalInterface
public interface CommitListener {

    void committed(Committed committed);
}
