package dev.patgate.gateway.cli;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.gateway.Deployment;
import dev.patgate.gateway.Gateway;
import dev.patgate.gateway.api.TokenView;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.users.User;
import dev.patgate.scope.NodeResolver;
import dev.patgate.store.TokenRecord;
import dev.patgate.token.Durations;
import dev.patgate.token.Scope;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code patgate admin token list -u LOGIN | --all [--state S] [--json]}: tokens, newest first, with
 * how each expires and was last used; never a secret. The CLI is the operator's tool: it lists any
 * user's tokens, or everyone's with {@code --all}.
 */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List tokens, newest first: id, user, label, created, expiry kind (hard, sliding, sliding capped) with"
                    + " its times, valid until, last use (time and address), state, scopes with the path each node"
                    + " has now (asked of the backend as the user). Never a secret.",
            "STATE is active, expired, revoked, or blocked (active, but the user is disabled or removed: refused).",
            "A login that is neither in the user directory nor the owner of any token exits 2."
        })
final class TokenListCommand implements Callable<Integer> {

    static final String[] HEADER = {
        "ID", "USER", "LABEL", "CREATED", "EXPIRY", "VALID UNTIL", "LAST USED", "FROM", "STATE", "SCOPES"
    };

    @Spec
    CommandSpec spec;

    /** Whose tokens: exactly one of the two. */
    static final class Whose {
        @Option(
                names = {"-u", "--user"},
                paramLabel = "LOGIN",
                description = "This user's tokens.")
        String user;

        @Option(names = "--all", description = "Every user's tokens.")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Whose whose;

    @Option(
            names = "--state",
            paramLabel = "STATE",
            description = "Only tokens in this state: active (blocked included), expired or revoked.")
    String state;

    @Option(
            names = "--json",
            description = "Print the tokens as the token API's JSON listing (docs/token-api.md), on one line.")
    boolean json;

    private final PatgateCommand root;

    TokenListCommand(PatgateCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        String user = whose.user;
        if (user != null && !User.isValidLogin(user)) {
            throw new ParameterException(spec.commandLine(), "-u: a login is " + User.LOGIN_RULE);
        }
        if (state != null && !List.of("active", "expired", "revoked").contains(state)) {
            throw new ParameterException(spec.commandLine(), "--state: one of active, expired, revoked");
        }
        try (Deployment deployment =
                Deployment.open(root.config(), root.environment().clock())) {
            Instant now = root.environment().clock().instant();
            List<TokenRecord> records = user == null
                    ? deployment.store().findAll()
                    : deployment.store().findByLogin(user);
            if (user != null && records.isEmpty() && !deployment.users().exists(user)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "-u: unknown user " + Messages.quote(user) + ": give a login listed in "
                                + deployment.config().usersFile() + " or one that owns tokens");
            }
            if (state != null) {
                records = records.stream()
                        .filter(record -> state.equals(TokenView.state(record, now)))
                        .toList();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(TokenView.listingJson(records, now));
            } else if (records.isEmpty()) {
                out.println(
                        "no " + (state == null ? "" : state + " ") + "tokens" + (user == null ? "" : " for " + user));
            } else {
                NodePaths paths = new NodePaths(records, deployment.config());
                List<String[]> rows = new ArrayList<>();
                rows.add(HEADER);
                for (TokenRecord record : records) {
                    String[] row = row(record, now, !deployment.users().isActive(record.login()));
                    row[row.length - 1] = paths.scopes(record);
                    rows.add(row);
                }
                print(out, rows);
                if (paths.unavailable) {
                    spec.commandLine()
                            .getErr()
                            .println("patgate admin token list: the backend could not be asked where the scoped nodes"
                                    + " are now; scopes are shown without their paths");
                }
            }
            out.flush();
        }
        return 0;
    }

    /**
     * Each scope with the path its node has now, asked of the backend as the token's user (one
     * lookup per user and node): {@code node:<uuid>:r (personal-files/docs)}, or
     * {@code (no such node)} when the user can no longer reach it. When the backend cannot be asked,
     * scopes are shown bare and {@link #unavailable} says so.
     */
    private final class NodePaths {

        private final Map<String, String> known = new HashMap<>();
        private NodeResolver resolver;
        boolean unavailable;

        NodePaths(List<TokenRecord> records, GatewayConfig config) {
            if (records.stream().anyMatch(record -> !record.scopes().isEmpty())) {
                try {
                    resolver = Gateway.nodeResolver(
                            config,
                            Gateway.identity(
                                    config,
                                    root.environment().clock(),
                                    root.environment().variables()));
                } catch (RuntimeException e) {
                    unavailable = true;
                }
            }
        }

        String scopes(TokenRecord record) {
            if (record.scopes().isEmpty()) {
                return "-";
            }
            List<String> shown = new ArrayList<>();
            for (Scope scope : record.scopes()) {
                String path = path(record.login(), scope.nodeUuid());
                shown.add(path == null ? scope.toString() : scope + " (" + path + ")");
            }
            return String.join(" ", shown);
        }

        private String path(String login, String uuid) {
            if (resolver == null || unavailable) {
                return null;
            }
            String key = login + "\0" + uuid;
            if (!known.containsKey(key)) {
                try {
                    known.put(
                            key,
                            resolver.resolve(uuid, new AuthenticatedToken(login, "-", List.of(), null))
                                    .map(found -> found.toString().substring(1))
                                    .orElse("no such node"));
                } catch (RuntimeException e) {
                    unavailable = true;
                    return null;
                }
            }
            return known.get(key);
        }
    }

    static String[] row(TokenRecord record, Instant now, boolean userBlocked) {
        return new String[] {
            record.id(),
            record.login(),
            shorten(record.label()),
            Messages.time(record.createdAt()),
            expiry(record),
            Messages.time(record.validUntil()),
            Messages.time(record.lastUsedAt()),
            record.lastUsedIp() == null ? "-" : record.lastUsedIp(),
            state(record, now, userBlocked),
            record.scopes().isEmpty()
                    ? "-"
                    : String.join(
                            " ", record.scopes().stream().map(Scope::toString).toList())
        };
    }

    /** {@code hard}, {@code sliding 30m}, or {@code sliding 30m, cap <time>}. */
    static String expiry(TokenRecord record) {
        if (!record.isSliding()) {
            return "hard";
        }
        String sliding = "sliding " + Durations.format(record.refreshWindow());
        return record.expiresAt() == null ? sliding : sliding + ", cap " + Messages.time(record.expiresAt());
    }

    /** Columns as wide as their widest cell, two spaces apart; the last one unpadded. */
    static void print(PrintWriter out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.println(line);
        }
    }

    /**
     * {@code revoked}, {@code expired}, {@code active}, or {@code blocked} for a token that would be
     * active but whose user is disabled or no longer in the directory (refused all the same).
     */
    private static String state(TokenRecord record, Instant now, boolean userBlocked) {
        String state = TokenView.state(record, now);
        return state.equals("active") && userBlocked ? "blocked" : state;
    }

    private static String shorten(String label) {
        if (label.isEmpty()) {
            return "-";
        }
        String visible = label.codePoints()
                .map(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return visible.length() <= 24 ? visible : visible.substring(0, 23) + "…";
    }
}
