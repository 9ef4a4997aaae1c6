package dev.patgate.gateway.cli;

import dev.patgate.gateway.Gateway;
import dev.patgate.gateway.config.ConfigException;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.users.DemoUsers;
import dev.patgate.gateway.users.UserDirectory;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code patgate serve}: runs the gateway until SIGTERM or Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run the gateway until SIGTERM or Ctrl-C.",
            "On SIGTERM or Ctrl-C it stops gracefully: requests in flight finish (up to",
            "listen.stop_timeout) and token uses are saved. On SIGHUP it reads the user",
            "directory again (it also does so by itself when the file changes).",
            "It refuses to start while the demo users (alice, bob, admin with their published",
            "passwords) are in the user directory, unless --allow-demo-users is given."
        })
final class ServeCommand implements Callable<Integer> {

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
        Gateway gateway = Gateway.start(config, root.environment().clock());
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

    /** Closes the gateway on SIGTERM or Ctrl-C, reloads its users on SIGHUP, and waits for the end. */
    static int runUntilStopped(Gateway gateway) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "patgate-shutdown"));
        HangupSignal.onHangup(() -> {
            LoggerFactory.getLogger(ServeCommand.class).info("SIGHUP: reading the user directory again");
            gateway.reloadUsers();
        });
        gateway.join();
        return 0;
    }
}
