package dev.patgate.gateway.cli;

import dev.patgate.gateway.TokenExport;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.StoreConfig;
import dev.patgate.store.JdbcTokenStore;
import dev.patgate.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code patgate admin store migrate | export FILE | import FILE}: the token store itself, as named
 * by {@code store.url}; neither needs the keys or the user directory.
 */
final class StoreCommands {

    private StoreCommands() {}

    /** The store named by the configuration, opened with or without migrating. */
    static JdbcTokenStore open(GatewayConfig config, boolean migrate) {
        StoreConfig store = config.store();
        return JdbcTokenStore.open(store.url(), store.user(), store.password(), migrate);
    }

    @Command(
            name = "migrate",
            mixinStandardHelpOptions = true,
            description = {
                "Bring the store's schema up to date, and say its version.",
                "Needed before 'serve' when store.migrate_on_start is false; safe to run while gateways run and"
                        + " from several places at once (PostgreSQL takes turns)."
            })
    static final class Migrate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        private final PatgateCommand root;

        Migrate(PatgateCommand root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            try (JdbcTokenStore store = open(root.config(), true)) {
                PrintWriter out = spec.commandLine().getOut();
                int applied = store.migrationsApplied();
                out.println("store schema at version " + store.schemaVersion()
                        + (applied == 0
                                ? " (up to date)"
                                : " (applied " + applied + " migration" + (applied == 1 ? "" : "s") + ")"));
                out.flush();
            }
            return 0;
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = {
                "Write every token of the store (revoked and expired ones too, with their ids) to a new file,"
                        + " owner-only, for 'admin store import' into another store.",
                "The file holds no secret, but the tokens only work with the same token.key."
            })
    static final class Export implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The file to write; it must not exist.")
        Path file;

        private final PatgateCommand root;

        Export(PatgateCommand root) {
            this.root = root;
        }

        @Override
        public Integer call() throws IOException {
            Path target = root.environment().workingDirectory().resolve(file);
            try (JdbcTokenStore store =
                    open(root.config(), root.config().store().migrateOnStart())) {
                long count;
                try {
                    count = TokenExport.write(store, target);
                } catch (FileAlreadyExistsException e) {
                    throw new ParameterException(
                            spec.commandLine(), "FILE: " + target + " exists; it is never overwritten");
                }
                spec.commandLine()
                        .getOut()
                        .println("exported " + count + " token" + (count == 1 ? "" : "s") + " to " + target);
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Add every token of a file written by 'admin store export' to this store, keeping their ids,"
                        + " all of them or none.",
                "The store must hold no token yet. Give every gateway the token.key of the exported store."
            })
    static final class Import implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "A file written by 'admin store export'.")
        Path file;

        private final PatgateCommand root;

        Import(PatgateCommand root) {
            this.root = root;
        }

        @Override
        public Integer call() throws IOException {
            Path source = root.environment().workingDirectory().resolve(file);
            TokenExport.Contents contents;
            try {
                contents = TokenExport.read(source);
            } catch (NoSuchFileException e) {
                throw new ParameterException(spec.commandLine(), "FILE: " + source + " does not exist");
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "FILE: " + source + ": " + e.getMessage());
            }
            try (JdbcTokenStore store =
                    open(root.config(), root.config().store().migrateOnStart())) {
                long held = store.count();
                if (held > 0) {
                    throw new StoreException(
                            "the store already holds " + held + " token" + (held == 1 ? "" : "s")
                                    + "; import only into an empty store",
                            null);
                }
                int added = store.insertAll(contents.records(), contents.links());
                long revoked = contents.records().stream()
                        .filter(r -> r.revokedAt() != null)
                        .count();
                spec.commandLine()
                        .getOut()
                        .println("imported " + added + " token" + (added == 1 ? "" : "s") + " (" + revoked
                                + " revoked) from " + source);
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }
}
