package dev.parley.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WakeUpsTest {

    private final WakeUps wakeUps = new WakeUps();
    private final ClientKey key = new ClientKey(1, "c");

    @Test
    void aSignalTakenBeforeTheEventSeesIt() throws InterruptedException {
        WakeUps.Signal signal = wakeUps.watch(key);
        wakeUps.fire(key);
        assertThat(signal.await(1)).isTrue();
    }

    @Test
    void everyWaiterOfAClientIsWoken() throws InterruptedException {
        WakeUps.Signal one = wakeUps.watch(key);
        WakeUps.Signal two = wakeUps.watch(key);
        wakeUps.fire(key);
        assertThat(one.await(1)).isTrue();
        assertThat(two.await(1)).isTrue();
    }

    @Test
    void aSignalTakenAfterTheEventWaitsForTheNextOne() throws InterruptedException {
        wakeUps.fire(key);
        WakeUps.Signal later = wakeUps.watch(key);
        assertThat(later.await(20)).isFalse();
    }

    @Test
    void releasedSignalsAreForgotten() {
        WakeUps.Signal one = wakeUps.watch(key);
        WakeUps.Signal two = wakeUps.watch(key);
        wakeUps.release(key, one);
        assertThat(wakeUps.size()).isEqualTo(1);
        wakeUps.release(key, two);
        assertThat(wakeUps.size()).isZero();
    }

    @Test
    void firingAllWakesTheWaitersOfEveryClient() throws InterruptedException {
        WakeUps.Signal one = wakeUps.watch(key);
        WakeUps.Signal other = wakeUps.watch(new ClientKey(2, "d"));
        wakeUps.fireAll();
        assertThat(one.await(1)).isTrue();
        assertThat(other.await(1)).isTrue();
        assertThat(wakeUps.size()).isZero();
    }
}
