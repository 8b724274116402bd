package dev.parley.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The admin token: configured, or generated once and kept in the data dir so that it survives restarts. */
public final class AdminToken {

    private AdminToken() {
    }

    /** The token to use; one generated just now is logged once, for the operator to read. */
    public static String forStart(String configured, Path dataDir) {
        Resolved admin = resolve(configured, dataDir);
        if (admin.generated()) {
            System.getLogger(AdminToken.class.getName()).log(System.Logger.Level.INFO, "Generated the admin token"
                    + " (kept in " + dataDir + "/admin-token): " + admin.token());
        }
        return admin.token();
    }

    /**
     * @return the token, and whether it was generated just now (so the caller prints it once)
     */
    public static Resolved resolve(String configured, Path dataDir) {
        if (!configured.isEmpty()) {
            return new Resolved(configured, false);
        }
        Path file = dataDir.resolve("admin-token");
        try {
            if (Files.exists(file)) {
                return new Resolved(Files.readString(file, StandardCharsets.UTF_8).trim(), false);
            }
            Files.createDirectories(dataDir);
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            String token = HexFormat.of().formatHex(bytes);
            Files.writeString(file, token, StandardCharsets.UTF_8);
            restrict(file);
            return new Resolved(token, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the admin token in " + file, e);
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the data dir's own permissions protect it
        }
    }

    public record Resolved(String token, boolean generated) {
    }
}
