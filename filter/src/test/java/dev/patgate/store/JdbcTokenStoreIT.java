package dev.patgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.patgate.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract against the real PostgreSQL of {@code PATGATE_TEST_POSTGRES_URL} (default
 * {@code 127.0.0.1:5432/test}, user {@code postgres}, trust auth). The tests work in a schema of
 * this run's own (a random suffix), re-created before each test and dropped after the class, so
 * runs are independent of each other, even at the same time, and of other modules using the same
 * database. An unreachable server fails the run unless {@code PATGATE_SKIP_POSTGRES=1}.
 */
class JdbcTokenStoreIT extends JdbcTokenStoreContract {

    private static final TestPostgres POSTGRES = TestPostgres.server();
    private static final String SERVER = POSTGRES.url();
    private static final String SCHEMA = TestPostgres.uniqueName("patgate_filter_it");
    private static final String USER = POSTGRES.user();

    @BeforeAll
    static void requirePostgres() {
        try (Connection c = connect()) {
            c.isValid(2);
        } catch (SQLException e) {
            if ("1".equals(System.getenv("PATGATE_SKIP_POSTGRES"))) {
                Assumptions.abort("PostgreSQL unreachable and PATGATE_SKIP_POSTGRES=1: " + e.getMessage());
            }
            fail(
                    "PostgreSQL at " + SERVER + " is unreachable (set PATGATE_SKIP_POSTGRES=1 to skip): "
                            + e.getMessage(),
                    e);
        }
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } catch (SQLException e) {
            // unreachable: the tests were skipped; nothing to drop
        }
    }

    @Override
    JdbcTokenStore open() {
        return JdbcTokenStore.open(POSTGRES.urlWithSchema(SCHEMA), USER, null);
    }

    @Override
    JdbcTokenStore openWithoutMigrating() {
        return JdbcTokenStore.open(POSTGRES.urlWithSchema(SCHEMA), USER, null, false);
    }

    @Override
    void resetDatabase() throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
        }
    }

    @Override
    Connection rawConnection() throws SQLException {
        Connection c = connect();
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + SCHEMA);
        }
        return c;
    }

    @Override
    String legacySerialKey() {
        return "BIGSERIAL PRIMARY KEY";
    }

    @Test
    void openWhenTheDatabaseDoesNotExistThenTheServersReasonAtOnce() {
        assertThatThrownBy(() -> JdbcTokenStore.open(POSTGRES.url("patgate_no_such_db"), USER, null))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot connect to the token store: ")
                .hasMessageContaining("database \"patgate_no_such_db\" does not exist");
    }

    @Test
    void openWhenTheRoleDoesNotExistThenTheServersReasonAndNeverThePassword() {
        assertThatThrownBy(() -> JdbcTokenStore.open(SERVER, "patgate_no_such_role", "hunter2-not-logged"))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot connect to the token store: ")
                .hasMessageContaining("\"patgate_no_such_role\"")
                .hasMessageNotContaining("hunter2-not-logged");
    }

    /**
     * A revocation that took its change-log seq first but commits last must still reach a poller
     * that polled in between: on PostgreSQL sequence values are handed out before commit, so without
     * serialised writers the poller's cursor would jump past the late one for good.
     */
    @Test
    void changesSinceWhenAnEarlierRevocationCommitsAfterALaterOneThenNeitherIsMissed() throws Exception {
        store.insert(record("slowRevoke01", "alice", T0));
        store.insert(record("fastRevoke01", "alice", T0));
        long cursor = store.changesSince(-1).cursor();
        TokenStore otherNode = openStore();
        List<String> seen = new ArrayList<>();

        try (Connection slow = connect();
                Statement s = slow.createStatement()) {
            slow.setAutoCommit(false);
            s.execute("SET search_path TO " + SCHEMA);
            s.execute("UPDATE patgate_tokens SET revoked_at = 1 WHERE id = 'slowRevoke01'");
            s.execute("INSERT INTO patgate_token_changes (token_id, changed_at) VALUES ('slowRevoke01', 1)");
            CompletableFuture<Boolean> fast =
                    CompletableFuture.supplyAsync(() -> otherNode.revoke("fastRevoke01", T0.plusSeconds(1)));
            awaitDoneOrWaitingOnLock(fast);

            TokenStore.Changes between = store.changesSince(cursor);
            seen.addAll(between.tokenIds());
            cursor = between.cursor();
            slow.commit();
            assertThat(fast.get(10, TimeUnit.SECONDS)).isTrue();
        }
        seen.addAll(store.changesSince(cursor).tokenIds());

        assertThat(seen).containsExactlyInAnyOrder("slowRevoke01", "fastRevoke01");
    }

    private static void awaitDoneOrWaitingOnLock(CompletableFuture<?> task) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            while (!task.isDone() && System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity "
                        + "WHERE wait_event_type = 'Lock' AND query LIKE 'LOCK TABLE patgate_token_changes%'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
            }
        }
        assertThat(task)
                .as("revocation finished or waiting on the change-log lock")
                .isDone();
    }

    private static Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("connectTimeout", "3");
        p.setProperty("socketTimeout", "10");
        return DriverManager.getConnection(SERVER, p);
    }
}
