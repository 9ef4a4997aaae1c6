package dev.patgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.TestHome;
import dev.patgate.gateway.users.User;
import dev.patgate.gateway.users.UserDirectory;
import dev.patgate.store.JdbcTokenStore;
import dev.patgate.store.TokenRecord;
import dev.patgate.testsupport.TestClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code patgate admin user add|passwd|remove|disable|enable|list} and {@code admin token revoke --user}. */
class UserCommandsTest {

    private static final String NEW_PASSWORD = "correct horse battery";

    @TempDir
    Path home;

    private final TestClock clock = TestClock.atDefaultStart();
    private CliEnvironment environment;
    private Path usersFile;

    @BeforeEach
    void setUp() throws Exception {
        TestHome.create(home, "http://127.0.0.1:8081");
        environment = new CliEnvironment(clock, Map.of("PATGATE_HOME", home.toString()), home);
        usersFile = home.resolve("config/users.yaml");
    }

    @Test
    void addWhenPasswordOnStdinThenUserAddedOthersKeptAndPasswordNeverPrinted() throws Exception {
        Files.setPosixFilePermissions(usersFile, PosixFilePermissions.fromString("rw-r-----"));

        CliRun run = stdin(NEW_PASSWORD + "\n", "admin", "user", "add", "carol", "--password-stdin");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("added carol to " + usersFile + System.lineSeparator());
        UserDirectory users = users();
        assertThat(users.verifyPassword("carol", NEW_PASSWORD.toCharArray())).isTrue();
        assertThat(users.isAdmin("carol")).isFalse();
        assertThat(users.users()).extracting(User::login).containsExactly("admin", "alice", "bob", "carol");
        assertThat(users.isAdmin("admin")).isTrue();
        assertThat(users.verifyPassword("alice", "alice-pw".toCharArray())).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(usersFile)))
                .isEqualTo("rw-r-----");
        assertThat(Files.list(usersFile.getParent()))
                .as("no temporary file left")
                .hasSize(2);
        assertThat(run.out() + run.err()).doesNotContain(NEW_PASSWORD);
    }

    @Test
    void addWhenAdminAndCrlfLineThenAdminWithTheLineBreakNotPartOfThePassword() {
        CliRun run =
                stdin(NEW_PASSWORD + "\r\nignored\n", "admin", "user", "add", "--admin", "dave", "--password-stdin");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("added dave (admin)");
        assertThat(users().isAdmin("dave")).isTrue();
        assertThat(users().verifyPassword("dave", NEW_PASSWORD.toCharArray())).isTrue();
    }

    @Test
    void addWhenTerminalGivesTheSamePasswordTwiceThenAddedAndPromptsNameTheUser() {
        Deque<String> answers = new ArrayDeque<>(List.of(NEW_PASSWORD, NEW_PASSWORD));
        List<String> prompts = new java.util.ArrayList<>();
        CliEnvironment withTerminal = environment.withInput(java.io.InputStream.nullInputStream(), prompt -> {
            prompts.add(prompt);
            return answers.removeFirst().toCharArray();
        });

        CliRun run = CliRun.of(withTerminal, "admin", "user", "add", "carol");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(prompts).containsExactly("New password for carol: ", "The same again: ");
        assertThat(users().verifyPassword("carol", NEW_PASSWORD.toCharArray())).isTrue();
    }

    @Test
    void addWhenTerminalEntriesDifferThenExitTwoAndNothingWritten() throws Exception {
        String before = Files.readString(usersFile);
        Deque<String> answers = new ArrayDeque<>(List.of(NEW_PASSWORD, NEW_PASSWORD + "x"));
        CliEnvironment withTerminal = environment.withInput(
                java.io.InputStream.nullInputStream(),
                prompt -> answers.removeFirst().toCharArray());

        CliRun run = CliRun.of(withTerminal, "admin", "user", "add", "carol");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("patgate admin user add: the two passwords differ; nothing was changed; see 'patgate admin"
                        + " user add -h'" + System.lineSeparator());
        assertThat(Files.readString(usersFile)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no terminal, no stdin flag | -                | no terminal to ask for the password: give it on standard input with --password-stdin
            empty stdin                | --password-stdin | --password-stdin: no password on standard input
            too short                  | --password-stdin | a password needs at least 8 characters
            """)
    void addWhenNoUsablePasswordThenExitTwoOneLineAndNothingWritten(String name, String flag, String message)
            throws Exception {
        String before = Files.readString(usersFile);
        String input = name.equals("too short") ? "short\n" : "";
        List<String> args = new java.util.ArrayList<>(List.of("admin", "user", "add", "carol"));
        if (!flag.equals("-")) {
            args.add(flag);
        }

        CliRun run = stdin(input, args.toArray(String[]::new));

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("patgate admin user add: " + message);
        assertThat(Files.readString(usersFile)).isEqualTo(before);
    }

    @Test
    void addWhenUserExistsThenExitTwoPointingAtPasswd() {
        CliRun run = stdin(NEW_PASSWORD + "\n", "admin", "user", "add", "alice", "--password-stdin");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("patgate admin user add: user alice exists already; change the password"
                        + " with 'patgate admin user passwd alice'");
    }

    @Test
    void passwdWhenGivenThenNewPasswordWorksOldDoesNotAndTokensKept() {
        String token = token("alice");

        CliRun run = stdin(NEW_PASSWORD + "\n", "admin", "user", "passwd", "alice", "--password-stdin");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("password of alice changed" + System.lineSeparator());
        assertThat(users().verifyPassword("alice", NEW_PASSWORD.toCharArray())).isTrue();
        assertThat(users().verifyPassword("alice", "alice-pw".toCharArray())).isFalse();
        assertThat(record(token).revokedAt()).isNull();
    }

    @Test
    void removeWhenUserHasTokensThenGoneAndEveryTokenRevokedAndReAddingDoesNotBringThemBack() {
        String first = token("alice");
        String second = token("alice");
        String bobs = token("bob");

        CliRun run = CliRun.of(environment, "admin", "user", "remove", "alice");
        CliRun again = stdin(NEW_PASSWORD + "\n", "admin", "user", "add", "alice", "--password-stdin");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .isEqualTo("removed alice from " + usersFile + "; revoked 2 tokens" + System.lineSeparator());
        assertThat(again.code()).isZero();
        assertThat(record(first).revokedAt()).isNotNull();
        assertThat(record(second).revokedAt()).isNotNull();
        assertThat(record(bobs).revokedAt()).isNull();
        assertThat(CliRun.of(environment, "admin", "token", "list", "-u", "alice")
                        .out())
                .contains("revoked")
                .doesNotContain("active");
    }

    @Test
    void disableThenEnableWhenRunThenTokensBlockedThenActiveAgainAndNewTokensRefusedMeanwhile() throws Exception {
        String token = token("bob");

        CliRun disable = CliRun.of(environment, "admin", "user", "disable", "bob");
        CliRun twice = CliRun.of(environment, "admin", "user", "disable", "bob");
        CliRun listed = CliRun.of(environment, "admin", "token", "list", "-u", "bob");
        CliRun newToken = CliRun.of(environment, "admin", "user", "token", "-u", "bob", "-e", "1h");
        String file = Files.readString(usersFile);
        CliRun enable = CliRun.of(environment, "admin", "user", "enable", "bob");

        assertThat(disable.code()).isZero();
        assertThat(disable.out()).startsWith("disabled bob: their tokens and password are refused");
        assertThat(twice.code()).isZero();
        assertThat(twice.out()).isEqualTo("bob is already disabled" + System.lineSeparator());
        assertThat(file).contains("disabled: true");
        assertThat(listed.out()).contains("blocked");
        assertThat(newToken.code()).isEqualTo(2);
        assertThat(newToken.err())
                .startsWith("patgate admin user token: -u: user bob is disabled: enable it first"
                        + " (patgate admin user enable bob)");
        assertThat(enable.code()).isZero();
        assertThat(enable.out()).startsWith("enabled bob: their unrevoked, unexpired tokens work again");
        assertThat(users().isActive("bob")).isTrue();
        assertThat(record(token).revokedAt()).isNull();
        assertThat(CliRun.of(environment, "admin", "token", "list", "-u", "bob").out())
                .contains("active");
    }

    @Test
    void listWhenUsersThenLoginRoleStateAndNoHash() throws Exception {
        CliRun.of(environment, "admin", "user", "disable", "bob");

        CliRun run = CliRun.of(environment, "admin", "user", "list");

        assertThat(run.code()).isZero();
        assertThat(run.out().lines().map(String::stripTrailing))
                .containsExactly(
                        "LOGIN                     ROLE    STATE",
                        "admin                     admin   active",
                        "alice                     user    active",
                        "bob                       user    disabled");
        assertThat(run.out()).doesNotContain("$2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            admin user passwd mallory --password-stdin | patgate admin user passwd: unknown user 'mallory'
            admin user remove mallory                  | patgate admin user remove: unknown user 'mallory'
            admin user disable mallory                 | patgate admin user disable: unknown user 'mallory'
            admin user enable mallory                  | patgate admin user enable: unknown user 'mallory'
            admin token revoke --user mallory          | patgate admin token revoke: --user: unknown user 'mallory'
            admin token list -u mallory                | patgate admin token list: -u: unknown user 'mallory'
            admin user token -u mallory -e 1h          | patgate admin user token: -u: unknown user 'mallory'
            admin user disable 'no:colon'              | patgate admin user disable: LOGIN: a login is 1 to 64
            """)
    void commandWhenUserUnknownThenExitTwoWithOneLine(String args, String message) throws Exception {
        String before = Files.readString(usersFile);

        CliRun run = stdin(NEW_PASSWORD + "\n", args.replace("'", "").split(" "));

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith(message);
        assertThat(Files.readString(usersFile)).isEqualTo(before);
    }

    @Test
    void revokeByUserWhenTokensThenAllOfThemRevokedAndOthersUntouched() {
        String first = token("alice");
        String second = token("alice");
        String bobs = token("bob");

        CliRun run = CliRun.of(environment, "admin", "token", "revoke", "--user", "alice");
        CliRun again = CliRun.of(environment, "admin", "token", "revoke", "--user", "alice");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("revoked 2 tokens of alice: ").contains(id(first), id(second));
        assertThat(record(first).revokedAt()).isNotNull();
        assertThat(record(second).revokedAt()).isNotNull();
        assertThat(record(bobs).revokedAt()).isNull();
        assertThat(again.code()).isZero();
        assertThat(again.out()).isEqualTo("revoked 0 tokens of alice" + System.lineSeparator());
    }

    @Test
    void revokeByUserWhenUserRemovedByHandButTokensLeftThenStillRevoked() throws Exception {
        String token = token("alice");
        Files.writeString(usersFile, UserDirectory.render(List.of(new User("bob", TestHome.hash("b"), false))));

        CliRun run = CliRun.of(environment, "admin", "token", "revoke", "--user", "alice");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(record(token).revokedAt()).isNotNull();
    }

    @ParameterizedTest
    @CsvSource({"'admin token revoke'", "'admin token revoke AAAAAAAAAAAA --user alice'"})
    void revokeWhenNeitherOrBothOfIdAndUserThenExitTwo(String args) {
        CliRun run = CliRun.of(environment, args.split(" "));

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).startsWith("patgate admin token revoke: give either a token ID or --user LOGIN");
    }

    private CliRun stdin(String input, String... args) {
        return CliRun.of(
                environment.withInput(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), null), args);
    }

    private UserDirectory users() {
        return UserDirectory.load(usersFile);
    }

    private String token(String login) {
        CliRun run = CliRun.of(environment, "admin", "user", "token", "-u", login, "-e", "1h", "-q");
        assertThat(run.code()).as(run.err()).isZero();
        return run.out().strip();
    }

    private TokenRecord record(String token) {
        try (JdbcTokenStore store = JdbcTokenStore.open("jdbc:sqlite:" + home.resolve("var/patgate.db"), null, null)) {
            return store.findById(id(token)).orElseThrow();
        }
    }

    private static String id(String token) {
        return token.substring(5, 17);
    }
}
