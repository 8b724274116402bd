package dev.parley.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.http.ApiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MultipartTest {

    private static final String TYPE = "multipart/form-data; boundary=XyZ";

    private static Multipart.Part field(String body, int max) throws IOException {
        return field(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), max);
    }

    private static Multipart.Part field(InputStream body, int max) throws IOException {
        return Multipart.field(TYPE, body, "file", max, 1024, () -> new ApiException.TooLarge("too large"));
    }

    @Test
    void findsTheFileAfterOtherFieldsWithAPreambleAndPadding() throws IOException {
        Multipart.Part part = field("preamble\r\n--XyZ  \r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi"
                + "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                + "Content-Type: Image/PNG; x=1\r\n\r\nab\r\n--Xy\r\n-XyZ\r\r\n--XyZ--\r\n", 100);

        assertThat(part.filename()).isEqualTo("a.png");
        assertThat(part.contentType()).isEqualTo("image/png");
        assertThat(new String(part.content(), StandardCharsets.ISO_8859_1)).isEqualTo("ab\r\n--Xy\r\n-XyZ\r");
    }

    @Test
    void anEmptyFileAndAQuotedBoundaryWork() throws IOException {
        Multipart.Part part = Multipart.field("multipart/form-data; boundary=\"a b\"", new ByteArrayInputStream(
                "--a b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n\r\n--a b--".getBytes(
                        StandardCharsets.US_ASCII)), "file", 10, 10, () -> new ApiException.TooLarge("x"));

        assertThat(part.content()).isEmpty();
        assertThat(part.filename()).isEmpty();
    }

    @Test
    void aFileOneBytePastTheLimitIsRefusedWithoutReadingTheRest() {
        CountingStream body = new CountingStream("--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n"
                + "x".repeat(11) + "y".repeat(1_000_000) + "\r\n--XyZ--");

        assertThatThrownBy(() -> field(body, 10)).isInstanceOf(ApiException.TooLarge.class);
        assertThat(body.read).isLessThan(64 * 1024);
    }

    @Test
    void aFileExactlyAtTheLimitIsAccepted() throws IOException {
        assertThat(field("--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n0123456789\r\n--XyZ--", 10)
                .content()).hasSize(10);
    }

    @Test
    void otherFieldsLongerThanTheirAllowanceAre400() {
        assertThatThrownBy(() -> field("--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"
                + "n".repeat(2000) + "\r\n--XyZ--", 10)).isInstanceOf(ApiException.BadRequest.class)
                .hasMessageContaining("before the field 'file'");
    }

    @Test
    void malformedBodiesAre4xxNamingTheProblem() {
        assertThatThrownBy(() -> field("--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc", 10))
                .hasMessageContaining("ends in the middle of a part");
        assertThatThrownBy(() -> field("--XyZ\r\nContent-Disposition: form-data; name=\"file\"", 10))
                .hasMessageContaining("ends in the headers");
        assertThatThrownBy(() -> field("--XyZ--\r\n", 10)).hasMessageContaining("no field 'file'");
        assertThatThrownBy(() -> field("no delimiter at all", 10)).hasMessageContaining("no field 'file'");
        assertThatThrownBy(() -> Multipart.field("multipart/form-data", InputStream.nullInputStream(), "file", 1, 1,
                () -> new ApiException.TooLarge("x"))).hasMessageContaining("no boundary");
        assertThatThrownBy(() -> Multipart.field("application/json", InputStream.nullInputStream(), "file", 1, 1,
                () -> new ApiException.TooLarge("x"))).isInstanceOf(ApiException.UnsupportedMediaType.class);
    }

    /** Counts what was read, to show the parser stopped early. */
    private static final class CountingStream extends InputStream {
        private final byte[] bytes;
        private int read;

        CountingStream(String text) {
            this.bytes = text.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public int read() {
            return read < bytes.length ? bytes[read++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (read >= bytes.length) {
                return -1;
            }
            int n = Math.min(len, bytes.length - read);
            System.arraycopy(bytes, read, b, off, n);
            read += n;
            return n;
        }
    }
}
