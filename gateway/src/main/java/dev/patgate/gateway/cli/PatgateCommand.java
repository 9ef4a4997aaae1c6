package dev.patgate.gateway.cli;

import dev.patgate.gateway.config.ConfigException;
import dev.patgate.gateway.config.ConfigLoader;
import dev.patgate.gateway.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top command; holds what every subcommand shares: the environment and {@code -c}. */
@Command(
        name = "patgate",
        mixinStandardHelpOptions = true,
        version = "patgate 0.1.0-SNAPSHOT",
        description = "Personal-access-token gateway for WebDAV and REST file servers.",
        footer = {
            "",
            "PATGATE_HOME holds config/ and var/ (default: the current directory; the",
            "./patgate launcher sets it to the repository)."
        })
public final class PatgateCommand {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "The gateway configuration (default: $PATGATE_HOME/config/gateway.yaml).")
    Path configFile;

    private final CliEnvironment environment;

    PatgateCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    CliEnvironment environment() {
        return environment;
    }

    /**
     * Reads the configuration named by {@code -c}, or the default file; without {@code -c} and
     * without the default file, the built-in defaults.
     *
     * @throws ConfigException when the file is missing (with {@code -c}) or invalid
     */
    GatewayConfig config() {
        Path home = environment.home();
        if (configFile != null) {
            return ConfigLoader.load(environment.workingDirectory().resolve(configFile), home, environment.variables());
        }
        Path fallback = home.resolve("config").resolve("gateway.yaml");
        if (Files.exists(fallback)) {
            return ConfigLoader.load(fallback, home, environment.variables());
        }
        return GatewayConfig.defaults(home);
    }
}
