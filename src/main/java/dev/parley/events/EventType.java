package dev.parley.events;

/** The kinds of items in a client's event log, named as the Chat API names them. */
public enum EventType {
    REQUEST("request"),
    BOT_RESPONSE("botResponse"),
    HUMAN_RESPONSE("humanResponse"),
    STATE("state");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static EventType fromWire(String wire) {
        for (EventType type : values()) {
            if (type.wire.equals(wire)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown event type " + wire);
    }
}
