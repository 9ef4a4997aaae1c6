package dev.patgate.gateway.cli;

import dev.patgate.gateway.config.ConfigLoader;
import java.io.Console;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What the CLI takes from its surroundings, injected so that tests run it in-process.
 *
 * @param clock the time source for token creation and the gateway
 * @param variables the environment ({@code PATGATE_HOME}, {@code store.password_env})
 * @param workingDirectory against which a relative {@code -c} path and {@code PATGATE_HOME} resolve
 * @param stdin standard input, read by {@code --password-stdin}
 * @param terminal asks for a password without echo; {@code null} when there is no terminal
 */
public record CliEnvironment(
        Clock clock, Map<String, String> variables, Path workingDirectory, InputStream stdin, Terminal terminal) {

    /** The controlling terminal, as far as passwords go ({@link Console#readPassword}). */
    @FunctionalInterface
    public interface Terminal {
        /** Shows {@code prompt} and reads one line without echo; {@code null} at end of input. */
        char[] readPassword(String prompt);
    }

    public CliEnvironment {
        Objects.requireNonNull(clock, "clock must not be null");
        Objects.requireNonNull(stdin, "stdin must not be null");
        variables = Map.copyOf(variables);
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /** No standard input and no terminal. */
    public CliEnvironment(Clock clock, Map<String, String> variables, Path workingDirectory) {
        this(clock, variables, workingDirectory, InputStream.nullInputStream(), null);
    }

    /** The real one: system clock, process environment, current directory, stdin, the console if any. */
    public static CliEnvironment system() {
        Console console = System.console();
        Terminal terminal = console == null ? null : prompt -> console.readPassword("%s", prompt);
        return new CliEnvironment(Clock.systemUTC(), System.getenv(), Path.of(""), System.in, terminal);
    }

    /** This environment with another standard input and terminal (for tests). */
    public CliEnvironment withInput(InputStream newStdin, Terminal newTerminal) {
        return new CliEnvironment(clock, variables, workingDirectory, newStdin, newTerminal);
    }

    /** PATGATE_HOME, or the working directory when it is unset or empty. */
    public Path home() {
        String home = variables.get(ConfigLoader.HOME_VARIABLE);
        return home == null || home.isBlank()
                ? workingDirectory
                : workingDirectory.resolve(home).normalize();
    }
}
