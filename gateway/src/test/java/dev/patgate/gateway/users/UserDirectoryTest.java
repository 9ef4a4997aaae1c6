package dev.patgate.gateway.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.auth.UserGate;
import dev.patgate.gateway.TestHome;
import dev.patgate.gateway.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserDirectoryTest {

    @Test
    void loadWhenShippedDemoFileThenDemoUsersAndPasswordsWork() {
        UserDirectory users = UserDirectory.load(Path.of("..", "config", "users.yaml"));

        assertThat(users.users()).extracting(User::login).containsExactly("admin", "alice", "bob");
        assertThat(users.isAdmin("admin")).isTrue();
        assertThat(users.isAdmin("alice")).isFalse();
        assertThat(users.verifyPassword("alice", "alice-demo".toCharArray())).isTrue();
        assertThat(users.verifyPassword("bob", "bob-demo".toCharArray())).isTrue();
        assertThat(users.verifyPassword("admin", "admin-demo".toCharArray())).isTrue();
    }

    @Test
    void verifyPasswordWhenWrongOrUnknownThenFalse() {
        UserDirectory users = UserDirectory.of(List.of(new User("alice", TestHome.hash("right"), false)));

        assertThat(users.verifyPassword("alice", "right".toCharArray())).isTrue();
        assertThat(users.verifyPassword("alice", "wrong".toCharArray())).isFalse();
        assertThat(users.verifyPassword("alice", new char[0])).isFalse();
        assertThat(users.verifyPassword("mallory", "right".toCharArray())).isFalse();
        assertThat(users.verifyPassword(null, "right".toCharArray())).isFalse();
        assertThat(users.exists("mallory")).isFalse();
        assertThat(users.isAdmin("mallory")).isFalse();
    }

    @Test
    void verifyPasswordWhenHashIsBcryptVersion2aOr2bThenAccepted() {
        String y = TestHome.hash("pw");
        UserDirectory users = UserDirectory.of(
                List.of(new User("a", "$2a$" + y.substring(4), false), new User("b", "$2b$" + y.substring(4), false)));

        assertThat(users.verifyPassword("a", "pw".toCharArray())).isTrue();
        assertThat(users.verifyPassword("b", "pw".toCharArray())).isTrue();
    }

    @Test
    void renderWhenLoadedBackThenSameUsers(@TempDir Path dir) throws Exception {
        List<User> original =
                List.of(new User("zed", TestHome.hash("z"), true), new User("amy", TestHome.hash("a"), false));
        Path file = Files.writeString(dir.resolve("users.yaml"), UserDirectory.render(original));

        assertThat(UserDirectory.load(file).users()).containsExactly(original.get(1), original.get(0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"123", "1.5", "1e3", "0x1F", "true", "yes", "null", "no", "a@b.c", "x-y_z", "007"})
    void renderWhenLoginLooksLikeAnotherYamlValueThenLoadedBackAsThatLogin(String login, @TempDir Path dir)
            throws Exception {
        List<User> original = List.of(new User(login, TestHome.hash("p"), true));
        Path file = Files.writeString(dir.resolve("users.yaml"), UserDirectory.render(original));

        assertThat(UserDirectory.load(file).users()).containsExactlyElementsOf(original);
    }

    @Test
    void loadWhenUserDisabledThenListedButNotActiveAndPasswordRefused(@TempDir Path dir) throws Exception {
        String hash = TestHome.hash("pw");
        Path file = Files.writeString(dir.resolve("users.yaml"), """
                users:
                  alice: {password_hash: "%1$s", disabled: true}
                  boss: {password_hash: "%1$s", admin: true, disabled: true}
                  bob: {password_hash: "%1$s", disabled: false}
                """.formatted(hash));

        UserDirectory users = UserDirectory.load(file);

        assertThat(users.exists("alice")).isTrue();
        assertThat(users.isActive("alice")).isFalse();
        assertThat(users.standing("alice")).isEqualTo(UserGate.Standing.DISABLED);
        assertThat(users.verifyPassword("alice", "pw".toCharArray())).isFalse();
        assertThat(users.isAdmin("boss")).as("a disabled admin is no admin").isFalse();
        assertThat(users.isActive("bob")).isTrue();
        assertThat(users.standing("bob")).isEqualTo(UserGate.Standing.ACTIVE);
        assertThat(users.verifyPassword("bob", "pw".toCharArray())).isTrue();
        assertThat(users.standing("mallory")).isEqualTo(UserGate.Standing.UNKNOWN);
        assertThat(users.standing(null)).isEqualTo(UserGate.Standing.UNKNOWN);
    }

    @Test
    void renderWhenDisabledAndAdminThenFlagsWrittenAndReadBack(@TempDir Path dir) throws Exception {
        List<User> original = List.of(
                new User("amy", TestHome.hash("a"), false, true), new User("zed", TestHome.hash("z"), true, false));
        String text = UserDirectory.render(original);
        Path file = Files.writeString(dir.resolve("users.yaml"), text);

        assertThat(UserDirectory.load(file).users()).containsExactlyElementsOf(original);
        assertThat(text).contains("disabled: true").doesNotContain("disabled: false");
    }

    @Test
    void reloadWhenFileChangedThenNewContentAndWhenBadThenOldKeptAndThrows(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("users.yaml"), UserDirectory.render(List.of(new User("amy", TestHome.hash("a"), false))));
        UserDirectory users = UserDirectory.load(file);

        assertThat(users.reload()).as("same content").isFalse();
        Files.writeString(file, UserDirectory.render(List.of(new User("bob", TestHome.hash("b"), false))));
        assertThat(users.reload()).isTrue();
        assertThat(users.exists("amy")).isFalse();
        assertThat(users.exists("bob")).isTrue();

        Files.writeString(file, "users: [");
        assertThatThrownBy(users::reload)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": not valid YAML");
        assertThat(users.exists("bob")).as("kept").isTrue();
    }

    @Test
    void reloadWhenNotLoadedFromAFileThenRefused() {
        UserDirectory users = UserDirectory.of(List.of());

        assertThatThrownBy(users::reload).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void toStringWhenPrintedThenNoHash() {
        String hash = TestHome.hash("x");

        assertThat(new User("alice", hash, false).toString())
                .doesNotContain(hash)
                .doesNotContain("$2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            'people: {}'                                                      | expected one key, users
            'users: [alice]'                                                  | expected one key, users
            'users:\\n  alice: x'                                             | users.alice must be a mapping with password_hash
            'users:\\n  alice: {password: x}'                                 | users.alice: unknown key (allowed: admin, disabled, password_hash)
            'users:\\n  alice: {password_hash: plain}'                        | users.alice.password_hash must be a bcrypt hash
            'users:\\n  alice: {password_hash: \"$apr1$abc$def\"}'            | users.alice.password_hash must be a bcrypt hash
            'users:\\n  alice: {password_hash: HASH, admin: yes please}'      | users.alice.admin must be true or false
            'users:\\n  \"al:ice\": {password_hash: HASH}'                    | users: a login must be 1 to 64 letters
            'users:\\n  alice: [x]'                                         | users.alice must be a mapping with password_hash
            'users:\\n  alice: ~'                                           | users.alice must be a mapping with password_hash
            'users:\\n  alice: {admin: true}'                               | users.alice.password_hash must be a bcrypt hash
            'users:\\n  alice: {password_hash: [HASH]}'                     | users.alice.password_hash must be a bcrypt hash
            'users:\\n  alice: {password_hash: 12}'                         | users.alice.password_hash must be a bcrypt hash
            'users:\\n  alice: {password_hash: HASH, admin: 1}'             | users.alice.admin must be true or false
            'users:\\n  alice: {password_hash: HASH, disabled: maybe}'      | users.alice.disabled must be true or false
            'users:\\n  alice: {password_hash: HASH, \"HASH\": x}'          | users.alice: unknown key (allowed: admin, disabled, password_hash)
            'users:\\n  alice: {password_hash: HASH}\\n  \"HASH\": {password_hash: HASH}' | users: a login must be 1 to 64 letters
            'users:\\n  alice: {password_hash: HASH}\\n  alice: {password_hash: HASH}' | not valid YAML, or a key appears twice (line 3)
            """)
    void loadWhenEntryIsBadThenOneLineMessageNamesIt(String yaml, String expected, @TempDir Path dir) throws Exception {
        String hash = TestHome.hash("x");
        Path file = Files.writeString(
                dir.resolve("users.yaml"), yaml.replace("\\n", "\n").replace("HASH", hash));

        assertThatThrownBy(() -> UserDirectory.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": " + expected)
                .message()
                .doesNotContain(hash)
                .doesNotContain("\n");
    }

    @Test
    void loadWhenFileMissingThenMessageNamesIt(@TempDir Path dir) {
        assertThatThrownBy(() -> UserDirectory.load(dir.resolve("users.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("users.yaml") + ": no such file (users_file)");
    }
}
