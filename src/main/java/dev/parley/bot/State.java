package dev.parley.bot;

import java.util.List;

/** A compiled state: its path, its blocks in order and the line of its key. Immutable. */
record State(String path, List<Block> blocks, int line) {

    State {
        blocks = List.copyOf(blocks);
    }

    /** An entry point: something outside the script (an intent, an event, a new session, the fallback) leads here. */
    boolean isEntry() {
        return path.equals(Scenario.START) || path.equals(Scenario.CATCH_ALL)
                || blocks.stream().anyMatch(block -> block instanceof Block.Intent || block instanceof Block.Event);
    }
}
