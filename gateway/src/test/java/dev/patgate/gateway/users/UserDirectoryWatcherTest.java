package dev.patgate.gateway.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.TestHome;
import dev.patgate.testsupport.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The periodic check and the forced reload, called directly: no waiting. */
class UserDirectoryWatcherTest {

    @TempDir
    Path dir;

    private Path file;
    private UserDirectory users;
    private UserDirectoryWatcher watcher;
    private final String amy = TestHome.hash("a");
    private final String bob = TestHome.hash("b");

    @BeforeEach
    void setUp() throws Exception {
        file = Files.writeString(dir.resolve("users.yaml"), UserDirectory.render(List.of(new User("amy", amy, false))));
        users = UserDirectory.load(file);
        watcher = new UserDirectoryWatcher(users);
        watcher.check(); // the first look reads the file once more
    }

    @Test
    void checkWhenFileUntouchedThenNothingReloaded() {
        assertThat(watcher.check()).isFalse();
        assertThat(users.exists("amy")).isTrue();
    }

    @Test
    void checkWhenFileReplacedByAMoveThenReloaded() throws Exception {
        Path temp = Files.writeString(
                dir.resolve("users.yaml.tmp"), UserDirectory.render(List.of(new User("bob", bob, false))));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(watcher.check()).isTrue();
        assertThat(users.exists("bob")).isTrue();
        assertThat(users.exists("amy")).isFalse();
    }

    @Test
    void checkWhenRewrittenInPlaceWithTheSameTimeButAnotherSizeThenReloaded() throws Exception {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, UserDirectory.render(List.of(new User("amy", amy, false, true))));
        Files.setLastModifiedTime(file, before);

        assertThat(watcher.check()).isTrue();
        assertThat(users.isActive("amy")).isFalse();
    }

    @Test
    void checkWhenFileBadThenOldKeptAndOneWarningUntilItChangesAgain() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            Files.writeString(file, "users:\n  amy: {password_hash: \"" + amy + "\", admin: maybe}\n");

            assertThat(watcher.check()).isFalse();
            assertThat(watcher.check()).isFalse();
            assertThat(users.exists("amy")).isTrue();
            List<String> warnings = logs.events().stream()
                    .filter(e -> e.getLoggerName().equals(UserDirectoryWatcher.class.getName()))
                    .map(e -> e.getLevel() + " " + e.getFormattedMessage())
                    .toList();
            assertThat(warnings)
                    .containsExactly("WARN user directory not reloaded, keeping the previous one: " + file
                            + ": users.amy.admin must be true or false");
        }
    }

    @Test
    void checkWhenFileDeletedThenOldKeptAndWhenBackThenReloaded() throws Exception {
        Files.delete(file);
        assertThat(watcher.check()).isFalse();
        assertThat(users.exists("amy")).isTrue();

        Files.writeString(file, UserDirectory.render(List.of(new User("bob", bob, false))));

        assertThat(watcher.check()).isTrue();
        assertThat(users.exists("bob")).isTrue();
    }

    @Test
    void reloadWhenFileLooksUnchangedThenReadAnyway() throws Exception {
        FileTime before = Files.getLastModifiedTime(file);
        String same = Files.readString(file);
        String swapped = same.replace("amy", "bob"); // same size
        Files.writeString(file, swapped);
        Files.setLastModifiedTime(file, before);
        assertThat(Files.size(file)).isEqualTo(same.length());

        assertThat(watcher.reload()).isTrue();

        assertThat(users.exists("bob")).isTrue();
    }
}
