package dev.patgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against a real SQLite file, the default embedded store. */
class JdbcTokenStoreTest extends JdbcTokenStoreContract {

    @TempDir
    Path dir;

    @Override
    JdbcTokenStore open() {
        return JdbcTokenStore.open("jdbc:sqlite:" + dir.resolve("data/patgate.db"), null, null);
    }

    @Override
    void resetDatabase() {
        // each test has its own @TempDir
    }

    @Test
    void openWhenFolderMissingThenCreatesItAndTheFile() {
        assertThat(dir.resolve("data/patgate.db")).exists();

        Path nested = dir.resolve("a/b/c/tokens.db");
        try (JdbcTokenStore s = JdbcTokenStore.open("jdbc:sqlite:" + nested, null, null)) {
            s.insert(record("nestedFile01", "alice", T0));
        }

        assertThat(nested).exists();
    }

    @Test
    void openWhenUrlIsNeitherSqliteNorPostgresThenRefused() {
        assertThatThrownBy(() -> JdbcTokenStore.open("jdbc:h2:mem:x", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:sqlite:")
                .hasMessageContaining("jdbc:postgresql:");
    }

    @Test
    void openWhenSchemaIsNewerThanThisVersionThenStoreExceptionNamingIt() throws Exception {
        Path file = dir.resolve("newer.db");
        try (JdbcTokenStore s = JdbcTokenStore.open("jdbc:sqlite:" + file, null, null)) {
            s.insert(record("someToken001", "alice", T0));
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                var st = c.createStatement()) {
            st.execute("INSERT INTO patgate_schema (version) VALUES (99)");
        }

        assertThatThrownBy(() -> JdbcTokenStore.open("jdbc:sqlite:" + file, null, null))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("99");
    }

    @Test
    void openWhenSqliteThenWalModeSoReadersAndWritersShareTheFile() throws Exception {
        assertThat(Files.exists(dir.resolve("data/patgate.db"))).isTrue();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/patgate.db"));
                var st = c.createStatement();
                var rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }
}
