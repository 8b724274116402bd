package dev.parley;

import dev.parley.channel.Channel;
import dev.parley.config.Config;
import dev.parley.config.ConfigException;
import dev.parley.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.util.logging.LogManager;

/** Loads the configuration, starts Parley and keeps it running until the process is stopped. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        configureLogging();
        Config config;
        try {
            config = ConfigLoader.load(System.getenv(), args);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("Parley starting with:");
        config.describe().forEach((key, value) -> System.out.println("  " + key + " = " + value));
        Parley parley = Parley.start(config);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(parley::close));
        String base = config.publicUrl().isEmpty() ? "http://localhost:" + parley.port()
                : config.publicUrl().replaceAll("/+$", "");
        System.out.println("Parley is listening on port " + parley.port() + "; console at " + base + "/console");
        parley.demo().ifPresent(demo -> printDemo(demo, base));
    }

    /** One-line log records, unless the operator brought a logging configuration of their own. */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (InputStream in = Main.class.getResourceAsStream("/dev/parley/logging.properties")) {
            LogManager.getLogManager().readConfiguration(in);
        } catch (IOException e) {
            System.err.println("Could not configure logging: " + e.getMessage());
        }
    }

    private static void printDemo(Channel demo, String base) {
        System.out.println("Created the demo channel '" + demo.name() + "' with token " + demo.token());
        System.out.println("Try it:");
        System.out.println("  curl -s -X POST " + base + "/chatapi/" + demo.token()
                + " -H 'Content-Type: application/json' -d '{\"clientId\":\"me\",\"query\":\"hello\"}'");
    }
}
