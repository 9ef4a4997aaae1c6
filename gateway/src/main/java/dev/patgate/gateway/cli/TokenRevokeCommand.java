package dev.patgate.gateway.cli;

import dev.patgate.gateway.Deployment;
import dev.patgate.store.TokenRecord;
import dev.patgate.token.MalformedTokenException;
import dev.patgate.token.PersonalToken;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code patgate admin token revoke ID}: revokes a token at once, on every gateway within seconds. */
@Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        description = {
            "Revoke a token: it stops working at once.",
            "Gateways sharing the store refuse it within a couple of seconds. ID is the 12-character id shown by"
                    + " 'admin token list'; a whole leaked token works too.",
            "Exit codes: 0 when the token is revoked, also when it already was (the command says so); 2 when no"
                    + " token has that id."
        })
final class TokenRevokeCommand implements Callable<Integer> {

    private static final Pattern ID = Pattern.compile("[0-9A-Za-z]{" + PersonalToken.ID_LENGTH + "}");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The token id (or the token itself).")
    String idOrToken;

    private final PatgateCommand root;

    TokenRevokeCommand(PatgateCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() {
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
