package dev.patgate.testing;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL at {@code 127.0.0.1:5432} (user {@code postgres}, trust auth), and databases of
 * a test's own on it, made empty on request. An unreachable server fails the test unless
 * {@code PATGATE_SKIP_POSTGRES=1}.
 */
public final class Postgres {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5432;
    public static final String USER = "postgres";

    private Postgres() {}

    /** The JDBC URL of {@code database} on the server, or through a relay's port. */
    public static String url(String database, int port) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    public static String url(String database) {
        return url(database, PORT);
    }

    /** Creates {@code database} when it is missing and empties its {@code public} schema. */
    public static void freshDatabase(String database) {
        try (Connection c = connect("test");
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + database);
                }
            }
            s.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
        } catch (SQLException e) {
            if ("1".equals(System.getenv("PATGATE_SKIP_POSTGRES"))) {
                Assumptions.abort("PostgreSQL unreachable and PATGATE_SKIP_POSTGRES=1: " + e.getMessage());
            }
            fail(
                    "PostgreSQL at " + url("test") + " is unreachable (set PATGATE_SKIP_POSTGRES=1 to skip): "
                            + e.getMessage(),
                    e);
        }
        try (Connection c = connect(database);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty " + database + ": " + e.getMessage(), e);
        }
    }

    /** Runs one statement on the {@code test} database (for ALTER DATABASE, pg_terminate_backend). */
    public static void execute(String sql) throws SQLException {
        try (Connection c = connect("test");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** A plain connection to {@code database}. */
    public static Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("connectTimeout", "3");
        p.setProperty("socketTimeout", "30");
        return DriverManager.getConnection(url(database), p);
    }
}
