package dev.patgate.store;

import com.zaxxer.hikari.HikariConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Everything in which SQLite and PostgreSQL differ, so that {@link JdbcTokenStore} holds one SQL text
 * for both and asks its dialect at the few points where they part.
 */
enum Dialect {
    SQLITE("jdbc:sqlite:", "INTEGER PRIMARY KEY AUTOINCREMENT", 4) {
        @Override
        void configure(HikariConfig config, String jdbcUrl) {
            createParentFolder(jdbcUrl.substring(prefix().length()));
            config.setConnectionInitSql("PRAGMA busy_timeout = 10000");
        }

        @Override
        void beginMigration(Connection connection, Statement statement) throws SQLException {
            // WAL lets the CLI write while a running gateway reads the same file
            statement.execute("PRAGMA journal_mode = WAL");
        }

        @Override
        boolean streamsOnlyInTransaction() {
            return false;
        }

        @Override
        void serialiseChangeLog(Connection connection) {
            // SQLite has one writer at a time anyway
        }
    },

    POSTGRESQL("jdbc:postgresql:", "BIGSERIAL PRIMARY KEY", 8) {
        @Override
        void configure(HikariConfig config, String jdbcUrl) {
            CONNECT_TIMEOUTS.forEach(config::addDataSourceProperty);
        }

        @Override
        void probe(String jdbcUrl, String user, String password) throws SQLException {
            Properties properties = new Properties();
            properties.putAll(CONNECT_TIMEOUTS);
            if (user != null) {
                properties.setProperty("user", user);
            }
            if (password != null) {
                properties.setProperty("password", password);
            }
            try (Connection connection = DriverManager.getConnection(jdbcUrl, properties)) {
                connection.isValid(CONNECT_TIMEOUT_SECONDS);
            }
        }

        @Override
        void beginMigration(Connection connection, Statement statement) throws SQLException {
            // one migrating process at a time; the lock ends with the transaction
            connection.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(7205351)");
        }

        @Override
        boolean streamsOnlyInTransaction() {
            return true; // pgjdbc honours the fetch size only inside a transaction
        }

        @Override
        void serialiseChangeLog(Connection connection) throws SQLException {
            // A BIGSERIAL value is taken before its transaction commits: without this lock a poller
            // could move its cursor past a lower seq that commits later, and miss it.
            try (Statement lock = connection.createStatement()) {
                lock.execute("LOCK TABLE patgate_token_changes IN SHARE ROW EXCLUSIVE MODE");
            }
        }
    };

    /** How long, in seconds, pgjdbc may take to connect ({@code connectTimeout}) and to log in. */
    static final int CONNECT_TIMEOUT_SECONDS = 3;

    /**
     * pgjdbc's connection timeouts, for the probe and the pool. Its defaults (10 s to connect, no
     * limit to log in) would let a PostgreSQL that is absent or silent hold a start for that long; a
     * URL that sets them itself wins, as pgjdbc lets URL parameters override properties.
     */
    static final Map<String, String> CONNECT_TIMEOUTS = Map.of(
            "connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS),
            "loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));

    private final String prefix;
    private final String serialKey;
    private final int poolSize;

    Dialect(String prefix, String serialKey, int poolSize) {
        this.prefix = prefix;
        this.serialKey = serialKey;
        this.poolSize = poolSize;
    }

    /**
     * The dialect of a JDBC URL.
     *
     * @throws IllegalArgumentException when the URL names neither SQLite nor PostgreSQL
     */
    static Dialect of(String jdbcUrl) {
        for (Dialect dialect : values()) {
            if (jdbcUrl.startsWith(dialect.prefix)) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("store url must start with jdbc:sqlite: or jdbc:postgresql:");
    }

    String prefix() {
        return prefix;
    }

    /** The most connections the store's pool opens. */
    int poolSize() {
        return poolSize;
    }

    /** Adds what this database needs to the pool's configuration. */
    abstract void configure(HikariConfig config, String jdbcUrl);

    /**
     * Opens one connection outside the pool and closes it, so that a database that is absent or
     * refuses fails the start at once with the driver's own reason (refused, unknown database, bad
     * password), rather than with the pool's timeout after its retries. Does nothing by default.
     *
     * @throws SQLException the driver's reason
     */
    void probe(String jdbcUrl, String user, String password) throws SQLException {}

    /** Runs first on the connection that applies the migrations. */
    abstract void beginMigration(Connection connection, Statement statement) throws SQLException;

    /** Whether a long result streams by fetch size only inside a transaction. */
    abstract boolean streamsOnlyInTransaction();

    /** Runs inside a revocation's transaction, before it appends to the change log. */
    abstract void serialiseChangeLog(Connection connection) throws SQLException;

    /**
     * The migrations, in order; index + 1 is the schema version. Each statement is idempotent so
     * that two processes migrating at once cannot trip over each other.
     */
    List<List<String>> migrations() {
        return List.of(
                List.of(
                        """
                CREATE TABLE IF NOT EXISTS patgate_tokens (
                  id VARCHAR(12) PRIMARY KEY,
                  login VARCHAR(255) NOT NULL,
                  label VARCHAR(255) NOT NULL,
                  created_at BIGINT NOT NULL,
                  created_by VARCHAR(255) NOT NULL,
                  expires_at BIGINT,
                  refresh_window_s BIGINT,
                  last_used_at BIGINT,
                  last_used_ip VARCHAR(64),
                  scopes VARCHAR(8000) NOT NULL,
                  revoked_at BIGINT,
                  secret_digest VARCHAR(64) NOT NULL
                )""",
                        "CREATE INDEX IF NOT EXISTS patgate_tokens_login ON patgate_tokens (login)",
                        "CREATE TABLE IF NOT EXISTS patgate_token_changes (seq " + serialKey
                                + ", token_id VARCHAR(12) NOT NULL, changed_at BIGINT NOT NULL)"),
                // 2: the users' upstream (Pydio Cells) credentials, sealed with AES-GCM by the gateway
                List.of("""
                        CREATE TABLE IF NOT EXISTS patgate_upstream_credentials (
                          login VARCHAR(255) PRIMARY KEY,
                          kind VARCHAR(16) NOT NULL,
                          upstream_id VARCHAR(255),
                          sealed VARCHAR(8000) NOT NULL,
                          created_at BIGINT NOT NULL
                        )"""));
    }

    private static void createParentFolder(String path) {
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StoreException("cannot create the store's folder " + parent, e);
        }
    }
}
