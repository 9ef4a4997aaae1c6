package dev.patgate.gateway.cli;

import ch.qos.logback.classic.LoggerContext;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/** The {@code patgate} executable. */
public final class Main {

    /** The system property Logback reads its configuration file from. */
    static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    private Main() {}

    public static void main(String[] args) {
        CliEnvironment environment = CliEnvironment.system();
        configureLogging(environment.home().resolve("config").resolve("logback.xml"));
        Charset charset = Charset.defaultCharset();
        int code = Cli.run(
                environment,
                new PrintWriter(System.out, true, charset),
                new PrintWriter(System.err, true, charset),
                args);
        stopLogging();
        System.exit(code);
    }

    /**
     * Writes the log lines still queued (the shipped {@code logback.xml} writes them in batches on a
     * thread of their own) and stops Logback: the last step before the process ends.
     */
    static void stopLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }

    /**
     * Points Logback at {@code config/logback.xml} when that file exists, before the first logger
     * exists; {@code -Dlogback.configurationFile} wins, and without either the jar's own
     * {@code logback.xml} applies.
     */
    static void configureLogging(Path file) {
        if (Files.isRegularFile(file) && System.getProperty(LOGBACK_CONFIGURATION) == null) {
            System.setProperty(LOGBACK_CONFIGURATION, file.toAbsolutePath().toString());
        }
    }
}
