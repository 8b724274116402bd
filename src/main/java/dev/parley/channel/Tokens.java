package dev.parley.channel;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;
import java.util.regex.Pattern;

/** Channel tokens: generated in the vendor's shape, or chosen by the channel's creator within safe bounds. */
public final class Tokens {

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern CHOSEN = Pattern.compile("[A-Za-z0-9:_.-]{8,200}");

    private final Random random;

    /** @param random a cryptographically strong source in production; tests may pass a seeded one */
    public Tokens(Random random) {
        this.random = random;
    }

    public static Tokens secure() {
        return new Tokens(new SecureRandom());
    }

    /** 8 letters or digits, a colon, 40 lowercase hex characters (160 random bits). */
    public String generate() {
        StringBuilder token = new StringBuilder(49);
        for (int i = 0; i < 8; i++) {
            token.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        byte[] secret = new byte[20];
        random.nextBytes(secret);
        return token.append(':').append(HexFormat.of().formatHex(secret)).toString();
    }

    public static boolean isValidChosen(String token) {
        return CHOSEN.matcher(token).matches();
    }
}
