package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkSignalTest {

    private final WorkSignal signal = new WorkSignal();

    @Test
    void aNudgeThatCameWhileTheWorkerWasBusyEndsItsNextWaitAtOnce() throws InterruptedException {
        signal.nudge();
        assertThat(signal.await(60_000)).isTrue();
    }

    @Test
    void aWaitClearsTheNudgeSoTheFollowingOneWaits() throws InterruptedException {
        signal.nudge();
        signal.nudge();
        assertThat(signal.await(60_000)).isTrue();
        assertThat(signal.await(0)).isFalse();
    }

    @Test
    void aNudgeFromAnotherThreadWakesAWaitingWorker() throws InterruptedException {
        Thread nudger = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            signal.nudge();
        });
        assertThat(signal.await(60_000)).isTrue();
        nudger.join();
    }
}
