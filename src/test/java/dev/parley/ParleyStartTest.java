package dev.parley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.config.Config;
import dev.parley.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A start that fails leaves nothing running behind it. */
class ParleyStartTest {

    /** The platform threads of the database's connection pools, which live as long as the pools are open. */
    private static long poolThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("parley-sqlite") && t.getName().endsWith("housekeeper")).count();
    }

    @Test
    void aServerWhosePortIsTakenFailsToStartAndClosesWhatItOpened() {
        try (TestServer running = TestServer.start()) {
            long before = poolThreads();
            Config sameport = TestServer.config(TestServer.tempDir(),
                    Map.of("PARLEY_PORT", String.valueOf(running.port())));

            assertThatThrownBy(() -> Parley.start(sameport).close()).isInstanceOf(RuntimeException.class);

            assertThat(poolThreads()).as("the failed start's database pools are closed").isEqualTo(before);
        }
    }
}
