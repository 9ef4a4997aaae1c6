package dev.patgate.gateway.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.TestHome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoUsersTest {

    @Test
    void presentWhenShippedFileThenAllThreeDemoUsers() {
        UserDirectory shipped = UserDirectory.load(Path.of("..", "config", "users.yaml"));

        assertThat(DemoUsers.present(shipped)).containsExactly("admin", "alice", "bob");
        assertThat(shipped.users()).extracting(User::passwordHash).allMatch(DemoUsers.SHIPPED_HASHES::contains);
    }

    @Test
    void presentWhenDemoPasswordHashedAgainThenStillFound() {
        UserDirectory users = UserDirectory.of(List.of(
                new User("alice", TestHome.hash("alice-demo"), false), new User("bob", TestHome.hash("new"), false)));

        assertThat(DemoUsers.present(users)).containsExactly("alice");
    }

    @Test
    void presentWhenShippedHashUnderAnotherLoginThenFound() {
        String aliceHash = DemoUsers.SHIPPED_HASHES.stream()
                .filter(h -> h.startsWith("$2y$10$MtC5"))
                .findFirst()
                .orElseThrow();
        UserDirectory users = UserDirectory.of(List.of(new User("carol", aliceHash, true)));

        assertThat(DemoUsers.present(users)).containsExactly("carol");
    }

    @Test
    void presentWhenPasswordsChangedOrDemoUserDisabledThenNone() {
        UserDirectory users = UserDirectory.of(List.of(
                new User("alice", TestHome.hash("s3cret"), false),
                new User("admin", TestHome.hash("admin-demo"), true, true),
                new User("carol", TestHome.hash("alice-demo"), false)));

        assertThat(DemoUsers.present(users)).isEmpty();
    }
}
