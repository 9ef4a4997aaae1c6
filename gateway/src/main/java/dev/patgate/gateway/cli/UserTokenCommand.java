package dev.patgate.gateway.cli;

import dev.patgate.auth.IssuedToken;
import dev.patgate.auth.LifetimeCapException;
import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.Deployment;
import dev.patgate.gateway.Gateway;
import dev.patgate.gateway.api.TokenApiServlet;
import dev.patgate.gateway.cells.CellsUpstream;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.IdentityMode;
import dev.patgate.store.TokenRecord;
import dev.patgate.token.Durations;
import dev.patgate.token.Scope;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code patgate admin user token}: creates a personal access token, as Pydio Cells' command of that name. */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Create a personal access token for an existing user and print it, once.", ""},
        footer = {
            "",
            "Expiry (give -e, -a, or both):",
            "  -e DURATION   hard: the token stops working DURATION after its creation.",
            "  -a DURATION   sliding: the token stays valid while it is used at least",
            "                once every DURATION; each accepted request pushes the",
            "                expiry forward.",
            "  -e D1 -a D2   sliding, capped: as -a D2, but never past creation + D1.",
            "  DURATION is a positive whole number followed by s, m, h or d (90s, 10m,",
            "  24h, 7d); a bare number means seconds.",
            "",
            "Using the token:",
            "  as a Bearer token:      Authorization: Bearer <token>",
            "  as a basic-auth password, with the user's login as username: WebDAV",
            "  clients (mount http://HOST:PORT/dav/ with login + token), curl -u LOGIN:TOKEN",
            "",
            "Scopes (-s, repeatable or comma-separated): node:<uuid>:r|w|rw restricts",
            "the token to one file or folder and everything below it, to read (r),",
            "write (w) or both (rw). Without -s the token acts as its user.",
            "",
            "Examples:",
            "  patgate admin user token -u alice -e 24h",
            "  patgate admin user token -u alice -a 30m -e 30d -l laptop",
            "  patgate admin user token -u bob -e 7d -q \\",
            "      -s node:0f8e7c1a-3b2d-4c5e-9f60-718293a4b5c6:r"
        })
final class UserTokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-u", "--user"},
            required = true,
            paramLabel = "LOGIN",
            description = "Login of an existing user (config/users.yaml).")
    String user;

    @Option(
            names = {"-e", "--expire"},
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "Hard expiry: valid until creation + DURATION.")
    Duration expire;

    @Option(
            names = {"-a", "--auto"},
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "Sliding expiry (auto-refresh): valid while used at least every DURATION.")
    Duration auto;

    @Option(
            names = {"-s", "--scope"},
            paramLabel = "SCOPE",
            split = ",",
            converter = Converters.ScopeConverter.class,
            description = "Restrict to a node: node:<uuid>:r|w|rw. Repeatable.")
    List<Scope> scopes = new ArrayList<>();

    @Option(
            names = {"-l", "--label"},
            paramLabel = "TEXT",
            description = "A label to recognize the token by.")
    String label;

    @Option(
            names = {"-q", "--quiet"},
            description = "Print only the token, on one line.")
    boolean quiet;

    private final PatgateCommand root;

    UserTokenCommand(PatgateCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        if (expire == null && auto == null) {
            throw usage("no expiry: give -e DURATION (hard), -a DURATION (sliding), or both");
        }
        if (label != null && !TokenRequest.isAllowedLabel(label)) {
            throw usage("-l: a label is at most 100 printable characters");
        }
        GatewayConfig config = root.config();
        try (Deployment deployment = Deployment.open(config, root.environment().clock())) {
            if (config.upstream().identity() == IdentityMode.CELLS) {
                checkAtCells(config);
            } else if (!deployment.users().exists(user)) {
                throw usage(
                        "-u: unknown user " + Messages.quote(user) + ": give a login listed in " + config.usersFile());
            }
            if (deployment.users().exists(user) && !deployment.users().isActive(user)) {
                throw usage(
                        "-u: user " + user + " is disabled: enable it first (patgate admin user enable " + user + ")");
            }
            checkScopesReachable(config);
            TokenRequest request;
            IssuedToken issued;
            try {
                request = new TokenRequest(user, label, "cli", expire, auto, scopes);
                issued = deployment.issuer().issue(request);
            } catch (LifetimeCapException e) {
                throw usage("policy caps token lifetime at " + Durations.format(e.cap())
                        + (e.missing() ? ": give -e DURATION (at most that)" : ": -e must not be longer"));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            print(spec.commandLine().getOut(), issued, config);
        }
        return 0;
    }

    /**
     * Upstream mode cells: the user must exist in Cells and not be locked, asked with the admin token
     * (enterprise) or the user's registered token (home); the user directory is not needed.
     */
    private void checkAtCells(GatewayConfig config) {
        if (!dev.patgate.gateway.users.User.isValidLogin(user)) {
            throw usage("-u: unknown user " + Messages.quote(user));
        }
        dev.patgate.auth.UserGate.Standing standing;
        try {
            standing = CellsUpstream.open(
                            config,
                            root.environment().variables(),
                            root.environment().clock())
                    .check(user);
        } catch (IllegalStateException e) {
            throw usage("-u: " + e.getMessage());
        }
        switch (standing) {
            case UNKNOWN -> throw usage("-u: Cells has no user " + Messages.quote(user));
            case DISABLED -> throw usage("-u: user " + user + " is locked in Cells (or Cells refuses their token)");
            case ACTIVE -> {}
        }
    }

    /**
     * Asks the backend, as the token's user, where each scoped node is: a node that does not exist or
     * that the user cannot reach is refused here rather than making a token that can never work.
     */
    private void checkScopesReachable(GatewayConfig config) {
        if (scopes.isEmpty()) {
            return;
        }
        Clock clock = root.environment().clock();
        TokenApiServlet.ScopeCheck backend = Gateway.scopeCheck(
                config, Gateway.identity(config, clock, root.environment().variables()));
        for (Scope scope : scopes) {
            if (!backend.reachable(user, scope)) {
                throw usage("-s: " + scope + ": no such node, or " + user + " cannot reach it");
            }
        }
    }

    private void print(PrintWriter out, IssuedToken issued, GatewayConfig config) {
        out.println(issued.plaintext());
        if (quiet) {
            out.flush();
            return;
        }
        TokenRecord record = issued.record();
        out.println();
        out.println(
                "Token " + record.id() + " for " + record.login() + ", created " + Messages.time(record.createdAt()));
        out.println("  expiry:  " + expiry(record));
        out.println("  scopes:  "
                + (record.scopes().isEmpty()
                        ? "none (acts as " + record.login() + ")"
                        : String.join(
                                " ",
                                record.scopes().stream().map(Scope::toString).toList())));
        if (!record.label().isEmpty()) {
            out.println("  label:   " + record.label());
        }
        String base = config.listen().advertisedUri().toString();
        out.println("Use it as:");
        out.println("  Authorization: Bearer <token>");
        out.println("  or as the basic-auth password with username " + record.login() + " (WebDAV: " + base + "/dav/)");
        out.println("It is shown only this once: keep it somewhere safe. Revoke it with:");
        out.println("  patgate admin token revoke " + record.id());
        out.flush();
    }

    static String expiry(TokenRecord record) {
        if (record.refreshWindow() == null) {
            return "hard, at " + Messages.time(record.expiresAt());
        }
        String sliding = "sliding, valid while used at least every " + Durations.format(record.refreshWindow());
        return record.expiresAt() == null ? sliding : sliding + ", never after " + Messages.time(record.expiresAt());
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
