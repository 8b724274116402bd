package dev.parley.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.http.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestHeadTest {

    private static RequestHead parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        int end = RequestHead.end(bytes, bytes.length);
        assertThat(end).as("a complete head").isPositive();
        return RequestHead.parse(bytes, end);
    }

    @Test
    void readsTheMethodPathDecodedQueryAndHeaders() {
        RequestHead head = parse("GET /chatapi/t0k/events?clientId=a%2Fb&cid=&ts=5&clientId=second HTTP/1.1\r\n"
                + "Host: x\r\nX-Client-Signature:  sig \r\n\r\n");

        assertThat(head.method()).isEqualTo("GET");
        assertThat(head.rawPath()).isEqualTo("/chatapi/t0k/events");
        assertThat(head.query("clientId")).contains("a/b");
        assertThat(head.query("cid")).contains("");
        assertThat(head.query("missing")).isEmpty();
        assertThat(head.header("x-client-signature")).contains("sig");
        assertThat(head.clientSignature()).contains("sig");
        assertThat(head.keepAlive()).isTrue();
    }

    @Test
    void findsTheEndOfAHeadOnlyOnceItsBlankLineCame() {
        byte[] partial = "GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] whole = "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(RequestHead.end(partial, partial.length)).isEqualTo(-1);
        assertThat(RequestHead.end(whole, whole.length)).isEqualTo(whole.length - 3);
    }

    @Test
    void keepsTheConnectionAsHttpSays() {
        assertThat(parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").keepAlive()).isFalse();
        assertThat(parse("GET / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
        assertThat(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keepAlive()).isTrue();
    }

    @Test
    void tellsARequestWithABody() {
        assertThat(parse("GET / HTTP/1.1\r\nContent-Length: 3\r\n\r\n").hasBody()).isTrue();
        assertThat(parse("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").hasBody()).isTrue();
        assertThat(parse("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n").hasBody()).isFalse();
    }

    @Test
    void refusesMalformedHeadsNamingThePart() {
        assertThatThrownBy(() -> parse("GET /\r\n\r\n")).isInstanceOf(ApiException.BadRequest.class)
                .hasMessageContaining("request line");
        assertThatThrownBy(() -> parse("GET / HTTP/2.0\r\n\r\n")).hasMessageContaining("HTTP/2.0");
        assertThatThrownBy(() -> parse("GET / HTTP/1.1\r\nno colon here\r\n\r\n")).hasMessageContaining("header");
        assertThatThrownBy(() -> parse("GET / HTTP/1.1\r\n folded: x\r\n\r\n")).hasMessageContaining("header");
        assertThatThrownBy(() -> parse("GET /?a=%zz HTTP/1.1\r\n\r\n")).hasMessageContaining("percent-encoding");
    }

    @Test
    void refusesControlCharactersThatCouldSplitAnAnswerOrReachTheDatabase() {
        assertThatThrownBy(() -> parse("GET /chatapi/t\u0000k/events HTTP/1.1\r\n\r\n"))
                .isInstanceOf(ApiException.BadRequest.class).hasMessageContaining("control characters (found 0x0)");
        assertThatThrownBy(() -> parse("OPTIONS / HTTP/1.1\r\nAccess-Control-Request-Headers: a\nSet-Cookie: x\r\n\r\n"))
                .hasMessageContaining("found 0xa");
        assertThat(parse("GET / HTTP/1.1\r\nX-Tab: a\tb\r\n\r\n").header("x-tab")).contains("a\tb");
    }
}
