package dev.patgate.gateway.cli;

import dev.patgate.gateway.Deployment;
import dev.patgate.gateway.cells.CellsUpstream;
import dev.patgate.gateway.config.CellsConfig;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.IdentityMode;
import dev.patgate.gateway.users.User;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code patgate admin user upstream-token -u LOGIN}: registers a user's Cells personal token (Cells
 * Home, which has no token API). The token is read from the terminal or, with
 * {@code --token-stdin}, from the first line of standard input, never from the command line; it is
 * checked against Cells as the user and stored sealed (AES-GCM under {@code upstream.key}).
 */
@Command(
        name = "upstream-token",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Register a user's Cells personal token (upstream.identity cells, edition home).",
            "Make it in Cells with 'cells admin user token -u LOGIN -a 30d'. It is asked on the terminal, or read"
                    + " from the first line of standard input with --token-stdin; never taken from the command"
                    + " line. It is checked against Cells as the user, then stored encrypted."
        })
final class UpstreamTokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-u", "--user"},
            required = true,
            paramLabel = "LOGIN",
            description = "The user's Cells login.")
    String user;

    @Option(names = "--token-stdin", description = "Read the token from the first line of standard input.")
    boolean tokenStdin;

    private final PatgateCommand root;

    UpstreamTokenCommand(PatgateCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        GatewayConfig config = root.config();
        if (config.upstream().identity() != IdentityMode.CELLS) {
            throw usage("upstream-token is for upstream.identity cells (this configuration says "
                    + config.upstream().identity() + ")");
        }
        if (config.upstream().cells().edition() != CellsConfig.Edition.HOME) {
            throw usage("upstream-token is for upstream.cells.edition home; with enterprise, patgate mints"
                    + " the users' Cells tokens itself");
        }
        if (!User.isValidLogin(user)) {
            throw usage("-u: a login is " + User.LOGIN_RULE);
        }
        char[] secret = PasswordInput.readSecret(spec, root.environment(), tokenStdin, "Cells token", "--token-stdin");
        String token = new String(secret).strip();
        Arrays.fill(secret, '\0');
        if (token.isEmpty() || token.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw usage("the Cells token must be one word of printable ASCII");
        }
        // opening the deployment applies the store's migrations, so that the table exists
        try (Deployment deployment = Deployment.open(config, root.environment().clock())) {
            CellsUpstream.registerHomeToken(
                    config, user, token, root.environment().clock());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        } catch (IllegalStateException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("registered the Cells token of " + user + " (stored encrypted); running gateways use it within"
                + " upstream.cells.users_check_interval");
        out.flush();
        return 0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
