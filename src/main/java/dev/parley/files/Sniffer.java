package dev.parley.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Whether a file's bytes are what its claimed type says, by their signature ("magic bytes"): a page that shows an
 * upload as an image must not be handed HTML or a script that claims to be one. Stateless and thread-safe.
 */
public final class Sniffer {

    /** Every type whose bytes can be checked; only these may be allowed for uploads. */
    public static final List<String> CHECKABLE = List.of("image/png", "image/jpeg", "image/gif", "image/webp",
            "application/pdf", "text/plain");

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    private Sniffer() {
    }

    public static boolean matches(String mimeType, byte[] bytes) {
        return switch (mimeType) {
            case "image/png" -> startsWith(bytes, 0, PNG);
            case "image/jpeg" -> startsWith(bytes, 0, JPEG);
            case "image/gif" -> ascii(bytes, 0, "GIF87a") || ascii(bytes, 0, "GIF89a");
            case "image/webp" -> ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WEBP");
            case "application/pdf" -> ascii(bytes, 0, "%PDF-");
            case "text/plain" -> isText(bytes);
            default -> false;
        };
    }

    /** UTF-8 without NUL bytes: what a text file is, as opposed to a binary one with a .txt name. */
    private static boolean isText(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean ascii(byte[] bytes, int at, String text) {
        return startsWith(bytes, at, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        return bytes.length >= at + prefix.length
                && Arrays.equals(bytes, at, at + prefix.length, prefix, 0, prefix.length);
    }
}
