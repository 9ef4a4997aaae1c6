package dev.patgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.DemoBackend;
import dev.patgate.gateway.TestHome;
import dev.patgate.store.JdbcTokenStore;
import dev.patgate.store.TokenRecord;
import dev.patgate.testsupport.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserTokenCommandTest {

    private static final String TOKEN = "patg_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}";
    private static final String UUID = "0f8e7c1a-3b2d-4c5e-9f60-718293a4b5c6";

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
    void tokenWhenQuietThenOnlyTheTokenOnOneLine() {
        CliRun run = CliRun.of(environment, "admin", "user", "token", "-u", "alice", "-e", "24h", "-q");

        assertThat(run.code()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).matches(TOKEN + "\\R");
    }

    @Test
    void tokenWhenHardExpiryThenTokenAndSummaryAndStoredRecord() {
        CliRun run = CliRun.of(environment, "admin", "user", "token", "-u", "alice", "-e", "24h", "-l", "laptop");

        assertThat(run.code()).isZero();
        String[] lines = run.out().split("\\R");
        assertThat(lines[0]).matches(TOKEN);
        String id = lines[0].substring(5, 17);
        assertThat(run.out())
                .contains("Token " + id + " for alice, created 2025-06-01 10:00:00Z")
                .contains("expiry:  hard, at 2025-06-02 10:00:00Z")
                .contains("scopes:  none (acts as alice)")
                .contains("label:   laptop")
                .contains("Authorization: Bearer <token>")
                .contains("basic-auth password with username alice")
                .contains("patgate admin token revoke " + id);
        assertThat(run.out().split(lines[0], -1))
                .as("the token is printed once")
                .hasSize(2);
        TokenRecord record = storedRecord(id);
        assertThat(record.login()).isEqualTo("alice");
        assertThat(record.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
        assertThat(record.refreshWindow()).isNull();
        assertThat(record.label()).isEqualTo("laptop");
        assertThat(record.createdBy()).isEqualTo("cli");
    }

    @Test
    void tokenWhenSlidingCappedAndScopedThenSummarySaysSoAndScopesStored() throws Exception {
        try (DemoBackend backend = DemoBackend.start(home, clock, null)) {
            TestHome.create(home, backend.url());
            String docs = backend.mkdirs("bob", "personal-files/docs");
            String photos = backend.mkdirs("bob", "personal-files/photos");

            CliRun run = CliRun.of(
                    environment,
                    "admin",
                    "user",
                    "token",
                    "--user",
                    "bob",
                    "-a",
                    "30m",
                    "-e",
                    "7d",
                    "-s",
                    "node:" + docs + ":r",
                    "--scope",
                    "node:" + photos + ":wr,node:" + docs + ":w");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out())
                    .contains("expiry:  sliding, valid while used at least every 30m, never after 2025-06-08 10:00:00Z")
                    .contains("scopes:  node:" + docs + ":r node:" + photos + ":rw node:" + docs + ":w");
            TokenRecord record = storedRecord(run.out().substring(5, 17));
            assertThat(record.refreshWindow()).isEqualTo(Duration.ofMinutes(30));
            assertThat(record.scopes()).hasSize(3);
        }
    }

    @Test
    void tokenWhenOnlySlidingThenNoHardLimit() {
        CliRun run = CliRun.of(environment, "admin", "user", "token", "-u", "alice", "-a", "90");

        assertThat(run.code()).isZero();
        assertThat(run.out())
                .contains("expiry:  sliding, valid while used at least every 90s\n"
                        .replace("\n", System.lineSeparator()));
        assertThat(storedRecord(run.out().substring(5, 17)).expiresAt()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            -u mallory -e 1h                 | -u: unknown user 'mallory': give a login listed in
            -u alice                         | no expiry: give -e DURATION (hard), -a DURATION (sliding), or both
            -u alice -e 0                    | Invalid value for option '--expire': zero is not a duration: expected a positive whole number followed by s, m, h or d
            -u alice -e 1.5h                 | Invalid value for option '--expire': not a positive whole number: '1.5h': expected
            -u alice -e -5m                  | Invalid value for option '--expire': not a positive whole number
            -u alice -a 2w                   | Invalid value for option '--auto': unknown unit in '2w': expected
            -u alice -a h                    | Invalid value for option '--auto': no number in 'h'
            -u alice -e 99999999999d         | Invalid value for option '--expire': too long
            -u alice -e 1h -s node:abc:r     | Invalid value for option '--scope' (SCOPE): not a UUID in scope: expected node:<uuid>:<perm> with perm r, w or rw
            -u alice -e 1h -s file:x:r       | Invalid value for option '--scope' (SCOPE): not a node scope: expected node:<uuid>:<perm>
            -u alice -e 1h -s node:0f8e7c1a-3b2d-4c5e-9f60-718293a4b5c6:x | Invalid value for option '--scope' (SCOPE): unknown permission in scope
            -u alice -e 1h --bogus           | Unknown option: '--bogus' (accepted: -u, -e, -a, -s, -l, -q, -h, -V, -c)
            -u alice -e 1h extra             | Unmatched argument at index 7: 'extra' (accepted:
            -e 1h                            | Missing required option: '--user=LOGIN'
            -u alice -e                      | Missing required parameter for option '--expire' (DURATION)
            """)
    void tokenWhenInputIsBadThenExitTwoWithOneLineSayingWhatIsAccepted(String args, String expected) {
        List<String> argv = new java.util.ArrayList<>(List.of("admin", "user", "token"));
        argv.addAll(List.of(args.trim().split(" +")));

        CliRun run = CliRun.of(environment, argv.toArray(String[]::new));

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .startsWith("patgate admin user token: " + expected)
                .endsWith("; see 'patgate admin user token -h'" + System.lineSeparator());
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void tokenWhenPolicyCapsLifetimeThenLongerExpiryRefusedWithExitTwo() throws Exception {
        Files.writeString(home.resolve("config/gateway.yaml"), "tokens: {max_lifetime: 1d}\n");

        CliRun tooLong = CliRun.of(environment, "admin", "user", "token", "-u", "alice", "-e", "2d");
        CliRun slidingOnly = CliRun.of(environment, "admin", "user", "token", "-u", "alice", "-a", "1h");
        CliRun fits = CliRun.of(environment, "admin", "user", "token", "-u", "alice", "-e", "1d", "-q");

        assertThat(tooLong.code()).isEqualTo(2);
        assertThat(tooLong.err()).startsWith("patgate admin user token: policy caps token lifetime at 1d");
        assertThat(slidingOnly.code()).isEqualTo(2);
        assertThat(fits.code()).isZero();
    }

    @Test
    void helpWhenAskedThenExplainsExpiryModesUsageAndScopes() {
        CliRun run = CliRun.of(environment, "admin", "user", "token", "-h");

        assertThat(run.code()).isZero();
        assertThat(run.out())
                .contains("-e DURATION   hard")
                .contains("-a DURATION   sliding")
                .contains("never past creation + D1")
                .contains("Authorization: Bearer <token>")
                .contains("basic-auth password, with the user's login as username")
                .doesNotContain("Exception");
        assertThat(run.out().lines())
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
        assertThat(run.out())
                .contains("node:<uuid>:r|w|rw")
                .contains("-u, --user=LOGIN")
                .contains("-q, --quiet");
    }

    @Test
    void configOptionWhenGivenOnTopCommandOrSubcommandThenUsed(@TempDir Path elsewhere) throws Exception {
        Path config = elsewhere.resolve("other.yaml");
        Files.writeString(
                config, "users_file: " + elsewhere.resolve("people.yaml") + "\ndata_dir: " + elsewhere + "\n");
        Files.writeString(
                elsewhere.resolve("people.yaml"), "users:\n  carol: {password_hash: \"" + TestHome.hash("c") + "\"}\n");

        CliRun before = CliRun.of(
                environment, "-c", config.toString(), "admin", "user", "token", "-u", "carol", "-e", "1h", "-q");
        CliRun after = CliRun.of(
                environment, "admin", "user", "token", "-u", "carol", "-e", "1h", "-q", "--config", config.toString());
        CliRun defaultConfig = CliRun.of(environment, "admin", "user", "token", "-u", "carol", "-e", "1h", "-q");

        assertThat(before.code()).as(before.err()).isZero();
        assertThat(after.code()).as(after.err()).isZero();
        assertThat(defaultConfig.code()).isEqualTo(2);
        assertThat(Files.exists(elsewhere.resolve("patgate.db"))).isTrue();
    }

    @Test
    void configOptionWhenFileMissingThenExitOneWithOneLine() {
        CliRun run = CliRun.of(environment, "-c", "missing.yaml", "admin", "user", "token", "-u", "alice", "-e", "1h");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("patgate admin user token: " + home.resolve("missing.yaml") + ": no such file"
                        + System.lineSeparator());
    }

    @Test
    void configWhenInvalidThenExitOneNamingTheField() throws Exception {
        Files.writeString(home.resolve("config/gateway.yaml"), "listen: {port: 99999}\n");

        CliRun run = CliRun.of(environment, "admin", "user", "token", "-u", "alice", "-e", "1h");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("listen.port must be a whole number from 0 to 65535");
        assertThat(run.err().lines()).hasSize(1);
    }

    private TokenRecord storedRecord(String id) {
        try (JdbcTokenStore store = JdbcTokenStore.open("jdbc:sqlite:" + home.resolve("var/patgate.db"), null, null)) {
            return store.findById(id).orElseThrow();
        }
    }
}
