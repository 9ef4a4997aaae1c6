package dev.patgate.store;

import com.zaxxer.hikari.HikariConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

/**
 * Everything in which SQLite and PostgreSQL differ, so that {@link JdbcTokenStore} holds one SQL text
 * for both and asks its dialect at the few points where they part.
 */
enum Dialect {
    SQLITE("jdbc:sqlite:", "sqlite", 4) {
        @Override
        void configure(HikariConfig config, String jdbcUrl) {
            createParentFolder(jdbcUrl.substring(prefix().length()));
            config.setConnectionInitSql("PRAGMA busy_timeout = 10000");
        }

        @Override
        void prepareSchema(Connection connection) throws SQLException {
            // WAL lets the CLI write while a running gateway reads the same file
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode = WAL");
            }
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

    POSTGRESQL("jdbc:postgresql:", "postgresql", 8) {
        @Override
        void configure(HikariConfig config, String jdbcUrl) {
            CONNECT_TIMEOUTS.forEach(config::addDataSourceProperty);
        }

        @Override
        void probe(String jdbcUrl, String user, String password) throws SQLException {
            try (Connection connection = DriverManager.getConnection(jdbcUrl, connectionProperties(user, password))) {
                connection.isValid(CONNECT_TIMEOUT_SECONDS);
            }
        }

        @Override
        void announceChange(Connection connection) throws SQLException {
            // delivered to every listener when the transaction commits, and never if it rolls back
            try (Statement notify = connection.createStatement()) {
                notify.execute("NOTIFY " + ChangeListener.CHANNEL);
            }
        }

        @Override
        TokenStore.Subscription subscribe(String jdbcUrl, String user, String password, Runnable onChange) {
            return new ChangeListener(jdbcUrl, connectionProperties(user, password), onChange).start();
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
    private final String migrationFolder;
    private final int poolSize;

    Dialect(String prefix, String migrationFolder, int poolSize) {
        this.prefix = prefix;
        this.migrationFolder = migrationFolder;
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

    /** The folder of this database's migrations, under {@code dev/patgate/store/migration/}. */
    String migrationFolder() {
        return migrationFolder;
    }

    /** Runs once on opening, before the migrations. Does nothing by default. */
    void prepareSchema(Connection connection) throws SQLException {}

    /** Runs inside a revocation's transaction, after it appended to the change log. Nothing by default. */
    void announceChange(Connection connection) throws SQLException {}

    /** Pushes revocations to {@code onChange} as they commit; by default nothing is pushed. */
    TokenStore.Subscription subscribe(String jdbcUrl, String user, String password, Runnable onChange) {
        return TokenStore.Subscription.NONE;
    }

    /** The driver properties of a connection outside the pool: the credentials and the timeouts. */
    static Properties connectionProperties(String user, String password) {
        Properties properties = new Properties();
        properties.putAll(CONNECT_TIMEOUTS);
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    /** Whether a long result streams by fetch size only inside a transaction. */
    abstract boolean streamsOnlyInTransaction();

    /** Runs inside a revocation's transaction, before it appends to the change log. */
    abstract void serialiseChangeLog(Connection connection) throws SQLException;

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
