package dev.parley.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.common.uri.UriPath;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import org.junit.jupiter.api.Test;

class RawPathsTest {

    private final PathMatcher history = RawPaths.matcher("/chatapi/{token}/client/{clientId}/history");

    @Test
    void aParameterIsDecodedOnItsOwnSoAnEncodedSlashStaysInTheId() {
        PathMatchers.MatchResult match = history.match(UriPath.create("/chatapi/t:1/client/in%2Fdialog%201.txt/history"));

        assertThat(match.accepted()).isTrue();
        assertThat(match.path().pathParameters().get("clientId")).isEqualTo("in/dialog 1.txt");
        assertThat(match.path().pathParameters().get("token")).isEqualTo("t:1");
    }

    @Test
    void pathsOutsideThePatternsLiteralPrefixAreRefused() {
        assertThat(history.match(UriPath.create("/api/v1/channels")).accepted()).isFalse();
        assertThat(history.match(UriPath.create("/chatadapter/chatapi/t/client/c/history")).accepted()).isFalse();
        assertThat(history.match(UriPath.create("/chatapi/t/client/c/state")).accepted()).isFalse();
        assertThat(RawPaths.matcher("/health").match(UriPath.create("/health")).accepted()).isTrue();
        assertThat(RawPaths.matcher("/health").match(UriPath.create("/healthz")).accepted()).isFalse();
    }

    @Test
    void aParameterThatDoesNotDecodeIsABadRequestNamingIt() {
        assertThat(RawPaths.decode("clientId", "a%2Bb+c")).isEqualTo("a+b+c");
        assertThat(RawPaths.decode("clientId", "%E2%82%AC")).isEqualTo("€");
        assertThatThrownBy(() -> RawPaths.decode("clientId", "a%2")).isInstanceOf(ApiException.BadRequest.class)
                .hasMessageContaining("percent-encoding in the path's clientId");
        assertThatThrownBy(() -> RawPaths.decode("clientId", "%C0%AF")).isInstanceOf(ApiException.BadRequest.class)
                .hasMessageContaining("clientId is not valid UTF-8");
    }
}
