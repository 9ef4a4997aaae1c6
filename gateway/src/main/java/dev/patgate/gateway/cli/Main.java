package dev.patgate.gateway.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

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
        System.exit(code);
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
