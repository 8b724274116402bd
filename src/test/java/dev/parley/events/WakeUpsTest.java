package dev.parley.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    void parkedWaitersOfAClientAreWokenByAFireFromAnotherThread() throws Exception {
        WakeUps.Signal one = wakeUps.watch(key);
        WakeUps.Signal two = wakeUps.watch(key);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> awaitQuietly(one));
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> awaitQuietly(two));
        Thread.sleep(50); // both park, most likely: the signal must wake parked threads, not only later awaits

        wakeUps.fire(key);

        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aParkedWaiterThatIsInterruptedStopsWaiting() throws Exception {
        WakeUps.Signal signal = wakeUps.watch(key);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                signal.await(60_000);
                outcome.complete(null);
            } catch (InterruptedException e) {
                outcome.complete(e);
            }
        });
        Thread.sleep(50);

        waiter.interrupt();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }

    private static boolean awaitQuietly(WakeUps.Signal signal) {
        try {
            return signal.await(60_000);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
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
