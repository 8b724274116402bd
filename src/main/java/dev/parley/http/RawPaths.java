package dev.parley.http;

import io.helidon.common.parameters.Parameters;
import io.helidon.common.uri.UriEncoding;
import io.helidon.common.uri.UriPath;
import io.helidon.common.uri.UriPathSegment;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.http.RoutedPath;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Path patterns matched against the path as sent, before percent-decoding, for paths that carry ids the integrator
 * chose: a client id such as {@code in/dialog1.txt} arrives as {@code in%2Fdialog1.txt}, which Helidon's own matching
 * (on the decoded path) would read as two segments and miss. Each {@code {name}} parameter is decoded on its own, so
 * handlers read {@code "in/dialog1.txt"}. Such routes must be registered without a prefix: Helidon gives the routes
 * of a prefixed service only the decoded rest of the path. Stateless and thread-safe.
 */
public final class RawPaths {

    private RawPaths() {
    }

    /** A matcher for a full path pattern such as {@code /chatapi/{token}/client/{clientId}/history}. */
    public static PathMatcher matcher(String pattern) {
        return new RawMatcher(PathMatchers.create(pattern));
    }

    private record RawMatcher(PathMatcher onRaw) implements PathMatcher {

        @Override
        public PathMatchers.MatchResult match(UriPath path) {
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
                values.put(name, raw.all(name).stream().map(UriEncoding::decodeUri).toList());
            }
            return Parameters.create("http/path", values);
        }
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
