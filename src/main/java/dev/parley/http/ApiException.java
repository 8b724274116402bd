package dev.parley.http;

import java.util.Objects;

/**
 * A failure that the caller caused or must learn of, with the HTTP status and the stable machine code of the error
 * body. Services throw the subclasses; {@link ErrorMapper} alone turns them into responses.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static final class BadRequest extends ApiException {
        public BadRequest(String message) {
            super(400, "chatapi.request.invalid_payload", message);
        }

        public BadRequest(String code, String message) {
            super(400, code, message);
        }

        /** The admin API's refusal of a bad parameter or field, {@code detail} naming it. */
        public static BadRequest admin(String detail) {
            return new BadRequest("admin.request.invalid", "Invalid request: " + detail);
        }
    }

    public static final class Unauthorized extends ApiException {
        public Unauthorized(String message) {
            super(401, "auth.unauthorized", message);
        }
    }

    public static final class Forbidden extends ApiException {
        public Forbidden(String message) {
            super(403, "auth.forbidden", message);
        }
    }

    public static final class NotFound extends ApiException {
        public NotFound(String code, String message) {
            super(404, code, message);
        }
    }

    public static final class Conflict extends ApiException {
        public Conflict(String code, String message) {
            super(409, code, message);
        }
    }

    public static final class PreconditionFailed extends ApiException {
        public PreconditionFailed(String message) {
            super(412, "chatapi.state.precondition_failed", message);
        }
    }

    public static final class Unprocessable extends ApiException {
        public Unprocessable(String code, String message) {
            super(422, code, message);
        }
    }

    public static final class TooLarge extends ApiException {
        public TooLarge(String message) {
            super(413, "chatapi.request.too_large", message);
        }
    }

    public static final class UnsupportedMediaType extends ApiException {
        public UnsupportedMediaType(String message) {
            super(415, "chatapi.request.unsupported_media_type", message);
        }
    }

    public static final class MethodNotAllowed extends ApiException {
        public MethodNotAllowed(String message) {
            super(405, "http.method_not_allowed", message);
        }
    }

    public static final class RequestTimeout extends ApiException {
        public RequestTimeout(String message) {
            super(408, "chatapi.request.timeout", message);
        }
    }

    /**
     * The request body stopped arriving for longer than the server's read timeout. The answer closes the connection:
     * the unread rest of the body cannot be skipped.
     */
    public static final class BodyTimeout extends ApiException {
        public BodyTimeout(String message) {
            super(408, "http.408", message);
        }
    }

    public static final class TooManyRequests extends ApiException {
        private final long retryAfterSeconds;

        public TooManyRequests(String message, long retryAfterSeconds) {
            super(429, "chatapi.request.rate_limited", message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** The database cannot serve requests right now (down, unreachable, out of disk): retry after a while. */
    public static final class Unavailable extends ApiException {
        private final long retryAfterSeconds;

        public Unavailable(String message, long retryAfterSeconds) {
            super(503, "server.unavailable", message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** An error whose body lists each problem, such as every mistake in an uploaded scenario. */
    public static final class WithDetails extends ApiException {
        private final java.util.List<?> details;

        public WithDetails(int status, String code, String message, java.util.List<?> details) {
            super(status, code, message);
            this.details = java.util.List.copyOf(details);
        }

        public java.util.List<?> details() {
            return details;
        }
    }
}
