package dev.patgate.gateway.cli;

import dev.patgate.auth.IssuedToken;
import dev.patgate.gateway.Deployment;
import dev.patgate.store.TokenRecord;
import dev.patgate.token.PersonalToken;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code patgate admin token rotate ID}: replaces a token by a new one with the same owner, label,
 * scopes and expiry settings; the old one is revoked at once, and a later use of it revokes the whole
 * rotation family (docs/token-lifecycle.md).
 */
@Command(
        name = "rotate",
        mixinStandardHelpOptions = true,
        description = {
            "Rotate a token: print a new token with the same user, label, scopes and expiry settings (a hard"
                    + " expiry keeps its date), and revoke the old one at once.",
            "Whoever uses the old token afterwards is taken for a thief: that revokes the new token too, and every"
                    + " other token of the rotation family.",
            "Exit codes: 0 when rotated; 2 when no token has that id, or it is revoked or expired."
        })
final class TokenRotateCommand implements Callable<Integer> {

    private static final Pattern ID = Pattern.compile("[0-9A-Za-z]{" + PersonalToken.ID_LENGTH + "}");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The token id, as 'admin token list' shows it.")
    String id;

    @Option(
            names = {"-q", "--quiet"},
            description = "Print only the new token, on one line.")
    boolean quiet;

    private final PatgateCommand root;

    TokenRotateCommand(PatgateCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        if (!ID.matcher(id).matches()) {
            throw usage("ID: expected a token id of 12 letters or digits, as 'admin token list' shows");
        }
        try (Deployment deployment =
                Deployment.open(root.config(), root.environment().clock())) {
            TokenRecord old = deployment
                    .store()
                    .findById(id)
                    .orElseThrow(() -> usage("ID: no token has the id " + id + " (see 'admin token list')"));
            IssuedToken issued;
            try {
                issued = deployment.issuer().rotate(old, "cli");
            } catch (IllegalStateException e) {
                throw usage("ID: " + id + ": " + e.getMessage() + "; only an active token can be rotated");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(issued.plaintext());
            if (!quiet) {
                TokenRecord record = issued.record();
                out.println();
                out.println("Token " + record.id() + " for " + record.login() + " replaces " + old.id()
                        + ", which is revoked.");
                out.println("  expiry:  " + UserTokenCommand.expiry(record));
                out.println("It is shown only this once. Using " + old.id() + " again revokes the new token too.");
            }
            out.flush();
        }
        return 0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
