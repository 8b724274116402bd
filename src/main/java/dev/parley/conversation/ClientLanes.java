package dev.parley.conversation;

import dev.parley.events.ClientKey;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs the turns of one client one at a time, in the order they were submitted, each on its own virtual thread;
 * different clients never wait for each other. A client with no turn in flight costs no memory. Thread-safe.
 */
final class ClientLanes implements AutoCloseable {

    private final Map<ClientKey, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /** Queues {@code task} behind the client's earlier tasks; the order is fixed when this method returns. */
    <T> CompletableFuture<T> submit(ClientKey key, Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous = tails.put(key, done);
        Runnable run = () -> {
            try {
                result.complete(task.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                tails.remove(key, done);
                done.complete(null);
            }
        };
        if (previous == null) {
            executor.execute(run);
        } else {
            previous.whenComplete((ignored, error) -> executor.execute(run));
        }
        return result;
    }

    int inFlight() {
        return tails.size();
    }

    /** Lets turns in flight finish (for a few seconds at most) so that a clean stop loses no work. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
