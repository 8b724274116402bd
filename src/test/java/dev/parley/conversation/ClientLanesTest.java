package dev.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.events.ClientKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClientLanesTest {

    @Test
    void tasksOfOneClientRunOneAtATimeInSubmissionOrder() throws Exception {
        try (ClientLanes lanes = new ClientLanes()) {
            ClientKey key = new ClientKey(1, "c");
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                results.add(lanes.submit(key, () -> {
                    order.add(n);
                    return n;
                }));
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(order).isSorted().hasSize(200);
        }
    }

    @Test
    void aSlowClientDoesNotHoldUpAnother() throws Exception {
        try (ClientLanes lanes = new ClientLanes()) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Boolean> slow = lanes.submit(new ClientKey(1, "slow"), () -> await(release));
            CompletableFuture<String> fast = lanes.submit(new ClientKey(1, "fast"), () -> "done");
            assertThat(fast.get(5, TimeUnit.SECONDS)).isEqualTo("done");
            assertThat(slow).isNotDone();
            release.countDown();
            assertThat(slow.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aFailedTaskDoesNotBlockTheNextAndIdleLanesAreForgotten() throws Exception {
        try (ClientLanes lanes = new ClientLanes()) {
            ClientKey key = new ClientKey(1, "c");
            CompletableFuture<String> failed = lanes.submit(key, () -> {
                throw new IllegalStateException("boom");
            });
            CompletableFuture<String> next = lanes.submit(key, () -> "ok");
            assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("ok");
            assertThat(failed).isCompletedExceptionally();
            Thread.sleep(50);
            assertThat(lanes.inFlight()).isZero();
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
