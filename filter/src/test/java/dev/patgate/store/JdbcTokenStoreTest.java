package dev.patgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.zaxxer.hikari.HikariConfig;
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
    JdbcTokenStore openWithoutMigrating() {
        return JdbcTokenStore.open("jdbc:sqlite:" + dir.resolve("data/patgate.db"), null, null, false);
    }

    @Override
    void resetDatabase() throws java.io.IOException {
        // each test has its own @TempDir; a test that resets again starts from no file
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(dir.resolve("data/patgate.db" + suffix));
        }
    }

    @Override
    java.sql.Connection rawConnection() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/patgate.db"));
    }

    @Override
    String legacySerialKey() {
        return "INTEGER PRIMARY KEY AUTOINCREMENT";
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

    /** Nothing listens on port 1 of the loopback: the connection is refused at once. */
    @Test
    void openWhenPostgresqlIsAbsentThenTheDriversReasonRatherThanThePoolsTimeout() {
        assertThatThrownBy(() -> JdbcTokenStore.open("jdbc:postgresql://127.0.0.1:1/test", "postgres", null))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot connect to the token store: ")
                .hasMessageContaining("127.0.0.1:1 refused")
                .hasMessageNotContaining("timed out")
                .hasMessageNotContaining("patgate-store");
    }

    @Test
    void postgresqlWhenConnectingThenTheDriversTimeoutsAreAFewSeconds() {
        HikariConfig pool = new HikariConfig();

        Dialect.POSTGRESQL.configure(pool, "jdbc:postgresql://127.0.0.1:5432/test");

        assertThat(Dialect.CONNECT_TIMEOUT_SECONDS).isBetween(1, 3);
        assertThat(Dialect.CONNECT_TIMEOUTS)
                .containsOnly(
                        entry("connectTimeout", String.valueOf(Dialect.CONNECT_TIMEOUT_SECONDS)),
                        entry("loginTimeout", String.valueOf(Dialect.CONNECT_TIMEOUT_SECONDS)));
        assertThat(pool.getDataSourceProperties()).containsAllEntriesOf(Dialect.CONNECT_TIMEOUTS);
    }

    @Test
    void openWhenUrlIsNeitherSqliteNorPostgresThenRefused() {
        assertThatThrownBy(() -> JdbcTokenStore.open("jdbc:h2:mem:x", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:sqlite:")
                .hasMessageContaining("jdbc:postgresql:");
    }

    @Test
    void openWhenTheHandWrittenMigratorLeftANewerVersionThenStoreExceptionNamingIt() throws Exception {
        Path file = dir.resolve("newer.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                var st = c.createStatement()) {
            st.execute("CREATE TABLE patgate_schema (version INTEGER NOT NULL)");
            st.execute("INSERT INTO patgate_schema (version) VALUES (1), (99)");
        }

        assertThatThrownBy(() -> JdbcTokenStore.open("jdbc:sqlite:" + file, null, null))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("the store's schema version 99 is newer than this patgate understands (4)");
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
