package dev.patgate.gateway.cli;

import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.Deployment;
import dev.patgate.gateway.Gateway;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.IdentityMode;
import dev.patgate.gateway.users.DemoUsers;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code patgate demo}: the gateway plus a banner with the URLs, the demo users and a ready-made
 * token for alice. {@code ./patgate demo} starts webdav-demo first; {@code ./patgate demo --cells}
 * runs it as a Cells stand-in ({@code --auth cells}) with config/gateway-cells-demo.yaml, where the
 * gateway is in upstream mode {@code cells}.
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
            URI backend = config.upstream().url();
            List<String> args = new ArrayList<>(List.of(
                    "--host",
                    backend.getHost(),
                    "--port",
                    Integer.toString(port(backend)),
                    "--data",
                    config.dataDir().resolve("demo-files").toString()));
            if (cells(config)) {
                // the Cells stand-in writes its admin token where the gateway reads it
                args.addAll(List.of("--auth", "cells"));
                String adminTokenFile = config.upstream().cells().adminTokenFile();
                if (adminTokenFile != null) {
                    args.addAll(List.of("--admin-token-file", adminTokenFile));
                }
            } else {
                Deployment.key(config.identityKeyFile());
                args.addAll(List.of("--identity-key", config.identityKeyFile().toString()));
            }
            args.forEach(out::println);
            out.flush();
            return 0;
        }
        Gateway gateway = ServeCommand.start(config, root.environment().clock());
        try {
            String configOption = root.configFile == null
                    ? ""
                    : " -c " + root.environment().workingDirectory().resolve(root.configFile);
            banner(out, gateway, configOption);
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
        return ServeCommand.runUntilStopped(gateway);
    }

    /** @param configOption {@code " -c FILE"} when the demo runs with another configuration, else empty */
    private static void banner(PrintWriter out, Gateway gateway, String configOption) {
        String token = gateway.issuer()
                .issue(new TokenRequest("alice", "demo", "demo", Duration.ofHours(24), null, List.of()))
                .plaintext();
        URI uri = gateway.publicUri();
        out.println();
        out.println("patgate demo");
        out.println("  gateway:  " + uri + "   WebDAV " + uri + "/dav/   REST " + uri + "/a/ and /n/");
        if (cells(gateway.config())) {
            out.println("  backend:  " + gateway.config().upstream().url()
                    + "   a Cells stand-in (webdav-demo --auth cells): it accepts only Cells personal tokens");
            out.println("            it minted itself, never a patgate token (docs/cells-standin.md)");
            out.println();
            out.println("Upstream mode cells: for each user the gateway mints that user's own Cells token at the");
            out.println("stand-in (impersonation, with the admin token in "
                    + gateway.config().upstream().cells().adminTokenFile() + "),");
            out.println("renews it, and sends it upstream in place of the client's patgate token (Bearer on REST,");
            out.println(
                    "basic login:token on /dav/). Users locked or deleted at the stand-in are refused. See docs/cells.md.");
        } else {
            out.println("  backend:  " + gateway.config().upstream().url()
                    + "   (answers only requests signed by the gateway)");
        }
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
        if (cells(gateway.config())) {
            out.println("  curl -i -H \"Authorization: Bearer $TOKEN\" "
                    + gateway.config().upstream().base()
                    + "/a/tree/stat/personal-files   (straight to the stand-in: 401)");
        }
        out.println("  ./patgate admin user token" + configOption + " -u bob -a 30m -e 7d");
        out.println("  curl -u LOGIN:PASSWORD -H 'Content-Type: application/json' -d '{\"auto\": \"30m\"}' " + uri
                + "/patgate/tokens   (anyone makes their own)");
        out.println("Mount " + uri + "/dav/ in a WebDAV client with login alice and the token as password.");
        out.println("Ctrl-C stops.");
        out.flush();
    }

    private static boolean cells(GatewayConfig config) {
        return config.upstream().identity() == IdentityMode.CELLS;
    }

    private static int port(URI url) {
        if (url.getPort() >= 0) {
            return url.getPort();
        }
        return "https".equals(url.getScheme()) ? 443 : 80;
    }
}
