package dev.patgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.DemoBackend;
import dev.patgate.gateway.TestHome;
import dev.patgate.gateway.users.UserDirectory;
import dev.patgate.testsupport.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminCommandsTest {

    @TempDir
    Path home;

    private final TestClock clock = TestClock.atDefaultStart();
    private CliEnvironment environment;

    @BeforeEach
    void setUp() throws Exception {
        TestHome.create(home, "http://127.0.0.1:8081");
        environment = new CliEnvironment(clock, Map.of("PATGATE_HOME", home.toString()), home);
    }

    @Test
    void listWhenTokensExistThenRowsWithStateAndNeverTheSecret() throws Exception {
        CliRun run;
        String hard;
        String scoped;
        String uuid;
        try (DemoBackend backend = DemoBackend.start(home, clock, null)) {
            TestHome.create(home, backend.url());
            uuid = backend.mkdirs("alice", "personal-files/docs");
            hard = token("-u", "alice", "-e", "1h", "-l", "laptop");
            clock.advance(Duration.ofMinutes(1));
            scoped = token("-u", "alice", "-a", "30m", "-s", "node:" + uuid + ":r");
            token("-u", "bob", "-e", "1h");
            clock.advance(Duration.ofMinutes(59));

            run = CliRun.of(environment, "admin", "token", "list", "-u", "alice");
        }
        CliRun backendDown = CliRun.of(environment, "admin", "token", "list", "-u", "alice");

        assertThat(run.code()).isZero();
        String[] lines = run.out().split("\\R");
        assertThat(lines).hasSize(3);
        assertThat(lines[0])
                .startsWith("ID")
                .contains("LABEL", "CREATED", "VALID UNTIL", "LAST USED", "STATE", "SCOPES");
        assertThat(lines[1])
                .startsWith(id(scoped))
                .contains("2025-06-01 10:01:00Z", "2025-06-01 10:31:00Z", "expired")
                .endsWith("node:" + uuid + ":r (personal-files/docs)");
        assertThat(lines[2]).startsWith(id(hard)).contains("laptop", "2025-06-01 11:00:00Z", "expired");
        assertThat(run.out()).doesNotContain(hard.substring(18)).doesNotContain(scoped.substring(18));
        assertThat(run.err()).isEmpty();
        // the backend gone: the same rows, the scope bare, and one line saying why
        assertThat(backendDown.code()).isZero();
        assertThat(backendDown.out().split("\\R")[1]).endsWith("expired  node:" + uuid + ":r");
        assertThat(backendDown.err())
                .isEqualTo("patgate admin token list: the backend could not be asked where the scoped nodes are now;"
                        + " scopes are shown without their paths" + System.lineSeparator());
    }

    @Test
    void listWhenNoTokensThenSaysSo() {
        CliRun run = CliRun.of(environment, "admin", "token", "list", "-u", "bob");

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("no tokens for bob" + System.lineSeparator());
    }

    @Test
    void revokeWhenIdGivenThenRevokedOnceAgainSaysSoWithExitZeroAndListed() {
        String token = token("-u", "alice", "-e", "1h");

        CliRun first = CliRun.of(environment, "admin", "token", "revoke", id(token));
        CliRun again = CliRun.of(environment, "admin", "token", "revoke", id(token));
        CliRun list = CliRun.of(environment, "admin", "token", "list", "-u", "alice");

        assertThat(first.code()).isZero();
        assertThat(first.out()).isEqualTo("revoked " + id(token) + System.lineSeparator());
        assertThat(again.code()).isZero();
        assertThat(again.out())
                .isEqualTo("already revoked " + id(token) + " (at " + Messages.time(clock.instant()) + ")"
                        + System.lineSeparator());
        assertThat(again.err()).isEmpty();
        assertThat(list.out()).contains("revoked");
    }

    @Test
    void revokeWhenWholeTokenGivenThenItsIdIsRevokedAndTokenNotEchoed() {
        String token = token("-u", "alice", "-e", "1h");

        CliRun run = CliRun.of(environment, "admin", "token", "revoke", token);

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("revoked " + id(token) + System.lineSeparator());
    }

    @Test
    void revokeWhenNotAnIdThenExitTwo() {
        CliRun run = CliRun.of(environment, "admin", "token", "revoke", "nope");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).startsWith("patgate admin token revoke: ID: expected a token id of 12 letters or digits");
    }

    @Test
    void groupCommandWhenRunAloneThenExitTwoListingSubcommands() {
        CliRun run = CliRun.of(environment, "admin");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).startsWith("patgate admin: Missing required subcommand (one of: user, token, store)");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void unknownCommandWhenGivenThenExitTwoWithOneLine() {
        CliRun run = CliRun.of(environment, "frobnicate");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("patgate: Unmatched argument at index 0: 'frobnicate'");
    }

    @Test
    void keysInitWhenMissingThenCreatedOwnerOnlyAndPathsPrinted() throws Exception {
        CliRun run = CliRun.of(environment, "keys", "init");

        assertThat(run.code()).isZero();
        Path tokenKey = home.resolve("var/token.key");
        Path identityKey = home.resolve("var/identity.key");
        assertThat(run.out()).contains(tokenKey.toString(), identityKey.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(identityKey)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenKey)))
                .isEqualTo("rw-------");
    }

    @Test
    void demoBackendArgsWhenAskedThenKeysCreatedAndArgumentsOnePerLine() {
        CliRun run = CliRun.of(environment, "demo", "--backend-args");

        assertThat(run.code()).isZero();
        assertThat(run.out().split("\\R"))
                .containsExactly(
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "8081",
                        "--data",
                        home.resolve("var/demo-files").toString(),
                        "--identity-key",
                        home.resolve("var/identity.key").toString());
        assertThat(home.resolve("var/identity.key")).exists();
    }

    @Test
    void demoBackendArgsWithTheCellsDemoConfigThenTheStandInWritesTheAdminTokenTheGatewayReads() throws Exception {
        Path config = Files.copy(
                Path.of("../config/gateway-cells-demo.yaml"), home.resolve("config/gateway-cells-demo.yaml"));
        Files.copy(Path.of("../config/cells-routes.yaml"), home.resolve("config/cells-routes.yaml"));

        CliRun run = CliRun.of(environment, "demo", "-c", config.toString(), "--backend-args");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().split("\\R"))
                .containsExactly(
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "8081",
                        "--data",
                        home.resolve("var/cells-demo/demo-files").toString(),
                        "--auth",
                        "cells",
                        "--admin-token-file",
                        home.resolve("var/cells-demo/cells-admin.token").toString());
        assertThat(home.resolve("var/cells-demo/identity.key")).doesNotExist();
    }

    @Test
    void importHtpasswdWhenBcryptFileThenUsersAdded() throws Exception {
        Path file = Files.writeString(home.resolve("htpasswd"), "carol:" + TestHome.hash("c") + "\n");

        CliRun run = CliRun.of(environment, "admin", "user", "import-htpasswd", file.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("1 added, 0 updated in ");
        UserDirectory users = UserDirectory.load(home.resolve("config/users.yaml"));
        assertThat(users.verifyPassword("carol", "c".toCharArray())).isTrue();
        assertThat(users.isAdmin("admin")).isTrue();
    }

    @Test
    void importHtpasswdWhenALineIsNotBcryptThenExitTwoAndNothingWritten() throws Exception {
        Path users = home.resolve("config/users.yaml");
        String before = Files.readString(users);
        Path file = Files.writeString(
                home.resolve("htpasswd"),
                "carol:" + TestHome.hash("c") + "\ndave:$apr1$Qk3cvCmb$8N4qWJx1mJ6Q8bQ2zZzZz/\n");

        CliRun run = CliRun.of(environment, "admin", "user", "import-htpasswd", file.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("line 2: only bcrypt hashes").doesNotContain("apr1");
        assertThat(Files.readString(users)).isEqualTo(before);
    }

    private String token(String... args) {
        String[] argv = new String[args.length + 4];
        argv[0] = "admin";
        argv[1] = "user";
        argv[2] = "token";
        System.arraycopy(args, 0, argv, 3, args.length);
        argv[argv.length - 1] = "-q";
        CliRun run = CliRun.of(environment, argv);
        assertThat(run.code()).as(run.err()).isZero();
        return run.out().strip();
    }

    private static String id(String token) {
        return token.substring(5, 17);
    }
}
