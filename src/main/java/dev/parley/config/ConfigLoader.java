package dev.parley.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads {@link Config} from, in rising precedence: defaults, an optional {@code parley.yaml}, environment variables
 * ({@code PARLEY_PORT}) and command-line flags ({@code --port=8080}). Every bad value is reported at once, each
 * naming its key.
 */
public final class ConfigLoader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Duration MIN_DB_TIMEOUT = Duration.ofMillis(250);
    private static final Duration MAX_DB_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> KEYS = List.of(
            "PARLEY_PORT", "PARLEY_DATA_DIR", "PARLEY_DB_URL", "PARLEY_DB_USER", "PARLEY_DB_PASSWORD",
            "PARLEY_DB_TIMEOUT", "PARLEY_ADMIN_TOKEN", "PARLEY_PUBLIC_URL", "PARLEY_WEBHOOK_TIMEOUT", "PARLEY_WEBHOOK_RETRY_FOR",
            "PARLEY_WEBHOOK_MAX_ATTEMPTS", "PARLEY_SYNC_DEADLINE", "PARLEY_SESSION_IDLE", "PARLEY_EVENT_RETENTION",
            "PARLEY_CLIENT_RATE", "PARLEY_HTTP_READ_TIMEOUT", "PARLEY_HTTP_HEADER_TIMEOUT", "PARLEY_MAX_CONNECTIONS",
            "PARLEY_MAX_CONNECTIONS_PER_ADDRESS", "PARLEY_HTTP_ALLOW_PRIVATE", "PARLEY_DEMO", "PARLEY_UPLOAD_MAX",
            "PARLEY_UPLOAD_TYPES", "PARLEY_UPLOAD_RATE", "PARLEY_RETENTION_INTERVAL", "PARLEY_STREAMS_PORT",
            "PARLEY_CONFIG");
    private static final Pattern SIZE = Pattern.compile("(?i)(\\d{1,9})\\s*(b|kb|mb)?");
    private static final int MAX_UPLOAD = 100 * 1024 * 1024;
    /** The types whose bytes the server can check (see the files feature); nothing else may be allowed. */
    private static final List<String> CHECKABLE_TYPES = List.of("image/png", "image/jpeg", "image/gif",
            "image/webp", "application/pdf", "text/plain");

    private final Map<String, String> values = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final OptionalLong descriptorLimit;

    private ConfigLoader(OptionalLong descriptorLimit) {
        this.descriptorLimit = descriptorLimit;
    }

    /** Loads from the process environment, flags and the YAML file they name (or {@code ./parley.yaml}). */
    public static Config load(Map<String, String> env, String[] args) {
        return load(env, args, FileDescriptors.limit());
    }

    /** As {@link #load(Map, String[])}, for a process that may open {@code descriptorLimit} files and sockets. */
    static Config load(Map<String, String> env, String[] args, OptionalLong descriptorLimit) {
        ConfigLoader loader = new ConfigLoader(descriptorLimit);
        Map<String, String> flags = loader.parseFlags(args);
        String file = flags.getOrDefault("PARLEY_CONFIG", env.getOrDefault("PARLEY_CONFIG", "parley.yaml"));
        loader.readYaml(Path.of(file), flags.containsKey("PARLEY_CONFIG") || env.containsKey("PARLEY_CONFIG"));
        env.forEach((key, value) -> {
            if (KEYS.contains(key)) {
                loader.values.put(key, value);
            }
        });
        loader.values.putAll(flags);
        return loader.build();
    }

    private Map<String, String> parseFlags(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                problems.add("unknown argument '" + arg + "': flags look like --port=8080");
                continue;
            }
            String key = toKey(arg.substring(2, eq));
            if (!KEYS.contains(key)) {
                problems.add("unknown flag '" + arg.substring(0, eq) + "'");
                continue;
            }
            flags.put(key, arg.substring(eq + 1));
        }
        return flags;
    }

    private void readYaml(Path file, boolean required) {
        if (!Files.exists(file)) {
            if (required) {
                problems.add("PARLEY_CONFIG: file " + file + " does not exist");
            }
            return;
        }
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            if (root == null || !root.isObject()) {
                problems.add(file + ": expected a map of settings");
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String key = toKey(entry.getKey());
                if (KEYS.contains(key)) {
                    values.put(key, entry.getValue().asText());
                } else {
                    problems.add(file + ": unknown setting '" + entry.getKey() + "'");
                }
            }
        } catch (IOException e) {
            problems.add(file + ": not valid YAML: " + e.getMessage());
        }
    }

    /** {@code data-dir}, {@code data_dir}, {@code dataDir} and {@code PARLEY_DATA_DIR} all name the same key. */
    static String toKey(String name) {
        String snake = name.replaceAll("([a-z])([A-Z])", "$1_$2").replace('-', '_').toUpperCase(Locale.ROOT);
        return snake.startsWith("PARLEY_") ? snake : "PARLEY_" + snake;
    }

    private Config build() {
        Config config = new Config(
                intValue("PARLEY_PORT", 8080, 0, 65535),
                Path.of(string("PARLEY_DATA_DIR", "./data")),
                dbUrl(),
                string("PARLEY_DB_USER", ""),
                string("PARLEY_DB_PASSWORD", ""),
                dbTimeout(),
                adminToken(),
                publicUrl(),
                duration("PARLEY_WEBHOOK_TIMEOUT", "10s"),
                duration("PARLEY_WEBHOOK_RETRY_FOR", "24h"),
                intValue("PARLEY_WEBHOOK_MAX_ATTEMPTS", 0, 0, 1_000_000),
                duration("PARLEY_SYNC_DEADLINE", "30s"),
                duration("PARLEY_SESSION_IDLE", "30m"),
                duration("PARLEY_EVENT_RETENTION", "7d"),
                intValue("PARLEY_CLIENT_RATE", 50, 0, 1_000_000),
                durationOrOff("PARLEY_HTTP_READ_TIMEOUT", "60s"),
                durationOrOff("PARLEY_HTTP_HEADER_TIMEOUT", "10s"),
                intValue("PARLEY_MAX_CONNECTIONS", FileDescriptors.defaultMaxConnections(descriptorLimit), 1,
                        1_000_000),
                intValue("PARLEY_MAX_CONNECTIONS_PER_ADDRESS", 256, 0, 1_000_000),
                bool("PARLEY_HTTP_ALLOW_PRIVATE", true),
                bool("PARLEY_DEMO", true),
                uploadMax(),
                uploadTypes(),
                intValue("PARLEY_UPLOAD_RATE", 20, 0, 1_000_000),
                duration("PARLEY_RETENTION_INTERVAL", "10m"),
                portOrOff("PARLEY_STREAMS_PORT"));
        if (config.port() != 0 && config.streamsPort().equals(OptionalInt.of(config.port()))) {
            problems.add("PARLEY_STREAMS_PORT: must differ from PARLEY_PORT (" + config.port() + "), got the same");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private String string(String key, String fallback) {
        return values.getOrDefault(key, fallback).trim();
    }

    private String dbUrl() {
        String url = string("PARLEY_DB_URL", "");
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
            problems.add("PARLEY_DB_URL: expected empty (SQLite) or a jdbc:postgresql://host/db URL, got '" + url + "'");
        }
        return url;
    }

    /** The pool refuses less than 250 ms; more than a minute would not be failing fast any more. */
    private Duration dbTimeout() {
        Duration timeout = duration("PARLEY_DB_TIMEOUT", "3s");
        if (timeout.isPositive() && timeout.compareTo(MIN_DB_TIMEOUT) < 0 || timeout.compareTo(MAX_DB_TIMEOUT) > 0) {
            problems.add("PARLEY_DB_TIMEOUT: must be between 250ms and 60s, got '" + string("PARLEY_DB_TIMEOUT", "")
                    + "'");
        }
        return timeout;
    }

    private String publicUrl() {
        String url = string("PARLEY_PUBLIC_URL", "");
        if (!url.isEmpty() && !url.matches("https?://[^\\s/]+(/\\S*)?")) {
            problems.add("PARLEY_PUBLIC_URL: expected an http:// or https:// URL, got '" + url + "'");
        }
        return url;
    }

    /** Bytes, or {@code 512KB} / {@code 10MB} (powers of 1024); files are held in memory, so at most 100 MB. */
    private int uploadMax() {
        String raw = string("PARLEY_UPLOAD_MAX", "10MB");
        Matcher m = SIZE.matcher(raw);
        if (!m.matches()) {
            problems.add("PARLEY_UPLOAD_MAX: expected bytes or a size such as 512KB or 10MB, got '" + raw + "'");
            return 0;
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long bytes = Long.parseLong(m.group(1)) * (unit.equals("mb") ? 1024 * 1024 : unit.equals("kb") ? 1024 : 1);
        if (bytes < 1 || bytes > MAX_UPLOAD) {
            problems.add("PARLEY_UPLOAD_MAX: must be between 1 byte and 100MB, got '" + raw + "'");
            return 0;
        }
        return (int) bytes;
    }

    private List<String> uploadTypes() {
        String raw = string("PARLEY_UPLOAD_TYPES", String.join(",", CHECKABLE_TYPES));
        List<String> types = new ArrayList<>();
        for (String type : raw.split(",")) {
            String t = type.trim().toLowerCase(Locale.ROOT);
            if (!CHECKABLE_TYPES.contains(t)) {
                problems.add("PARLEY_UPLOAD_TYPES: '" + type.trim() + "' is not one of " + CHECKABLE_TYPES
                        + " (the types whose content the server can check)");
            } else if (!types.contains(t)) {
                types.add(t);
            }
        }
        return types;
    }

    private String adminToken() {
        String token = string("PARLEY_ADMIN_TOKEN", "");
        if (!token.isEmpty() && token.length() < 16) {
            problems.add("PARLEY_ADMIN_TOKEN: must be at least 16 characters (or empty to generate one)");
        }
        return token;
    }

    private int intValue(String key, int fallback, int min, int max) {
        String raw = string(key, String.valueOf(fallback));
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                problems.add(key + ": must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(key + ": expected a whole number, got '" + raw + "'");
            return fallback;
        }
    }

    private boolean bool(String key, boolean fallback) {
        String raw = string(key, String.valueOf(fallback)).toLowerCase(Locale.ROOT);
        return switch (raw) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> {
                problems.add(key + ": expected true or false, got '" + raw + "'");
                yield fallback;
            }
        };
    }

    private Duration duration(String key, String fallback) {
        return duration(key, fallback, false);
    }

    /** A duration where {@code 0} (in any unit, or bare) means "off", given as {@link Duration#ZERO}. */
    /** A port, 0 for any free one, or {@code off} (the default) for none. */
    private OptionalInt portOrOff(String key) {
        String raw = string(key, "off");
        return raw.equalsIgnoreCase("off") ? OptionalInt.empty() : OptionalInt.of(intValue(key, 0, 0, 65535));
    }

    private Duration durationOrOff(String key, String fallback) {
        return duration(key, fallback, true);
    }

    private Duration duration(String key, String fallback, boolean zeroIsOff) {
        String raw = string(key, fallback);
        String allowed = zeroIsOff ? ", or 0 for off" : "";
        try {
            Duration value = zeroIsOff && raw.trim().equals("0") ? Duration.ZERO : parseDuration(raw);
            if (value.isNegative() || (value.isZero() && !zeroIsOff)) {
                problems.add(key + ": must be positive" + allowed + ", got '" + raw + "'");
            }
            return value;
        } catch (IllegalArgumentException e) {
            problems.add(key + ": expected a duration like 500ms, 10s, 30m, 24h, 7d or PT10S" + allowed + ", got '"
                    + raw + "'");
            return parseDuration(fallback);
        }
    }

    /** Parses {@code 500ms}, {@code 10s}, {@code 30m}, {@code 24h}, {@code 7d} or ISO-8601 {@code PT10S}. */
    public static Duration parseDuration(String raw) {
        Matcher m = DURATION.matcher(raw.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(raw.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration: " + raw, e);
        }
    }
}
