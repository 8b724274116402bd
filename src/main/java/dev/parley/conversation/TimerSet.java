package dev.parley.conversation;

/** The notice of a committed turn that set a bot timer: the timer worker, asleep until the next one it knew of, looks. */
public record TimerSet() {
}
