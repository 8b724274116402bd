package dev.parley.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.files.Sniffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultsApplyWhenNothingIsSet() {
        Config config = ConfigLoader.load(Map.of(), new String[0]);
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.usesPostgres()).isFalse();
        assertThat(config.syncDeadline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.sessionIdle()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.webhookRetryFor()).isEqualTo(Duration.ofHours(24));
        assertThat(config.httpReadTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.dbTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.httpHeaderTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxConnectionsPerAddress()).isEqualTo(256);
    }

    @Test
    void uploadLimitsDefaultToTenMegabytesOfTheCheckableTypesAndTakeSizesWithUnits() {
        Config defaults = ConfigLoader.load(Map.of(), new String[0]);
        Config set = ConfigLoader.load(Map.of("PARLEY_UPLOAD_MAX", "512KB", "PARLEY_UPLOAD_TYPES",
                " image/PNG, application/pdf,image/png"), new String[0]);

        assertThat(defaults.uploadMax()).isEqualTo(10 * 1024 * 1024);
        assertThat(defaults.uploadTypes()).containsExactlyElementsOf(Sniffer.CHECKABLE);
        assertThat(set.uploadMax()).isEqualTo(512 * 1024);
        assertThat(set.uploadTypes()).containsExactly("image/png", "application/pdf");
        assertThat(ConfigLoader.load(Map.of("PARLEY_UPLOAD_MAX", "2048"), new String[0]).uploadMax()).isEqualTo(2048);
    }

    @Test
    void badUploadSettingsAreRefusedNamingTheirKeys() {
        for (String max : new String[] {"0", "ten", "101MB", "5GB"}) {
            assertThatThrownBy(() -> ConfigLoader.load(Map.of("PARLEY_UPLOAD_MAX", max), new String[0]))
                    .as(max).isInstanceOf(ConfigException.class).hasMessageContaining("PARLEY_UPLOAD_MAX");
        }
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PARLEY_UPLOAD_TYPES", "image/png,image/svg+xml"),
                new String[0])).isInstanceOf(ConfigException.class)
                .hasMessageContaining("PARLEY_UPLOAD_TYPES: 'image/svg+xml'");
    }

    @Test
    void theDefaultConnectionLimitLeavesAReserveUnderTheDescriptorLimit() {
        assertThat(ConfigLoader.load(Map.of(), new String[0], OptionalLong.of(1024)).maxConnections()).isEqualTo(768);
        assertThat(ConfigLoader.load(Map.of(), new String[0], OptionalLong.of(4096)).maxConnections()).isEqualTo(3277);
        assertThat(ConfigLoader.load(Map.of(), new String[0], OptionalLong.of(1_048_576)).maxConnections())
                .isEqualTo(10_000);
        assertThat(ConfigLoader.load(Map.of(), new String[0], OptionalLong.empty()).maxConnections()).isEqualTo(10_000);
        assertThat(ConfigLoader.load(Map.of("PARLEY_MAX_CONNECTIONS", "50000"), new String[0], OptionalLong.of(1024))
                .maxConnections()).as("an explicit limit wins, even one above the descriptors").isEqualTo(50_000);
        assertThat(FileDescriptors.leavesReserve(768, OptionalLong.of(1024))).isTrue();
        assertThat(FileDescriptors.leavesReserve(1000, OptionalLong.of(1024))).isFalse();
    }

    @Test
    void connectionLimitsAndTheHeadTimeoutAreValidatedNamingTheirKeys() {
        Map<String, String> env = Map.of("PARLEY_MAX_CONNECTIONS", "0", "PARLEY_MAX_CONNECTIONS_PER_ADDRESS", "-1",
                "PARLEY_HTTP_HEADER_TIMEOUT", "soon");
        assertThatThrownBy(() -> ConfigLoader.load(env, new String[0]))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(3))
                .hasMessageContaining("PARLEY_MAX_CONNECTIONS:").hasMessageContaining("PARLEY_MAX_CONNECTIONS_PER_ADDRESS")
                .hasMessageContaining("PARLEY_HTTP_HEADER_TIMEOUT");
        Config off = ConfigLoader.load(Map.of("PARLEY_MAX_CONNECTIONS_PER_ADDRESS", "0",
                "PARLEY_HTTP_HEADER_TIMEOUT", "0"), new String[0]);
        assertThat(off.describe()).containsEntry("PARLEY_MAX_CONNECTIONS_PER_ADDRESS", "off")
                .containsEntry("PARLEY_HTTP_HEADER_TIMEOUT", "off");
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile() throws IOException {
        Path file = dir.resolve("parley.yaml");
        Files.writeString(file, "port: 7000\nsession-idle: 5m\ndata-dir: /from/file\n");
        Map<String, String> env = Map.of("PARLEY_CONFIG", file.toString(), "PARLEY_PORT", "7001",
                "PARLEY_DATA_DIR", "/from/env");
        Config config = ConfigLoader.load(env, new String[] {"--port=7002"});
        assertThat(config.port()).isEqualTo(7002);
        assertThat(config.dataDir()).isEqualTo(Path.of("/from/env"));
        assertThat(config.sessionIdle()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void everyBadValueIsReportedAtOnceNamingItsKey() {
        Map<String, String> env = Map.of("PARLEY_PORT", "http", "PARLEY_SYNC_DEADLINE", "soon",
                "PARLEY_DB_URL", "mysql://x", "PARLEY_DEMO", "perhaps", "PARLEY_ADMIN_TOKEN", "short",
                "PARLEY_PUBLIC_URL", "chat.example.com");
        assertThatThrownBy(() -> ConfigLoader.load(env, new String[] {"--colour=blue"}))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(7))
                .hasMessageContaining("PARLEY_PORT").hasMessageContaining("PARLEY_SYNC_DEADLINE")
                .hasMessageContaining("PARLEY_DB_URL").hasMessageContaining("PARLEY_DEMO")
                .hasMessageContaining("PARLEY_ADMIN_TOKEN").hasMessageContaining("--colour")
                .hasMessageContaining("PARLEY_PUBLIC_URL");
    }

    @Test
    void theStreamsPortIsOffUnlessSetAndMustBeAPort() {
        assertThat(ConfigLoader.load(Map.of(), new String[0]).streamsPort()).isEmpty();
        assertThat(ConfigLoader.load(Map.of("PARLEY_STREAMS_PORT", "8081"), new String[0]).streamsPort()).hasValue(8081);
        assertThat(ConfigLoader.load(Map.of("PARLEY_STREAMS_PORT", "OFF"), new String[0]).describe())
                .containsEntry("PARLEY_STREAMS_PORT", "off");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PARLEY_STREAMS_PORT", "70000"), new String[0]))
                .hasMessageContaining("PARLEY_STREAMS_PORT");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PARLEY_STREAMS_PORT", "streams"), new String[0]))
                .hasMessageContaining("PARLEY_STREAMS_PORT");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PARLEY_STREAMS_PORT", "8080"), new String[0]))
                .hasMessageContaining("PARLEY_STREAMS_PORT: must differ from PARLEY_PORT (8080)");
        assertThat(ConfigLoader.load(Map.of("PARLEY_PORT", "0", "PARLEY_STREAMS_PORT", "0"), new String[0])
                .streamsPort()).hasValue(0);
    }

    @Test
    void theReadTimeoutMayBeTurnedOffWithZeroButNotMadeNegative() {
        assertThat(ConfigLoader.load(Map.of("PARLEY_HTTP_READ_TIMEOUT", "0"), new String[0]).httpReadTimeout())
                .isZero();
        assertThat(ConfigLoader.load(Map.of("PARLEY_HTTP_READ_TIMEOUT", "0s"), new String[0]).describe())
                .containsEntry("PARLEY_HTTP_READ_TIMEOUT", "off");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PARLEY_HTTP_READ_TIMEOUT", "-5s"), new String[0]))
                .hasMessageContaining("PARLEY_HTTP_READ_TIMEOUT");
    }

    @Test
    void theDatabaseTimeoutIsFailingFastButNotBelowWhatThePoolAccepts() {
        assertThat(ConfigLoader.load(Map.of("PARLEY_DB_TIMEOUT", "500ms"), new String[0]).dbTimeout())
                .isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigLoader.load(Map.of("PARLEY_DB_TIMEOUT", "2s"), new String[0]).describe())
                .containsEntry("PARLEY_DB_TIMEOUT", "PT2S");
        for (String bad : new String[] {"100ms", "2m", "0", "soon"}) {
            assertThatThrownBy(() -> ConfigLoader.load(Map.of("PARLEY_DB_TIMEOUT", bad), new String[0]))
                    .as(bad).isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(1))
                    .hasMessageContaining("PARLEY_DB_TIMEOUT");
        }
    }

    @Test
    void durationsTakeUnitsAndIso() {
        assertThat(ConfigLoader.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigLoader.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(ConfigLoader.parseDuration("PT10S")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void secretsAreMaskedInTheDescription() {
        Map<String, String> env = Map.of("PARLEY_DB_PASSWORD", "hunter2",
                "PARLEY_ADMIN_TOKEN", "a-very-long-admin-token");
        Map<String, String> described = ConfigLoader.load(env, new String[0]).describe();
        assertThat(described.values()).doesNotContain("hunter2", "a-very-long-admin-token");
        assertThat(described.get("PARLEY_DB_PASSWORD")).isEqualTo("****");
    }
}
