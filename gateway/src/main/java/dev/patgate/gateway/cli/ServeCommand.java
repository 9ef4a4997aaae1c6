package dev.patgate.gateway.cli;

import dev.patgate.gateway.Gateway;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code patgate serve}: runs the gateway until SIGTERM or Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run the gateway until SIGTERM or Ctrl-C.",
            "On SIGTERM or Ctrl-C it stops gracefully: requests in flight finish (up to",
            "listen.stop_timeout) and token uses are saved."
        })
final class ServeCommand implements Callable<Integer> {

    private final PatgateCommand root;

    ServeCommand(PatgateCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Gateway gateway = Gateway.start(root.config(), root.environment().clock());
        return runUntilStopped(gateway);
    }

    /** Closes the gateway on SIGTERM or Ctrl-C, and waits for that. */
    static int runUntilStopped(Gateway gateway) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "patgate-shutdown"));
        gateway.join();
        return 0;
    }
}
