package dev.patgate.testsupport;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The PostgreSQL server that tests use: {@code PATGATE_TEST_POSTGRES_URL}, by default
 * {@value #DEFAULT_URL}. The URL names a database the tests may connect to (to create schemas and
 * databases of their own); a {@code user=} parameter names the role (default {@code postgres}), and
 * other parameters are kept on every URL made from it. Each test class works in a schema or
 * database named by {@link #uniqueName}, so concurrent runs on one server never meet, and drops it
 * when done.
 */
public final class TestPostgres {

    public static final String VARIABLE = "PATGATE_TEST_POSTGRES_URL";
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private static final String PREFIX = "jdbc:postgresql://";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final List<String> parameters;

    private TestPostgres(String url) {
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException(VARIABLE + " must start with " + PREFIX + ": " + url);
        }
        String rest = url.substring(PREFIX.length());
        int query = rest.indexOf('?');
        String query0 = query < 0 ? "" : rest.substring(query + 1);
        String address = query < 0 ? rest : rest.substring(0, query);
        int slash = address.indexOf('/');
        String hostPort = slash < 0 ? address : address.substring(0, slash);
        this.database = slash < 0 || slash == address.length() - 1 ? "postgres" : address.substring(slash + 1);
        int colon = hostPort.lastIndexOf(':');
        this.host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        this.port = colon < 0 ? 5432 : Integer.parseInt(hostPort.substring(colon + 1));
        String role = "postgres";
        List<String> kept = new ArrayList<>();
        for (String parameter : query0.split("&")) {
            if (parameter.startsWith("user=")) {
                role = parameter.substring("user=".length());
            } else if (!parameter.isEmpty()) {
                kept.add(parameter);
            }
        }
        this.user = role;
        this.parameters = List.copyOf(kept);
    }

    /** The server named by {@code PATGATE_TEST_POSTGRES_URL}, or the default. */
    public static TestPostgres server() {
        String url = System.getenv(VARIABLE);
        return new TestPostgres(url == null || url.isBlank() ? DEFAULT_URL : url.strip());
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    /** The database the variable names ({@code test} by default). */
    public String database() {
        return database;
    }

    /** The JDBC URL of the variable's database, without the user. */
    public String url() {
        return url(database, port);
    }

    /** The JDBC URL of {@code otherDatabase} on the same server, without the user. */
    public String url(String otherDatabase) {
        return url(otherDatabase, port);
    }

    /** The JDBC URL of {@code otherDatabase} through another port (a relay's). */
    public String url(String otherDatabase, int otherPort) {
        StringBuilder url = new StringBuilder(PREFIX)
                .append(host)
                .append(':')
                .append(otherPort)
                .append('/')
                .append(otherDatabase);
        char separator = '?';
        for (String parameter : parameters) {
            url.append(separator).append(parameter);
            separator = '&';
        }
        return url.toString();
    }

    /** The URL of the variable's database with {@code currentSchema} set to {@code schema}. */
    public String urlWithSchema(String schema) {
        String url = url();
        return url + (url.indexOf('?') < 0 ? '?' : '&') + "currentSchema=" + schema;
    }

    /** A plain connection to the variable's database. */
    public Connection connect() throws SQLException {
        return connect(database);
    }

    /** A plain connection to {@code otherDatabase}. */
    public Connection connect(String otherDatabase) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("connectTimeout", "3");
        p.setProperty("socketTimeout", "30");
        return DriverManager.getConnection(url(otherDatabase), p);
    }

    /** Runs statements, in order, on the variable's database. */
    public void execute(String... sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /**
     * A lower-case identifier {@code prefix_} plus 8 random hex digits, for a schema or database of
     * one test class in one run.
     */
    public static String uniqueName(String prefix) {
        return prefix + "_" + String.format(Locale.ROOT, "%08x", RANDOM.nextInt());
    }
}
