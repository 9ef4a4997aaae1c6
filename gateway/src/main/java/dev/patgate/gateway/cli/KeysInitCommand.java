package dev.patgate.gateway.cli;

import dev.patgate.gateway.Deployment;
import dev.patgate.gateway.config.GatewayConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code patgate keys init}: creates the data directory and its two keys when missing. */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = {
            "Create the data directory and its keys when missing.",
            "token.key and identity.key are created owner-only, and the command prints where they are. Give"
                    + " identity.key to the backend (webdav-demo --identity-key)."
        })
final class KeysInitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final PatgateCommand root;

    KeysInitCommand(PatgateCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        GatewayConfig config = root.config();
        Deployment.key(config.tokenKeyFile());
        Deployment.key(config.identityKeyFile());
        PrintWriter out = spec.commandLine().getOut();
        out.println("token key:     " + config.tokenKeyFile());
        out.println("identity key:  " + config.identityKeyFile() + " (share it with the backend)");
        out.flush();
        return 0;
    }
}
