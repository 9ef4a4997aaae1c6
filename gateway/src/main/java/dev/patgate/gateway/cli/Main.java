package dev.patgate.gateway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The {@code patgate} executable. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        CliEnvironment environment = CliEnvironment.system();
        configureLogging(environment.home().resolve("config").resolve("simplelogger.properties"));
        Charset charset = Charset.defaultCharset();
        int code = Cli.run(
                environment,
                new PrintWriter(System.out, true, charset),
                new PrintWriter(System.err, true, charset),
                args);
        System.exit(code);
    }

    /**
     * Applies {@code config/simplelogger.properties} (slf4j-simple's keys) as system properties, before
     * the first logger exists; properties set with {@code -D} win.
     */
    static void configureLogging(Path file) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            System.err.println("patgate: cannot read " + file + "; logging with the defaults");
            return;
        }
        properties.stringPropertyNames().forEach(name -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, properties.getProperty(name));
            }
        });
    }
}
