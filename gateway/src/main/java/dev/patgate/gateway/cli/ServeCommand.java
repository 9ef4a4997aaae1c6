package dev.patgate.gateway.cli;

import dev.patgate.gateway.Gateway;
import dev.patgate.gateway.config.ConfigException;
import dev.patgate.gateway.config.GatewayConfig;
import java.io.IOException;
import java.net.BindException;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;

/** {@code patgate serve}: runs the gateway until SIGTERM or Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run the gateway until SIGTERM or Ctrl-C.",
            "On SIGTERM or Ctrl-C it stops gracefully: requests in flight finish (up to listen.stop_timeout)"
                    + " and token uses are saved."
        })
final class ServeCommand implements Callable<Integer> {

    /** The address in Jetty's "Failed to bind to /127.0.0.1:8080". */
    private static final Pattern BOUND_ADDRESS = Pattern.compile("/(\\S+:\\d+)");

    private final PatgateCommand root;

    ServeCommand(PatgateCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Gateway gateway = start(root.config(), root.environment().clock());
        return runUntilStopped(gateway);
    }

    /**
     * Starts the gateway; an address it cannot listen on becomes one line that says what to change.
     *
     * @throws ConfigException when the port is taken or the address cannot be bound
     * @throws IOException when the server cannot start for another reason
     */
    static Gateway start(GatewayConfig config, Clock clock) throws IOException {
        try {
            return Gateway.start(config, clock);
        } catch (IOException e) {
            BindException bind = bindFailure(e);
            if (bind == null) {
                throw e;
            }
            Matcher address = BOUND_ADDRESS.matcher(String.valueOf(e.getMessage()));
            String where = address.find()
                    ? address.group(1)
                    : config.listen().host() + ":" + config.listen().port();
            if (String.valueOf(bind.getMessage()).contains("in use")) {
                throw new ConfigException(
                        where + " is already in use: stop what listens there, or choose another port (listen.port)");
            }
            throw new ConfigException(
                    "cannot listen on " + where + " (" + bind.getMessage() + "): check listen.host and listen.port");
        }
    }

    private static BindException bindFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                return bind;
            }
        }
        return null;
    }

    /** Closes the gateway on SIGTERM or Ctrl-C, and waits for that. */
    static int runUntilStopped(Gateway gateway) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "patgate-shutdown"));
        gateway.join();
        return 0;
    }
}
