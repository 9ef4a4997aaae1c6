package dev.patgate.gateway.cli;

import dev.patgate.gateway.Deployment;
import dev.patgate.gateway.users.User;
import dev.patgate.store.TokenRecord;
import dev.patgate.token.MalformedTokenException;
import dev.patgate.token.PersonalToken;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code patgate admin token revoke ID} or {@code --user LOGIN}: revokes one token, or all of a
 * user's, at once, on every gateway within seconds.
 */
@Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        description = {
            "Revoke a token, or with --user every token of a user: it stops working at once.",
            "Gateways sharing the store refuse it within a couple of seconds. ID is the 12-character id shown by"
                    + " 'admin token list'; a whole leaked token works too.",
            "Exit codes: 0 when the token is revoked, also when it already was (the command says so); 2 when no"
                    + " token has that id."
        })
final class TokenRevokeCommand implements Callable<Integer> {

    private static final Pattern ID = Pattern.compile("[0-9A-Za-z]{" + PersonalToken.ID_LENGTH + "}");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The token id (or the token itself).")
    String idOrToken;

    @Option(
            names = "--user",
            paramLabel = "LOGIN",
            description = "Revoke every unrevoked token of this user instead of one.")
    String user;

    private final PatgateCommand root;

    TokenRevokeCommand(PatgateCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        if ((idOrToken == null) == (user == null)) {
            throw new ParameterException(spec.commandLine(), "give either a token ID or --user LOGIN");
        }
        if (user != null) {
            return revokeAllOf(user);
        }
        String id = id();
        String answer;
        try (Deployment deployment =
                Deployment.open(root.config(), root.environment().clock())) {
            if (deployment.store().revoke(id, root.environment().clock().instant())) {
                answer = "revoked " + id;
            } else {
                // revoke() says false both for an unknown id and for a token already revoked
                TokenRecord record = deployment
                        .store()
                        .findById(id)
                        .orElseThrow(() -> new ParameterException(
                                spec.commandLine(), "ID: no token has the id " + id + " (see 'admin token list')"));
                answer = "already revoked " + id + " (at " + Messages.time(record.revokedAt()) + ")";
            }
        }
        spec.commandLine().getOut().println(answer);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * Revokes every unrevoked token of {@code login}. A login neither in the directory nor in the
     * store is a mistake (exit 2); a login removed from the directory by hand still has its tokens
     * revoked.
     */
    private int revokeAllOf(String login) {
        if (!User.isValidLogin(login)) {
            throw new ParameterException(spec.commandLine(), "--user: a login is " + User.LOGIN_RULE);
        }
        try (Deployment deployment =
                Deployment.open(root.config(), root.environment().clock())) {
            if (!deployment.users().exists(login)
                    && deployment.store().findByLogin(login).isEmpty()) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--user: unknown user " + Messages.quote(login) + ": give a login listed in "
                                + deployment.config().usersFile() + " or one that owns tokens");
            }
            List<String> revoked = deployment
                    .store()
                    .revokeByLogin(login, root.environment().clock().instant());
            spec.commandLine()
                    .getOut()
                    .println("revoked " + revoked.size() + " token" + (revoked.size() == 1 ? "" : "s") + " of " + login
                            + (revoked.isEmpty() ? "" : ": " + String.join(" ", revoked)));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    private String id() {
        if (ID.matcher(idOrToken).matches()) {
            return idOrToken;
        }
        if (PersonalToken.looksLikeToken(idOrToken)) {
            try {
                return PersonalToken.parse(idOrToken).id();
            } catch (MalformedTokenException e) {
                throw new ParameterException(spec.commandLine(), "ID: " + e.getMessage());
            }
        }
        throw new ParameterException(
                spec.commandLine(), "ID: expected a token id of 12 letters or digits, as 'admin token list' shows");
    }
}
