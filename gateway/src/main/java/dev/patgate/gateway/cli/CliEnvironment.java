package dev.patgate.gateway.cli;

import dev.patgate.gateway.config.ConfigLoader;
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
 */
public record CliEnvironment(Clock clock, Map<String, String> variables, Path workingDirectory) {

    public CliEnvironment {
        Objects.requireNonNull(clock, "clock must not be null");
        variables = Map.copyOf(variables);
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /** The real one: system clock, process environment, current directory. */
    public static CliEnvironment system() {
        return new CliEnvironment(Clock.systemUTC(), System.getenv(), Path.of(""));
    }

    /** PATGATE_HOME, or the working directory when it is unset or empty. */
    public Path home() {
        String home = variables.get(ConfigLoader.HOME_VARIABLE);
        return home == null || home.isBlank()
                ? workingDirectory
                : workingDirectory.resolve(home).normalize();
    }
}
