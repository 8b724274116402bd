package dev.parley.bot;

/**
 * Sends the request of an {@code http} block. Implementations must be thread-safe and must not throw
 * for network problems: they answer {@link HttpBlockResponse#failure(String)} instead.
 */
@FunctionalInterface
public interface HttpBlockClient {

    HttpBlockResponse send(HttpBlockRequest request);
}
