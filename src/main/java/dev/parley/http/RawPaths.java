package dev.parley.http;

import io.helidon.common.parameters.Parameters;
import io.helidon.common.uri.UriPath;
import io.helidon.common.uri.UriPathSegment;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.http.RoutedPath;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Path patterns matched against the path as sent, before percent-decoding, for paths that carry ids the integrator
 * chose: a client id such as {@code in/dialog1.txt} arrives as {@code in%2Fdialog1.txt}, which Helidon's own matching
 * (on the decoded path) would read as two segments and miss. Each {@code {name}} parameter is decoded on its own, so
 * handlers read {@code "in/dialog1.txt"}. Such routes must be registered without a prefix: Helidon gives the routes
 * of a prefixed service only the decoded rest of the path. As every request passes through these matchers, a path that
 * does not start with a pattern's literal prefix is refused before any parsing. A parameter that does not decode (bad
 * percent-encoding, or bytes that are no UTF-8) is a 400 naming it. Stateless and thread-safe.
 */
public final class RawPaths {

    private RawPaths() {
    }

    /** A matcher for a full path pattern such as {@code /chatapi/{token}/client/{clientId}/history}. */
    public static PathMatcher matcher(String pattern) {
        int literal = 0;
        while (literal < pattern.length() && "{[*".indexOf(pattern.charAt(literal)) < 0) {
            literal++;
        }
        return new RawMatcher(pattern.substring(0, literal), PathMatchers.create(pattern));
    }

    private record RawMatcher(String literalPrefix, PathMatcher onRaw) implements PathMatcher {

        @Override
        public PathMatchers.MatchResult match(UriPath path) {
            if (!path.rawPath().startsWith(literalPrefix)) {
                return PathMatchers.MatchResult.notAccepted();
            }
            PathMatchers.MatchResult raw = onRaw.match(UriPath.createFromDecoded(path.rawPath()));
            if (!raw.accepted()) {
                return PathMatchers.MatchResult.notAccepted();
            }
            return new PathMatchers.MatchResult(true, new DecodedPath(path, decoded(raw.path().pathParameters())));
        }

        @Override
        public PathMatchers.PrefixMatchResult prefixMatch(UriPath path) {
            return PathMatchers.PrefixMatchResult.notAccepted();
        }

        @Override
        public Optional<String> matchingElement() {
            return onRaw.matchingElement();
        }

        private static Parameters decoded(Parameters raw) {
            Map<String, List<String>> values = new LinkedHashMap<>();
            for (String name : raw.names()) {
                values.put(name, raw.all(name).stream().map(value -> decode(name, value)).toList());
            }
            return Parameters.create("http/path", values);
        }
    }

    /**
     * A path parameter percent-decoded as UTF-8. Strict, unlike Helidon's decoding, which would pass an invalid byte on
     * as a replacement character (so that two different ids would read as one).
     */
    static String decode(String name, String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            } else if (i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else {
                throw new ApiException.BadRequest("Malformed percent-encoding in the path's " + name
                        + ": '%' must be followed by two hexadecimal digits");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException.BadRequest("The path's " + name + " is not valid UTF-8 once percent-decoded");
        }
    }

    private static int hex(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }

    /** The request's own path, with the parameters decoded from its raw form. */
    private record DecodedPath(UriPath request, Parameters pathParameters) implements RoutedPath {

        @Override
        public String rawPath() {
            return request.rawPath();
        }

        @Override
        public String rawPathNoParams() {
            return request.rawPathNoParams();
        }

        @Override
        public String path() {
            return request.path();
        }

        @Override
        public Parameters matrixParameters() {
            return request.matrixParameters();
        }

        @Override
        public List<UriPathSegment> segments() {
            return request.segments();
        }

        @Override
        public void validate() {
            request.validate();
        }

        @Override
        public RoutedPath absolute() {
            return new DecodedPath(request.absolute(), pathParameters);
        }
    }
}
