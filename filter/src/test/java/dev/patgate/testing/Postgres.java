package dev.patgate.testing;

import static org.assertj.core.api.Assertions.fail;

import dev.patgate.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL of {@code PATGATE_TEST_POSTGRES_URL} (default {@code 127.0.0.1:5432/test},
 * user {@code postgres}, trust auth; see {@link TestPostgres}), and databases of a test's own on it,
 * made empty on request and dropped by {@link #dropDatabase}. An unreachable server fails the test
 * unless {@code PATGATE_SKIP_POSTGRES=1}.
 */
public final class Postgres {

    public static final TestPostgres SERVER = TestPostgres.server();
    public static final String HOST = SERVER.host();
    public static final int PORT = SERVER.port();
    public static final String USER = SERVER.user();

    private Postgres() {}

    /** The JDBC URL of {@code database} on the server, or through a relay's port. */
    public static String url(String database, int port) {
        return SERVER.url(database, port);
    }

    public static String url(String database) {
        return url(database, PORT);
    }

    /** Fails the test (or aborts it with {@code PATGATE_SKIP_POSTGRES=1}) when the server is unreachable. */
    public static void require() {
        try (Connection c = SERVER.connect()) {
            c.isValid(2);
        } catch (SQLException e) {
            unreachable(e);
        }
    }

    private static void unreachable(SQLException e) {
        if ("1".equals(System.getenv("PATGATE_SKIP_POSTGRES"))) {
            Assumptions.abort("PostgreSQL unreachable and PATGATE_SKIP_POSTGRES=1: " + e.getMessage());
        }
        fail(
                "PostgreSQL at " + SERVER.url() + " (" + TestPostgres.VARIABLE
                        + ") is unreachable (set PATGATE_SKIP_POSTGRES=1 to skip): " + e.getMessage(),
                e);
    }

    /** Creates {@code database} when it is missing and empties its {@code public} schema. */
    public static void freshDatabase(String database) {
        try (Connection c = SERVER.connect();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + database);
                }
            }
            s.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
        } catch (SQLException e) {
            unreachable(e);
        }
        try (Connection c = connect(database);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty " + database + ": " + e.getMessage(), e);
        }
    }

    /** Drops {@code database}, ending its sessions; nothing when the server is unreachable. */
    public static void dropDatabase(String database) {
        try {
            SERVER.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            // unreachable: nothing was created either
        }
    }

    /** Runs one statement on the server's own database (for ALTER DATABASE, pg_terminate_backend). */
    public static void execute(String sql) throws SQLException {
        SERVER.execute(sql);
    }

    /** A plain connection to {@code database}. */
    public static Connection connect(String database) throws SQLException {
        return SERVER.connect(database);
    }
}
