package dev.parley.store;

/** The SQL dialects Parley runs on; SQL that differs between them is chosen by this. */
public enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String migrations;

    Dialect(String migrations) {
        this.migrations = migrations;
    }

    /** The folder under {@code db/migration} that holds this dialect's Flyway scripts. */
    public String migrations() {
        return migrations;
    }
}
