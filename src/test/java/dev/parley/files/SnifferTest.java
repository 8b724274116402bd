package dev.parley.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnifferTest {

    private static final Map<String, byte[]> SAMPLES = Map.of(
            "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0},
            "image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0},
            "image/gif", "GIF87a....".getBytes(StandardCharsets.US_ASCII),
            "image/webp", "RIFF\0\0\0\0WEBPVP8L".getBytes(StandardCharsets.ISO_8859_1),
            "application/pdf", "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII),
            "text/plain", "héllo\n".getBytes(StandardCharsets.UTF_8));

    @Test
    void everyCheckableTypeKnowsItsOwnSignatureAndNoOther() {
        assertThat(SAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(Sniffer.CHECKABLE);
        SAMPLES.forEach((type, bytes) -> {
            assertThat(Sniffer.matches(type, bytes)).as(type).isTrue();
            Sniffer.CHECKABLE.stream().filter(other -> !other.equals(type) && !other.equals("text/plain"))
                    .forEach(other -> assertThat(Sniffer.matches(other, bytes)).as(type + " as " + other).isFalse());
        });
    }

    @Test
    void textMustBeUtf8WithoutNulAndTruncatedSignaturesDoNotMatch() {
        assertThat(Sniffer.matches("text/plain", new byte[] {'a', 0})).isFalse();
        assertThat(Sniffer.matches("text/plain", new byte[] {(byte) 0xC3})).isFalse();
        assertThat(Sniffer.matches("image/png", new byte[] {(byte) 0x89, 'P'})).isFalse();
        assertThat(Sniffer.matches("image/webp", "RIFF\0\0\0\0WEB".getBytes(StandardCharsets.ISO_8859_1))).isFalse();
        assertThat(Sniffer.matches("image/svg+xml", "<svg/>".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }
}
