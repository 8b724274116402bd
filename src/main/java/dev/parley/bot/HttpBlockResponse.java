package dev.parley.bot;

import java.util.Objects;

/**
 * What an {@code http} block got back: a status and body, or an error (no status) when the call
 * failed, timed out or was refused.
 *
 * @param status the HTTP status, {@code 0} when there was no response
 * @param body the response body as text, {@code ""} when none
 * @param error why there was no response, {@code ""} when there was one
 * @param refused true when the outbound policy refused the URL, so no call was made
 */
public record HttpBlockResponse(int status, String body, String error, boolean refused) {

    public HttpBlockResponse {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(error, "error");
    }

    public static HttpBlockResponse of(int status, String body) {
        return new HttpBlockResponse(status, body, "", false);
    }

    public static HttpBlockResponse failure(String error) {
        return new HttpBlockResponse(0, "", error.isBlank() ? "request failed" : error, false);
    }

    /** No call: the outbound policy refused the URL, for {@code reason}. */
    public static HttpBlockResponse refusal(String reason) {
        return new HttpBlockResponse(0, "", "refused: " + reason, true);
    }

    /** True for a 2xx answer: the block continues at {@code ok}, otherwise at {@code fail}. */
    public boolean successful() {
        return error.isEmpty() && status >= 200 && status < 300;
    }
}
