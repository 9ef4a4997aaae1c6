package dev.patgate.gateway.cli;

import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.Deployment;
import dev.patgate.gateway.Gateway;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.users.DemoUsers;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code patgate demo}: the gateway plus a banner with the URLs, the demo users and a ready-made
 * token for alice. {@code ./patgate demo} starts webdav-demo first.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the gateway with a demo banner and a token for alice.",
            "Prints the URLs, the demo users and their passwords, and a token for alice valid 24h, then serves"
                    + " until Ctrl-C. './patgate demo' also starts the demo backend (webdav-demo) first."
        })
final class DemoCommand implements Callable<Integer> {

    /** The demo users' passwords, as hashed in config/users.yaml. Shown only when they still match. */
    static final Map<String, String> DEMO_PASSWORDS = DemoUsers.PASSWORDS;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--backend-args",
            hidden = true,
            description = "Create the keys and print webdav-demo's arguments, one per line, then exit.")
    boolean backendArgs;

    private final PatgateCommand root;

    DemoCommand(PatgateCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        GatewayConfig config = root.config();
        PrintWriter out = spec.commandLine().getOut();
        if (backendArgs) {
            Deployment.key(config.tokenKeyFile());
            Deployment.key(config.identityKeyFile());
            URI backend = config.upstream().url();
            for (String arg : List.of(
                    "--host",
                    backend.getHost(),
                    "--port",
                    Integer.toString(port(backend)),
                    "--data",
                    config.dataDir().resolve("demo-files").toString(),
                    "--identity-key",
                    config.identityKeyFile().toString())) {
                out.println(arg);
            }
            out.flush();
            return 0;
        }
        Gateway gateway = ServeCommand.start(config, root.environment().clock());
        try {
            banner(out, gateway);
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
        return ServeCommand.runUntilStopped(gateway);
    }

    private static void banner(PrintWriter out, Gateway gateway) {
        String token = gateway.issuer()
                .issue(new TokenRequest("alice", "demo", "demo", Duration.ofHours(24), null, List.of()))
                .plaintext();
        URI uri = gateway.publicUri();
        out.println();
        out.println("patgate demo");
        out.println("  gateway:  " + uri + "   WebDAV " + uri + "/dav/   REST " + uri + "/a/ and /n/");
        out.println("  backend:  " + gateway.config().upstream().url()
                + "   (answers only requests signed by the gateway)");
        out.println();
        out.println("Users (" + gateway.config().usersFile() + "); passwords are for managing tokens, not for WebDAV:");
        gateway.users().users().forEach(user -> {
            String password = DEMO_PASSWORDS.get(user.login());
            boolean matches = password != null && gateway.users().verifyPassword(user.login(), password.toCharArray());
            String shown = matches ? password : "(password changed)";
            out.println(("  " + String.format("%-8s %-12s", user.login(), shown) + (user.admin() ? " admin" : ""))
                    .stripTrailing());
        });
        out.println();
        out.println("A token for alice, valid 24h (shown once):");
        out.println("  export TOKEN=" + token);
        out.println();
        out.println("Try:");
        out.println("  curl -u alice:$TOKEN -X PROPFIND -H 'Depth: 1' " + uri + "/dav/personal-files/");
        out.println("  curl -H \"Authorization: Bearer $TOKEN\" " + uri + "/a/tree/stat/personal-files");
        out.println("  curl -i " + uri + "/dav/personal-files/          (no token: 401)");
        out.println("  ./patgate admin user token -u bob -a 30m -e 7d");
        out.println("  curl -u LOGIN:PASSWORD -H 'Content-Type: application/json' -d '{\"auto\": \"30m\"}' " + uri
                + "/patgate/tokens   (anyone makes their own)");
        out.println("Mount " + uri + "/dav/ in a WebDAV client with login alice and the token as password.");
        out.println("Ctrl-C stops.");
        out.flush();
    }

    private static int port(URI url) {
        if (url.getPort() >= 0) {
            return url.getPort();
        }
        return "https".equals(url.getScheme()) ? 443 : 80;
    }
}
