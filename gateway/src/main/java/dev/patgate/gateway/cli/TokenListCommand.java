package dev.patgate.gateway.cli;

import dev.patgate.gateway.Deployment;
import dev.patgate.gateway.users.User;
import dev.patgate.store.TokenRecord;
import dev.patgate.token.Scope;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code patgate admin token list -u LOGIN}: a user's tokens, newest first; never a secret. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List a user's tokens, newest first: id, label, created, valid until, last use, state, scopes.",
            "STATE is active, expired, revoked, or blocked (the user is disabled or removed: refused).",
            "A login that is neither in the user directory nor the owner of any token exits 2."
        })
final class TokenListCommand implements Callable<Integer> {

    private static final String ROW = "%-12s  %-16s  %-20s  %-20s  %-20s  %-8s  %s%n";

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-u", "--user"},
            required = true,
            paramLabel = "LOGIN",
            description = "Whose tokens.")
    String user;

    private final PatgateCommand root;

    TokenListCommand(PatgateCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        if (!User.isValidLogin(user)) {
            throw new ParameterException(spec.commandLine(), "-u: a login is " + User.LOGIN_RULE);
        }
        try (Deployment deployment =
                Deployment.open(root.config(), root.environment().clock())) {
            Instant now = root.environment().clock().instant();
            List<TokenRecord> records = deployment.store().findByLogin(user);
            if (records.isEmpty() && !deployment.users().exists(user)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "-u: unknown user " + Messages.quote(user) + ": give a login listed in "
                                + deployment.config().usersFile() + " or one that owns tokens");
            }
            boolean blocked = !deployment.users().isActive(user);
            PrintWriter out = spec.commandLine().getOut();
            if (records.isEmpty()) {
                out.println("no tokens for " + user);
            } else {
                out.printf(ROW, "ID", "LABEL", "CREATED", "VALID UNTIL", "LAST USED", "STATE", "SCOPES");
                for (TokenRecord record : records) {
                    out.printf(
                            ROW,
                            record.id(),
                            shorten(record.label()),
                            Messages.time(record.createdAt()),
                            Messages.time(record.validUntil()),
                            Messages.time(record.lastUsedAt()),
                            state(record, now, blocked),
                            record.scopes().isEmpty()
                                    ? "-"
                                    : String.join(
                                            " ",
                                            record.scopes().stream()
                                                    .map(Scope::toString)
                                                    .toList()));
                }
            }
            out.flush();
        }
        return 0;
    }

    /**
     * {@code revoked}, {@code expired}, {@code active}, or {@code blocked} for a token that would be
     * active but whose user is disabled or no longer in the directory (refused all the same).
     */
    private static String state(TokenRecord record, Instant now, boolean userBlocked) {
        if (record.revokedAt() != null) {
            return "revoked";
        }
        if (!record.isValidAt(now)) {
            return "expired";
        }
        return userBlocked ? "blocked" : "active";
    }

    private static String shorten(String label) {
        if (label.isEmpty()) {
            return "-";
        }
        return label.length() <= 16 ? label : label.substring(0, 15) + "…";
    }
}
