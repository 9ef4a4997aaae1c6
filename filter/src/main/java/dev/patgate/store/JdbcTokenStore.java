package dev.patgate.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patgate.scope.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The JDBC token store: an embedded SQLite file by default ({@code jdbc:sqlite:/path/patgate.db}),
 * PostgreSQL for clusters ({@code jdbc:postgresql://host/db}). Applies its schema migrations on open.
 *
 * <p>SQLite runs in WAL mode with a busy timeout, so the CLI and a running gateway can use the same
 * file at once. Instants are stored as epoch milliseconds, scopes as their canonical text separated
 * by spaces, the digest as base64.
 */
public final class JdbcTokenStore implements TokenStore {

    private static final String COLUMNS = "id, login, label, created_at, created_by, expires_at, "
            + "refresh_window_s, last_used_at, last_used_ip, scopes, revoked_at, secret_digest";

    private final HikariDataSource dataSource;
    private final Dialect dialect;

    private JdbcTokenStore(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /**
     * Opens the store, creating the database file and applying migrations when needed.
     *
     * @param user may be {@code null} (SQLite)
     * @param password may be {@code null}
     * @throws IllegalArgumentException when the URL names neither SQLite nor PostgreSQL
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static JdbcTokenStore open(String jdbcUrl, String user, String password) {
        Dialect dialect = Dialect.of(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setPoolName("patgate-store");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(dialect == Dialect.SQLITE ? 4 : 8);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(-1);
        if (dialect == Dialect.SQLITE) {
            createParentFolder(jdbcUrl);
            config.setConnectionInitSql("PRAGMA busy_timeout = 10000");
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the token store", e);
        }
        JdbcTokenStore store = new JdbcTokenStore(dataSource, dialect);
        try {
            store.migrate(dialect);
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw new StoreException("cannot open the token store: " + e.getMessage(), e);
        }
        return store;
    }

    private static void createParentFolder(String jdbcUrl) {
        String path = jdbcUrl.substring("jdbc:sqlite:".length());
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
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create the store's folder " + parent, e);
        }
    }

    private void migrate(Dialect dialect) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            if (dialect == Dialect.SQLITE) {
                s.execute("PRAGMA journal_mode = WAL");
            } else {
                c.setAutoCommit(false);
                s.execute("SELECT pg_advisory_xact_lock(7205351)");
            }
            s.execute("CREATE TABLE IF NOT EXISTS patgate_schema (version INTEGER NOT NULL)");
            int current = 0;
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM patgate_schema")) {
                if (rs.next()) {
                    current = rs.getInt(1);
                }
            }
            List<List<String>> migrations = dialect.migrations();
            if (current > migrations.size()) {
                throw new SQLException("the store's schema version " + current
                        + " is newer than this patgate understands (" + migrations.size() + ")");
            }
            for (int version = current + 1; version <= migrations.size(); version++) {
                for (String sql : migrations.get(version - 1)) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO patgate_schema (version) VALUES (" + version + ")");
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    @Override
    public void insert(TokenRecord r) {
        String sql = "INSERT INTO patgate_tokens (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, r.id());
            ps.setString(2, r.login());
            ps.setString(3, r.label());
            ps.setLong(4, r.createdAt().toEpochMilli());
            ps.setString(5, r.createdBy());
            setMillis(ps, 6, r.expiresAt());
            if (r.refreshWindow() == null) {
                ps.setNull(7, Types.BIGINT);
            } else {
                ps.setLong(7, r.refreshWindow().getSeconds());
            }
            setMillis(ps, 8, r.lastUsedAt());
            ps.setString(9, r.lastUsedIp());
            ps.setString(10, String.join(" ", r.scopes().stream().map(Scope::toString).toList()));
            setMillis(ps, 11, r.revokedAt());
            ps.setString(12, Base64.getEncoder().encodeToString(r.secretDigest()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot insert token " + r.id(), e);
        }
    }

    @Override
    public Optional<TokenRecord> findById(String id) {
        String sql = "SELECT " + COLUMNS + " FROM patgate_tokens WHERE id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read token " + id, e);
        }
    }

    @Override
    public List<TokenRecord> findLive(Instant now, int limit) {
        if (limit < 1) {
            return List.of();
        }
        String sql = "SELECT " + COLUMNS + " FROM patgate_tokens WHERE revoked_at IS NULL"
                + " AND (expires_at IS NULL OR expires_at > ?)"
                + " AND (refresh_window_s IS NULL OR COALESCE(last_used_at, created_at) + refresh_window_s * 1000 > ?)"
                + " ORDER BY COALESCE(last_used_at, created_at) DESC, id LIMIT ?";
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (dialect == Dialect.POSTGRESQL) {
                c.setAutoCommit(false); // pgjdbc streams rows by fetch size only inside a transaction
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(1000);
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                ps.setInt(3, limit);
                List<TokenRecord> records = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        TokenRecord record = read(rs);
                        if (record.isValidAt(now)) {
                            records.add(record);
                        }
                    }
                }
                return records;
            } finally {
                if (c.getAutoCommit() != autoCommit) {
                    c.rollback();
                    c.setAutoCommit(autoCommit);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the live tokens", e);
        }
    }

    @Override
    public List<TokenRecord> findByLogin(String login) {
        String sql = "SELECT " + COLUMNS + " FROM patgate_tokens WHERE login = ? ORDER BY created_at DESC, id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, login);
            List<TokenRecord> records = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(read(rs));
                }
            }
            return records;
        } catch (SQLException e) {
            throw new StoreException("cannot list the tokens of a user", e);
        }
    }

    @Override
    public boolean revoke(String id, Instant at) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE patgate_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
                    PreparedStatement change = c.prepareStatement(
                            "INSERT INTO patgate_token_changes (token_id, changed_at) VALUES (?, ?)")) {
                update.setLong(1, at.toEpochMilli());
                update.setString(2, id);
                if (update.executeUpdate() == 0) {
                    c.rollback();
                    return false;
                }
                if (dialect == Dialect.POSTGRESQL) {
                    // Serialise change-log writers so that seq order is commit order: otherwise a
                    // poller could move its cursor past a lower seq that commits later, and miss it.
                    try (Statement lock = c.createStatement()) {
                        lock.execute("LOCK TABLE patgate_token_changes IN SHARE ROW EXCLUSIVE MODE");
                    }
                }
                change.setString(1, id);
                change.setLong(2, at.toEpochMilli());
                change.executeUpdate();
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot revoke token " + id, e);
        }
    }

    @Override
    public void recordUses(Collection<TokenUse> uses) {
        if (uses.isEmpty()) {
            return;
        }
        String sql = "UPDATE patgate_tokens SET last_used_at = ?, last_used_ip = ? "
                + "WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (TokenUse use : uses) {
                    long at = use.at().toEpochMilli();
                    ps.setLong(1, at);
                    ps.setString(2, use.clientIp());
                    ps.setString(3, use.tokenId());
                    ps.setLong(4, at);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot record token uses", e);
        }
    }

    @Override
    public Changes changesSince(long cursor) {
        try (Connection c = dataSource.getConnection()) {
            if (cursor < 0) {
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT MAX(seq) FROM patgate_token_changes")) {
                    rs.next();
                    return new Changes(rs.getLong(1), List.of());
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, token_id FROM patgate_token_changes WHERE seq > ? ORDER BY seq")) {
                ps.setLong(1, cursor);
                long next = cursor;
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        next = rs.getLong(1);
                        ids.add(rs.getString(2));
                    }
                }
                return new Changes(next, ids);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read token changes", e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** Reads a row selected with {@link #COLUMNS}, by position: name lookups cost more than the query. */
    private static TokenRecord read(ResultSet rs) throws SQLException {
        long window = rs.getLong(7);
        Duration refreshWindow = rs.wasNull() ? null : Duration.ofSeconds(window);
        String scopeText = rs.getString(10);
        List<Scope> scopes = scopeText.isEmpty() ? List.of()
                : Arrays.stream(scopeText.split(" ")).map(Scope::parse).toList();
        return new TokenRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                Instant.ofEpochMilli(rs.getLong(4)),
                rs.getString(5),
                millis(rs, 6),
                refreshWindow,
                millis(rs, 8),
                rs.getString(9),
                scopes,
                millis(rs, 11),
                Base64.getDecoder().decode(rs.getString(12)));
    }

    private static Instant millis(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    private static void setMillis(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }
}
