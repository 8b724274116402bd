package dev.parley.store;

import dev.parley.events.ClientKey;

/** What every store contract works on: a clean, migrated database per test, and a way to fill its event log. */
interface StoreContract {

    ClientKey ANN = new ClientKey(1, "ann");
    ClientKey BOB = new ClientKey(1, "bob");

    Database db();

    LogFixture log();
}
