package dev.patgate.gateway.cli;

import dev.patgate.gateway.Deployment;
import dev.patgate.token.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code patgate admin token prune}: deletes the records revoked or expired for longer than
 * {@code tokens.prune_after} (or {@code --older-than}). Their rotation families go with them: a
 * rotated-away token pruned is no longer recognised when reused (it is refused as unknown).
 */
@Command(
        name = "prune",
        mixinStandardHelpOptions = true,
        description = {
            "Delete the token records that were revoked or expired longer ago than tokens.prune_after (default 30d),"
                    + " or --older-than DURATION. Active tokens are never touched.",
            "A deleted token is refused as unknown; a rotated-away token deleted no longer revokes its family when"
                    + " reused."
        })
final class TokenPruneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--older-than",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "Instead of tokens.prune_after, e.g. 90d.")
    Duration olderThan;

    @Option(names = "--dry-run", description = "Only say which records would be deleted.")
    boolean dryRun;

    private final PatgateCommand root;

    TokenPruneCommand(PatgateCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        try (Deployment deployment =
                Deployment.open(root.config(), root.environment().clock())) {
            Duration age =
                    olderThan != null ? olderThan : deployment.config().tokens().pruneAfter();
            Instant before = root.environment().clock().instant().minus(age);
            PrintWriter out = spec.commandLine().getOut();
            List<String> ids;
            if (dryRun) {
                ids = deployment.store().findAll().stream()
                        .filter(r -> (r.revokedAt() != null && r.revokedAt().isBefore(before))
                                || r.validUntil().isBefore(before))
                        .map(r -> r.id())
                        .sorted()
                        .toList();
            } else {
                ids = deployment.store().prune(before);
            }
            out.println((dryRun ? "would delete " : "deleted ") + ids.size() + " token record"
                    + (ids.size() == 1 ? "" : "s") + " revoked or expired before " + Messages.time(before) + " ("
                    + Durations.format(age) + " ago)" + (ids.isEmpty() ? "" : ": " + String.join(" ", ids)));
            out.flush();
        }
        return 0;
    }
}
