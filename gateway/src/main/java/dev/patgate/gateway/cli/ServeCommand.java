package dev.patgate.gateway.cli;

import dev.patgate.gateway.Gateway;
import dev.patgate.gateway.config.ConfigException;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.users.DemoUsers;
import dev.patgate.gateway.users.UserDirectory;
import java.io.IOException;
import java.net.BindException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code patgate serve}: runs the gateway until SIGTERM or Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run the gateway until SIGTERM or Ctrl-C.",
            "On SIGTERM or Ctrl-C it stops gracefully: requests in flight finish (up to listen.stop_timeout)"
                    + " and token uses are saved. On SIGHUP it reads the user directory again (it also does so by"
                    + " itself when the file changes).",
            "It refuses to start while the demo users (alice, bob, admin with their published passwords) are in"
                    + " the user directory, unless --allow-demo-users is given."
        })
final class ServeCommand implements Callable<Integer> {

    /** The address in Jetty's "Failed to bind to /127.0.0.1:8080". */
    private static final Pattern BOUND_ADDRESS = Pattern.compile("/(\\S+:\\d+)");

    @Option(
            names = "--allow-demo-users",
            description = "Start even though the demo users and their published passwords are in the user directory.")
    boolean allowDemoUsers;

    private final PatgateCommand root;

    ServeCommand(PatgateCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        GatewayConfig config = root.config();
        if (!allowDemoUsers) {
            refuseDemoUsers(config);
        }
        Gateway gateway = start(config, root.environment().clock());
        return runUntilStopped(gateway);
    }

    /** @throws ConfigException one line: which demo users, and the three ways out */
    private static void refuseDemoUsers(GatewayConfig config) {
        List<String> demo = DemoUsers.present(UserDirectory.load(config.usersFile()));
        if (!demo.isEmpty()) {
            throw new ConfigException(config.usersFile() + " still holds the demo users " + String.join(", ", demo)
                    + ", whose passwords are published: give each a new password (patgate admin user passwd LOGIN)"
                    + " or remove them (patgate admin user remove LOGIN), or start with --allow-demo-users");
        }
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

    /**
     * Closes the gateway on SIGTERM or Ctrl-C, then writes the log lines still queued (the JVM ends
     * as soon as its shutdown hooks have run, so this must happen in the hook), reloads its users on
     * SIGHUP, and waits for the end.
     */
    static int runUntilStopped(Gateway gateway) throws InterruptedException {
        Thread closer = new Thread(
                () -> {
                    try {
                        gateway.close();
                    } finally {
                        Main.stopLogging();
                    }
                },
                "patgate-shutdown");
        Runtime.getRuntime().addShutdownHook(closer);
        HangupSignal.onHangup(() -> {
            LoggerFactory.getLogger(ServeCommand.class).info("SIGHUP: reading the user directory again");
            gateway.reloadUsers();
        });
        gateway.join();
        closer.join(); // returns at once when no signal started it
        return 0;
    }
}
