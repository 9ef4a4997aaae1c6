package dev.patgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.patgate.auth.Credentials;
import dev.patgate.auth.Refusal;
import dev.patgate.auth.TokenAuthenticator;
import dev.patgate.auth.UsageRecorder;
import dev.patgate.gateway.Deployment;
import dev.patgate.gateway.TestHome;
import dev.patgate.gateway.config.ConfigLoader;
import dev.patgate.testsupport.TestClock;
import dev.patgate.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code admin store migrate | export | import}: every token moved from the embedded SQLite store to
 * the real PostgreSQL and back to a new SQLite file, and each one answers exactly as before.
 */
class StoreCommandsIT {

    static final TestPostgres POSTGRES = TestPostgres.server();
    static final String DATABASE = TestPostgres.uniqueName("patgate_move_it");

    @TempDir
    Path dir;

    final TestClock clock = TestClock.atDefaultStart();

    @BeforeEach
    void freshDatabase() {
        try (Connection c = POSTGRES.connect();
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            if ("1".equals(System.getenv("PATGATE_SKIP_POSTGRES"))) {
                Assumptions.abort("PostgreSQL unreachable and PATGATE_SKIP_POSTGRES=1: " + e.getMessage());
            }
            fail("PostgreSQL at " + POSTGRES.url() + " is unreachable (set PATGATE_SKIP_POSTGRES=1 to skip): "
                    + e.getMessage());
        }
    }

    @AfterAll
    static void dropDatabase() {
        try (Connection c = POSTGRES.connect();
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        } catch (SQLException e) {
            // unreachable: nothing was created
        }
    }

    /** A home whose store is the given URL (null: the default SQLite file), sharing {@code keys}' token.key. */
    CliEnvironment home(String name, String storeUrl, Path keys) throws Exception {
        Path home = TestHome.create(dir.resolve(name), "http://127.0.0.1:8081");
        if (storeUrl != null) {
            Files.writeString(
                    home.resolve("config/gateway.yaml"),
                    "store: {url: \"" + storeUrl + "\", user: " + POSTGRES.user() + "}\n",
                    StandardOpenOption.APPEND);
        }
        if (keys != null) {
            Files.createDirectories(home.resolve("var"));
            Files.copy(keys.resolve("var/token.key"), home.resolve("var/token.key"));
        }
        return new CliEnvironment(clock, Map.of("PATGATE_HOME", home.toString()), home);
    }

    static CliRun ok(CliEnvironment env, String... args) {
        CliRun run = CliRun.of(env, args);
        assertThat(run.code()).as(String.join(" ", args) + ": " + run.err()).isZero();
        return run;
    }

    /** What each token gets from a fresh authenticator on this home's store: "ok" or the refusal's reason. */
    Map<String, String> answers(CliEnvironment env, List<String> tokens) {
        Map<String, String> answers = new LinkedHashMap<>();
        try (Deployment deployment = Deployment.open(
                ConfigLoader.load(env.home().resolve("config/gateway.yaml"), env.home(), Map.of()), clock)) {
            TokenAuthenticator authenticator = new TokenAuthenticator(
                    deployment.store(), deployment.digester(), clock, new UsageRecorder(deployment.store()), 100);
            for (String token : tokens) {
                try {
                    authenticator.authenticate(new Credentials.Bearer(token), "10.0.0.1");
                    answers.put(token, "ok");
                } catch (Refusal refusal) {
                    answers.put(token, refusal.reason());
                }
            }
        }
        return answers;
    }

    @Test
    void exportThenImportWhenSqliteToPostgresqlAndBackThenEveryTokenWorksUnchangedAndTheFilesAreEqual()
            throws Exception {
        CliEnvironment sqlite = home("sqlite", null, null);
        String hard = ok(sqlite, "admin", "user", "token", "-u", "alice", "-e", "1h", "-l", "laptop", "-q")
                .out()
                .strip();
        String sliding = ok(sqlite, "admin", "user", "token", "-u", "alice", "-a", "30m", "-q")
                .out()
                .strip();
        String revoked = ok(sqlite, "admin", "user", "token", "-u", "bob", "-e", "2h", "-q")
                .out()
                .strip();
        ok(sqlite, "admin", "token", "revoke", revoked);
        clock.advance(Duration.ofMinutes(10));
        List<String> tokens = List.of(hard, sliding, revoked);
        Map<String, String> before = answers(sqlite, tokens);
        assertThat(before).containsValues("ok", "ok", "revoked");

        CliRun exported = ok(sqlite, "admin", "store", "export", "first.jsonl");
        Path first = sqlite.home().resolve("first.jsonl");
        assertThat(exported.out()).isEqualTo("exported 3 tokens to " + first + System.lineSeparator());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(first)).doesNotContain(hard.substring(18)).doesNotContain(sliding.substring(18));

        CliEnvironment postgres = home("postgres", POSTGRES.url(DATABASE), sqlite.home());
        CliRun imported = ok(postgres, "admin", "store", "import", first.toString());
        assertThat(imported.out()).isEqualTo("imported 3 tokens (1 revoked) from " + first + System.lineSeparator());
        assertThat(answers(postgres, tokens)).isEqualTo(before);
        ok(postgres, "admin", "store", "export", "second.jsonl");

        CliEnvironment back = home("back", null, sqlite.home());
        ok(
                back,
                "admin",
                "store",
                "import",
                postgres.home().resolve("second.jsonl").toString());
        assertThat(answers(back, tokens)).isEqualTo(before);
        ok(back, "admin", "store", "export", "third.jsonl");

        assertThat(Files.readString(postgres.home().resolve("second.jsonl"))).isEqualTo(Files.readString(first));
        assertThat(Files.readString(back.home().resolve("third.jsonl"))).isEqualTo(Files.readString(first));
    }

    @Test
    void exportThenImportWhenATokenWasRotatedThenReusingTheOldSecretStillRevokesTheFamily() throws Exception {
        CliEnvironment sqlite = home("rotated", null, null);
        String old = ok(sqlite, "admin", "user", "token", "-u", "alice", "-e", "1h", "-q")
                .out()
                .strip();
        String successor = ok(sqlite, "admin", "token", "rotate", old.substring(5, 17))
                .out()
                .lines()
                .findFirst()
                .orElseThrow();
        assertThat(answers(sqlite, List.of(successor))).containsValues("ok");
        ok(sqlite, "admin", "store", "export", "rotated.jsonl");
        Path file = sqlite.home().resolve("rotated.jsonl");
        assertThat(Files.readString(file)).contains("\"family_id\":\"" + old.substring(5, 17) + "\"");

        CliEnvironment postgres = home("rotated-postgres", POSTGRES.url(DATABASE), sqlite.home());
        ok(postgres, "admin", "store", "import", file.toString());
        // the old secret, shown again after the move, is a reuse: the whole family goes
        String family = old.substring(5, 17);
        assertThat(answers(postgres, List.of(old, successor)))
                .containsExactly(
                        Map.entry(
                                old,
                                "rotated token reused: possible theft; revoked rotation family " + family
                                        + " (1 token: " + successor.substring(5, 17) + ")"),
                        Map.entry(successor, "revoked"));
    }

    @Test
    void importWhenTheStoreHoldsTokensOrTheFileIsCutThenRefusedAndNothingAdded() throws Exception {
        CliEnvironment source = home("source", null, null);
        ok(source, "admin", "user", "token", "-u", "alice", "-e", "1h", "-q");
        ok(source, "admin", "user", "token", "-u", "bob", "-e", "1h", "-q");
        ok(source, "admin", "store", "export", "all.jsonl");
        Path file = source.home().resolve("all.jsonl");
        List<String> lines = Files.readAllLines(file);
        Path cut = source.home().resolve("cut.jsonl");
        Files.write(cut, lines.subList(0, lines.size() - 1));

        CliRun notEmpty = CliRun.of(source, "admin", "store", "import", file.toString());
        CliEnvironment target = home("target", POSTGRES.url(DATABASE), source.home());
        CliRun cutShort = CliRun.of(target, "admin", "store", "import", cut.toString());
        CliRun again = CliRun.of(source, "admin", "store", "export", "all.jsonl");

        assertThat(notEmpty.code()).isEqualTo(Cli.FAILURE);
        assertThat(notEmpty.err())
                .isEqualTo(
                        "patgate admin store import: the store already holds 2 tokens; import only into an empty store"
                                + System.lineSeparator());
        assertThat(cutShort.code()).isEqualTo(Cli.USAGE);
        assertThat(cutShort.err()).contains("the file ends before its trailer: it was cut short");
        assertThat(answers(target, List.of())).isEmpty();
        assertThat(ok(target, "admin", "store", "export", "empty.jsonl").out()).startsWith("exported 0 tokens");
        assertThat(again.code()).isEqualTo(Cli.USAGE);
        assertThat(again.err()).contains("exists; it is never overwritten");
    }

    @Test
    void migrateWhenMigratingOnStartIsOffThenOtherCommandsWaitForIt() throws Exception {
        CliEnvironment postgres = home("manual", POSTGRES.url(DATABASE), null);
        Files.writeString(
                postgres.home().resolve("config/gateway.yaml"),
                Files.readString(postgres.home().resolve("config/gateway.yaml"))
                        .replace(
                                "user: " + POSTGRES.user() + "}",
                                "user: " + POSTGRES.user() + ", migrate_on_start: false}"));

        CliRun refused = CliRun.of(postgres, "admin", "token", "list", "-u", "alice");
        CliRun migrated = CliRun.of(postgres, "admin", "store", "migrate");
        CliRun again = CliRun.of(postgres, "admin", "store", "migrate");
        CliRun listed = CliRun.of(postgres, "admin", "token", "list", "-u", "alice");

        assertThat(refused.code()).isEqualTo(Cli.FAILURE);
        assertThat(refused.err())
                .matches("patgate admin token list: cannot open the token store: the store has no schema yet,"
                        + " this patgate needs version [1-9][0-9]*, and migrating on open is off(?s).*")
                .contains("run 'patgate admin store migrate'");
        // every migration there is, from none: version N is reached by N migrations (V1 .. VN)
        String version = refused.err().replaceFirst("(?s).*needs version ([0-9]+),.*", "$1");
        assertThat(migrated.out())
                .isEqualTo("store schema at version " + version + " (applied " + version
                        + ("1".equals(version) ? " migration)" : " migrations)") + System.lineSeparator());
        assertThat(again.out())
                .isEqualTo("store schema at version " + version + " (up to date)" + System.lineSeparator());
        assertThat(listed.code()).as(listed.err()).isZero();
    }
}
