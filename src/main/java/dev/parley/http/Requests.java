package dev.parley.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.json.Json;
import dev.parley.json.JsonChecks;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.RequestException;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads what handlers need from a request, turning every malformed part into a 4xx that names it. */
public final class Requests {

    /** The Chat API's body limit. */
    public static final int CLIENT_BODY_LIMIT = 64 * 1024;

    /** The longest {@code cid} (a client's own conversation id) accepted anywhere. */
    public static final int MAX_CID = 256;

    /** A row id in a path: ASCII digits only (Java would also read "+1", "٠١" or 20 digits), short enough for a long. */
    private static final Pattern ASCII_ID = Pattern.compile("[0-9]{1,18}");

    private Requests() {
    }

    /** The body as a JSON object, at most {@code limit} bytes, with a JSON content type or none. */
    public static ObjectNode jsonObject(ServerRequest req, int limit) {
        JsonNode node = json(req, limit);
        if (!node.isObject()) {
            throw new ApiException.BadRequest("Invalid request payload: the body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /**
     * The body as JSON; a key repeated in one object, or a number beyond a double's range (which would reach a
     * scenario as infinity), is a 400 naming where it is.
     */
    public static JsonNode json(ServerRequest req, int limit) {
        JsonNode node;
        try {
            node = Json.untrusted().readTree(nonEmptyBody(req, limit));
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new ApiException.BadRequest("Invalid request payload: unreadable body");
        }
        JsonChecks.numberBeyondDouble(node).ifPresent(path -> {
            throw new ApiException.BadRequest("Invalid request payload: " + (path.isEmpty() ? "the body" : path)
                    + " is a number beyond the range of a double-precision number");
        });
        return node;
    }

    /**
     * The body's text, checked to be one JSON object and nothing else, for what is kept verbatim: numbers, key order
     * and whitespace stay exactly as sent. A leading byte order mark is dropped, as it is no part of the JSON text.
     */
    public static String jsonObjectText(ServerRequest req, int limit) {
        String text = utf8(nonEmptyBody(req, limit));
        try (JsonParser parser = Json.untrusted().createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ApiException.BadRequest("Invalid request payload: the body must be a JSON object");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new ApiException.BadRequest("Invalid request payload: malformed JSON: unexpected content after"
                        + " the object");
            }
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new ApiException.BadRequest("Invalid request payload: unreadable body");
        }
        return text;
    }

    private static byte[] nonEmptyBody(ServerRequest req, int limit) {
        requireJsonContentType(req);
        byte[] body = body(req, limit);
        if (body.length == 0) {
            throw new ApiException.BadRequest("Invalid request payload: the body is empty, a JSON object is expected");
        }
        return body;
    }

    /** Strict UTF-8: a lenient decoder would store U+FFFD in place of the bytes the client sent. */
    private static String utf8(byte[] body) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new ApiException.BadRequest("Invalid request payload: the body is not valid UTF-8");
        }
    }

    private static ApiException malformed(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message.startsWith("Duplicate field") && e.getProcessor() instanceof JsonParser parser) {
            String path = JsonChecks.path(parser.getParsingContext());
            return new ApiException.BadRequest("Invalid request payload: duplicate key '" + parser.getParsingContext()
                    .getCurrentName() + "'" + (path.contains(".") || path.contains("[") ? " at " + path : "")
                    + ": each key may appear only once in an object");
        }
        return new ApiException.BadRequest("Invalid request payload: malformed JSON: " + message);
    }

    private static void requireJsonContentType(ServerRequest req) {
        Optional<String> type = req.headers().first(HeaderNames.CONTENT_TYPE);
        if (type.isEmpty()) {
            return;
        }
        String mediaType = type.get().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw new ApiException.UnsupportedMediaType("Unsupported content type '" + type.get()
                    + "': send application/json");
        }
    }

    /** The raw body, refusing with 413 anything over {@code limit} bytes without reading it all. */
    public static byte[] body(ServerRequest req, int limit) {
        Optional<String> declared = req.headers().first(HeaderNames.CONTENT_LENGTH);
        if (declared.isPresent() && parseLength(declared.get()) > limit) {
            throw tooLarge(limit);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        byte[] bytes = readAtMost(req.content().inputStream(), limit + 1);
        if (bytes.length > limit) {
            throw tooLarge(limit);
        }
        return bytes;
    }

    /**
     * Reads up to {@code max} bytes of a body, and leaves the stream open: closing it would read on, which after a
     * stall or a hang-up only fails again. Helidon drains or drops the rest after the handler.
     */
    private static byte[] readAtMost(InputStream in, int max) {
        return reading(in, stream -> stream.readNBytes(max));
    }

    /** Reads a body as it arrives, by {@code reader}. */
    public interface BodyReader<T> {
        T read(InputStream in) throws IOException;
    }

    /**
     * The body read by {@code reader} while it arrives, with a declared length over {@code limit} refused at once (413)
     * and failures to receive it mapped like those of {@link #body}. Without a body, {@code reader} reads nothing.
     */
    public static <T> T stream(ServerRequest req, long limit, BodyReader<T> reader) {
        Optional<String> declared = req.headers().first(HeaderNames.CONTENT_LENGTH);
        if (declared.isPresent() && parseLength(declared.get()) > limit) {
            throw new ApiException.TooLarge("Request body is larger than the limit of " + limit + " bytes");
        }
        return reading(req.content().hasEntity() ? req.content().inputStream() : InputStream.nullInputStream(), reader);
    }

    private static <T> T reading(InputStream in, BodyReader<T> reader) {
        try {
            return reader.read(in);
        } catch (DataReader.InsufficientDataAvailableException e) {
            // nobody is left to answer, and it is no fault of the server's
            throw new CloseConnectionException("The client closed the connection before the end of the request body", e);
        } catch (ServerConnectionException e) {
            if (causedByTimeout(e)) {
                throw new ApiException.BodyTimeout("The request body was not received in full: the client sent "
                        + "nothing for longer than the server's read timeout");
            }
            throw e;
        } catch (ApiException e) {
            throw e; // the reader's verdict on what it read
        } catch (RequestException e) {
            throw e; // Helidon's own verdict with its status, such as 413 for chunks past the payload limit
        } catch (IOException | RuntimeException e) {
            // Helidon reports a malformed chunk size as a NumberFormatException
            throw new ApiException.BadRequest("The request body could not be read (" + e.getClass().getSimpleName()
                    + "): send a body that matches its Content-Length or chunked encoding");
        }
    }

    private static boolean causedByTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ApiException.BadRequest("Invalid Content-Length header '" + value + "'");
        }
    }

    private static ApiException tooLarge(int limit) {
        return new ApiException.TooLarge("Request body is larger than the limit of " + limit + " bytes");
    }

    /** The request's query parameters and headers, as the thread-less listener reads its own. */
    public static Params params(ServerRequest req) {
        return new Params() {
            @Override
            public Optional<String> query(String name) {
                return Requests.query(req, name);
            }

            @Override
            public Optional<String> header(String name) {
                return req.headers().first(HeaderNames.create(name));
            }
        };
    }

    /** A query parameter, empty when absent. */
    public static Optional<String> query(ServerRequest req, String name) {
        return req.query().first(name).asOptional();
    }

    /** See {@link Params#clientSignature()}. */
    public static Optional<String> clientSignature(ServerRequest req) {
        return params(req).clientSignature();
    }

    public static String pathParam(ServerRequest req, String name) {
        return req.path().pathParameters().get(name);
    }

    /**
     * The numeric {@code {id}} path parameter; anything else names no such thing and is a 404.
     *
     * @param what the kind of thing, for the message ("Channel")
     */
    public static long idParam(ServerRequest req, String notFoundCode, String what) {
        String raw = pathParam(req, "id");
        if (!ASCII_ID.matcher(raw).matches()) {
            throw new ApiException.NotFound(notFoundCode, what + " " + raw + " not found");
        }
        return Long.parseLong(raw);
    }

    /** The {@code cid} query parameter, or empty; one over {@link #MAX_CID} characters is a 400. */
    public static String cidQuery(ServerRequest req) {
        return params(req).cidQuery();
    }

    /**
     * Checks a {@code cid} from a query or a body: at most {@link #MAX_CID} characters and no NUL (PostgreSQL cannot
     * store one in text), or a 400.
     */
    public static String cid(String cid) {
        if (cid.length() > MAX_CID) {
            throw new ApiException.BadRequest("Invalid request payload: cid must be at most " + MAX_CID
                    + " characters");
        }
        if (cid.indexOf('\u0000') >= 0) {
            throw new ApiException.BadRequest("Invalid request payload: cid must not contain the NUL character");
        }
        return cid;
    }

    /** An optional integer query parameter within bounds; a bad value is a 400 naming the parameter. */
    public static int intQuery(ServerRequest req, String name, int fallback, int min, int max) {
        return params(req).intQuery(name, fallback, min, max);
    }

    /** {@link #intQuery} for the admin API, whose refusals are {@code admin.request.invalid}. */
    public static int adminIntQuery(ServerRequest req, String name, int fallback, int min, int max) {
        return Params.intValue(query(req, name), name, fallback, min, max, ApiException.BadRequest::admin);
    }

    /** {@code true}/{@code false} (or absent for the fallback); anything else is a 400 naming the parameter. */
    public static boolean boolQuery(ServerRequest req, String name, boolean fallback) {
        return params(req).boolQuery(name, fallback);
    }
}
