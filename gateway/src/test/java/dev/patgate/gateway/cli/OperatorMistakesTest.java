package dev.patgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.TestHome;
import dev.patgate.testsupport.TestClock;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An operator's usual mistakes each get one line on stderr that says what to do, with no stack
 * trace, and the documented exit code (README, "Exit codes").
 */
class OperatorMistakesTest {

    @TempDir
    Path home;

    private final TestClock clock = TestClock.atDefaultStart();
    private CliEnvironment environment;

    @BeforeEach
    void setUp() throws Exception {
        TestHome.create(home, "http://127.0.0.1:8081");
        environment = new CliEnvironment(clock, Map.of("PATGATE_HOME", home.toString()), home);
    }

    /** A serve that did start would run until stopped: the timeout only ends such a failing run. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void serveWhenThePortIsTakenThenOneLineNamingItAndWhatToChange() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            config("listen:\n  host: 127.0.0.1\n  port: " + port + "\n");

            CliRun run = CliRun.of(environment, "serve");

            assertThat(run.code()).isEqualTo(Cli.FAILURE);
            assertThat(run.err())
                    .isEqualTo("patgate serve: 127.0.0.1:" + port
                            + " is already in use: stop what listens there, or choose another port (listen.port)"
                            + System.lineSeparator());
        }
    }

    @Test
    void adminWhenPostgresqlIsAbsentThenOneLineWithTheDriversReasonAndTheKeysToCheck() throws Exception {
        config("store:\n  url: jdbc:postgresql://127.0.0.1:1/test\n  user: postgres\n  password: pw-never-shown\n");

        CliRun run = CliRun.of(environment, "admin", "token", "list", "-u", "alice");

        assertThat(run.code()).isEqualTo(Cli.FAILURE);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err())
                .startsWith("patgate admin token list: cannot connect to the token store: Connection to 127.0.0.1:1"
                        + " refused")
                .contains("check store.url, store.user and the password")
                .doesNotContain("Exception", "timed out", "pw-never-shown");
    }

    @Test
    void tokenListWhenTheUserIsUnknownThenExitTwoAndOneLine() {
        CliRun run = CliRun.of(environment, "admin", "token", "list", "-u", "mallory");

        assertThat(run.code()).isEqualTo(Cli.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .isEqualTo("patgate admin token list: -u: unknown user 'mallory': give a login listed in "
                        + home.resolve("config/users.yaml")
                        + " or one that owns tokens; see 'patgate admin token list -h'"
                        + System.lineSeparator());
    }

    @Test
    void revokeWhenNoTokenHasTheIdThenExitTwoAndOneLine() {
        CliRun run = CliRun.of(environment, "admin", "token", "revoke", "AAAAAAAAAAAA");

        assertThat(run.code()).isEqualTo(Cli.USAGE);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("patgate admin token revoke: ID: no token has the id AAAAAAAAAAAA");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            sevre                        | patgate: Unmatched argument at index 0: 'sevre'; did you mean 'serve'? See 'patgate -h'.
            admn token list -u alice     | patgate: Unmatched arguments from index 0: 'admn', 'token', 'list', '-u', 'alice'; did you mean 'admin'? See 'patgate -h'.
            admin tokens list -u alice   | patgate admin: Unmatched arguments from index 1: 'tokens', 'list', '-u', 'alice'; did you mean 'token' or 'store'? See 'patgate admin -h'.
            admin token lst -u alice     | patgate admin token: Unmatched arguments from index 2: 'lst', '-u', 'alice'; did you mean 'list'? See 'patgate admin token -h'.
            keys int                     | patgate keys: Unmatched argument at index 1: 'int'; did you mean 'init'? See 'patgate keys -h'.
            """)
    void mistypedSubcommandWhenCloseToOneThenExitTwoAndOneLineSuggestingIt(String args, String expected) {
        CliRun run = CliRun.of(environment, args.split(" "));

        assertThat(run.code()).isEqualTo(Cli.USAGE);
        assertThat(run.err()).isEqualTo(expected + System.lineSeparator());
    }

    @Test
    void unknownSubcommandWhenLikeNoneThenExitTwoListingThem() {
        CliRun run = CliRun.of(environment, "admin", "xyzzy");

        assertThat(run.code()).isEqualTo(Cli.USAGE);
        assertThat(run.err())
                .isEqualTo("patgate admin: Unmatched argument at index 1: 'xyzzy' (one of: user, token, store);"
                        + " see 'patgate admin -h'" + System.lineSeparator());
    }

    private void config(String yaml) throws Exception {
        Files.writeString(home.resolve("config/gateway.yaml"), yaml + "data_dir: var\n");
    }
}
