package dev.patgate.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.patgate.token.Scope;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JDBC token store: an embedded SQLite file by default ({@code jdbc:sqlite:/path/patgate.db}),
 * PostgreSQL for clusters ({@code jdbc:postgresql://host/db}). Applies its schema migrations on open.
 *
 * <p>SQLite runs in WAL mode with a busy timeout, so the CLI and a running gateway can use the same
 * file at once. Instants are stored as epoch milliseconds, scopes as their canonical text separated
 * by spaces, the digest as base64.
 *
 * <p>It also holds the failure counts shared by the gateways on it ({@link FailureCounts}, table
 * {@code patgate_failures}).
 */
public final class JdbcTokenStore implements TokenStore, FailureCounts {

    private static final String COLUMNS = "id, login, label, created_at, created_by, expires_at, "
            + "refresh_window_s, last_used_at, last_used_ip, scopes, revoked_at, secret_digest";
    private static final String INSERT =
            "INSERT INTO patgate_tokens (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int PAGE = 1000;

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final Sql sql;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private Migrations.Outcome schema;

    private JdbcTokenStore(HikariDataSource dataSource, Dialect dialect, String jdbcUrl, String user, String password) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.sql = new Sql(dataSource);
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * Opens the store, creating the database file and applying migrations when needed.
     *
     * @param user may be {@code null} (SQLite)
     * @param password may be {@code null}
     * @throws IllegalArgumentException when the URL names neither SQLite nor PostgreSQL
     * @throws StoreException when the database cannot be reached or migrated; a PostgreSQL that is
     *     absent or refuses the connection fails within seconds, with the driver's reason
     */
    public static JdbcTokenStore open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, true);
    }

    /**
     * Opens the store like {@link #open(String, String, String)}, but with {@code migrate} false
     * only checks the schema: a store that still needs a migration is refused with one line, for
     * deployments that migrate as a separate step.
     */
    public static JdbcTokenStore open(String jdbcUrl, String user, String password, boolean migrate) {
        Dialect dialect = Dialect.of(jdbcUrl);
        try {
            dialect.probe(jdbcUrl, user, password);
        } catch (SQLException e) {
            throw new StoreException("cannot connect to the token store: " + e.getMessage(), e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("patgate-store");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(dialect.poolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(-1);
        dialect.configure(config, jdbcUrl);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the token store", e);
        }
        JdbcTokenStore store = new JdbcTokenStore(dataSource, dialect, jdbcUrl, user, password);
        try {
            store.schema = Migrations.apply(dataSource, dialect, migrate);
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw new StoreException("cannot open the token store: " + e.getMessage(), e);
        }
        return store;
    }

    /**
     * Has the connection pool report its statistics (connections active, idle, pending; acquire,
     * usage and creation times) to a metrics system, e.g. HikariCP's
     * {@code MicrometerMetricsTrackerFactory}. Once per store.
     *
     * @throws IllegalStateException when a factory was set before
     */
    public void reportPoolMetrics(com.zaxxer.hikari.metrics.MetricsTrackerFactory factory) {
        dataSource.setMetricsTrackerFactory(java.util.Objects.requireNonNull(factory, "factory must not be null"));
    }

    /** The schema's version, as Flyway names it (e.g. {@code 1}). */
    public String schemaVersion() {
        return schema.version();
    }

    /** How many migrations opening this store applied. */
    public int migrationsApplied() {
        return schema.applied();
    }

    /**
     * Every record, revoked and expired ones too, in id order, read in pages of
     * {@value #PAGE} rows (for export; no request ever reads all).
     */
    public void forEach(java.util.function.Consumer<TokenRecord> action) {
        forEachWithRotation((record, link) -> action.accept(record));
    }

    /**
     * As {@link #forEach(java.util.function.Consumer)}, with each record's place in its rotation
     * family ({@code null} for a token never rotated).
     */
    public void forEachWithRotation(java.util.function.BiConsumer<TokenRecord, RotationLink> action) {
        record Row(TokenRecord record, RotationLink link) {}
        String after = "";
        while (true) {
            String from = after;
            List<Row> page = sql.list(
                    "SELECT " + COLUMNS + ", family_id, rotated_to FROM patgate_tokens WHERE id > ? ORDER BY id LIMIT "
                            + PAGE,
                    ps -> ps.setString(1, from),
                    rs -> {
                        String family = rs.getString(13);
                        return new Row(read(rs), family == null ? null : new RotationLink(family, rs.getString(14)));
                    },
                    "cannot read the tokens");
            page.forEach(row -> action.accept(row.record(), row.link()));
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1).record().id();
        }
    }

    /** How many records the store holds, revoked and expired ones included. */
    public long count() {
        return sql.one(
                        "SELECT COUNT(*) FROM patgate_tokens",
                        Sql.Binder.NONE,
                        rs -> rs.getLong(1),
                        "cannot count the tokens")
                .orElse(0L);
    }

    /**
     * Adds records in one transaction: all of them or, when any fails (an id that exists), none.
     *
     * @return how many were added
     * @throws StoreException naming the first id that could not be added
     */
    public int insertAll(Collection<TokenRecord> records) {
        return insertAll(records, Map.of());
    }

    /**
     * As {@link #insertAll(Collection)}, and puts the given tokens back in their rotation families
     * (keyed by token id; each id must be one of the records).
     */
    public int insertAll(Collection<TokenRecord> records, Map<String, RotationLink> links) {
        return sql.transaction(
                c -> {
                    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                        int pending = 0;
                        for (TokenRecord r : records) {
                            bindRecord(ps, r);
                            ps.addBatch();
                            if (++pending == PAGE) {
                                ps.executeBatch();
                                pending = 0;
                            }
                        }
                        ps.executeBatch();
                    }
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE patgate_tokens SET family_id = ?, rotated_to = ? WHERE id = ?")) {
                        int pending = 0;
                        for (Map.Entry<String, RotationLink> link : links.entrySet()) {
                            ps.setString(1, link.getValue().familyId());
                            ps.setString(2, link.getValue().rotatedTo());
                            ps.setString(3, link.getKey());
                            ps.addBatch();
                            if (++pending == PAGE) {
                                ps.executeBatch();
                                pending = 0;
                            }
                        }
                        ps.executeBatch();
                    }
                    return records.size();
                },
                "cannot add the tokens (none was added)");
    }

    @Override
    public void insert(TokenRecord r) {
        sql.update(INSERT, ps -> bindRecord(ps, r), "cannot insert token " + r.id());
    }

    @Override
    public Optional<TokenRecord> findById(String id) {
        return sql.one(
                "SELECT " + COLUMNS + " FROM patgate_tokens WHERE id = ?",
                ps -> ps.setString(1, id),
                JdbcTokenStore::read,
                "cannot read token " + id);
    }

    @Override
    public List<TokenRecord> findLive(Instant now, int limit) {
        if (limit < 1) {
            return List.of();
        }
        String query = "SELECT " + COLUMNS + " FROM patgate_tokens WHERE revoked_at IS NULL"
                + " AND (expires_at IS NULL OR expires_at > ?)"
                + " AND (refresh_window_s IS NULL OR COALESCE(last_used_at, created_at) + refresh_window_s * 1000 > ?)"
                + " ORDER BY COALESCE(last_used_at, created_at) DESC, id LIMIT ?";
        Sql.Binder binder = ps -> {
            ps.setFetchSize(1000);
            ps.setLong(1, now.toEpochMilli());
            ps.setLong(2, now.toEpochMilli());
            ps.setInt(3, limit);
        };
        String failure = "cannot read the live tokens";
        List<TokenRecord> rows = dialect.streamsOnlyInTransaction()
                ? sql.transaction(c -> Sql.list(c, query, binder, JdbcTokenStore::read, Integer.MAX_VALUE), failure)
                : sql.list(query, binder, JdbcTokenStore::read, failure);
        return rows.stream().filter(record -> record.isValidAt(now)).toList();
    }

    @Override
    public List<TokenRecord> findByLogin(String login) {
        return sql.list(
                "SELECT " + COLUMNS + " FROM patgate_tokens WHERE login = ? ORDER BY created_at DESC, id",
                ps -> ps.setString(1, login),
                JdbcTokenStore::read,
                "cannot list the tokens of a user");
    }

    @Override
    public boolean revoke(String id, Instant at) {
        return sql.transaction(
                c -> {
                    int revoked = Sql.update(
                            c, "UPDATE patgate_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", ps -> {
                                ps.setLong(1, at.toEpochMilli());
                                ps.setString(2, id);
                            });
                    if (revoked == 0) {
                        return false;
                    }
                    dialect.serialiseChangeLog(c);
                    Sql.update(c, "INSERT INTO patgate_token_changes (token_id, changed_at) VALUES (?, ?)", ps -> {
                        ps.setString(1, id);
                        ps.setLong(2, at.toEpochMilli());
                    });
                    dialect.announceChange(c);
                    return true;
                },
                "cannot revoke token " + id);
    }

    /**
     * One transaction: marks the rows first (so that on SQLite the transaction is a writer from its
     * first statement and never has to upgrade a read lock), then reads back the ids it marked by
     * their revocation time, and logs a change for each.
     */
    @Override
    public List<String> revokeByLogin(String login, Instant at) {
        long millis = at.toEpochMilli();
        return sql.transaction(
                c -> {
                    int revoked = Sql.update(
                            c,
                            "UPDATE patgate_tokens SET revoked_at = ? WHERE login = ? AND revoked_at IS NULL",
                            ps -> {
                                ps.setLong(1, millis);
                                ps.setString(2, login);
                            });
                    if (revoked == 0) {
                        return List.<String>of();
                    }
                    // may also name a token revoked alone in the same millisecond: one more change
                    // notice for it is harmless, a missing one would not be
                    List<String> ids = Sql.list(
                            c,
                            "SELECT id FROM patgate_tokens WHERE login = ? AND revoked_at = ? ORDER BY id",
                            ps -> {
                                ps.setString(1, login);
                                ps.setLong(2, millis);
                            },
                            rs -> rs.getString(1),
                            Integer.MAX_VALUE);
                    dialect.serialiseChangeLog(c);
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO patgate_token_changes (token_id, changed_at) VALUES (?, ?)")) {
                        for (String id : ids) {
                            ps.setString(1, id);
                            ps.setLong(2, millis);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    dialect.announceChange(c);
                    return ids;
                },
                "cannot revoke the tokens of a user");
    }

    /**
     * One transaction: marks the old row (a writer from the first statement, as in
     * {@link #revokeByLogin}), reads its family, inserts the successor into it, logs the change.
     */
    @Override
    public boolean rotate(String oldId, TokenRecord replacement, Instant at) {
        long millis = at.toEpochMilli();
        return sql.transaction(
                c -> {
                    int marked = Sql.update(
                            c,
                            "UPDATE patgate_tokens SET revoked_at = ?, rotated_to = ?,"
                                    + " family_id = COALESCE(family_id, id) WHERE id = ? AND revoked_at IS NULL",
                            ps -> {
                                ps.setLong(1, millis);
                                ps.setString(2, replacement.id());
                                ps.setString(3, oldId);
                            });
                    if (marked == 0) {
                        return false;
                    }
                    String family = Sql.list(
                                    c,
                                    "SELECT family_id FROM patgate_tokens WHERE id = ?",
                                    ps -> ps.setString(1, oldId),
                                    rs -> rs.getString(1),
                                    1)
                            .get(0);
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO patgate_tokens (" + COLUMNS
                            + ", family_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        bindRecord(ps, replacement);
                        ps.setString(13, family);
                        ps.executeUpdate();
                    }
                    logChanges(c, List.of(oldId), millis);
                    return true;
                },
                "cannot rotate token " + oldId);
    }

    @Override
    public Optional<String> rotatedAwayFamily(String id) {
        return sql.one(
                "SELECT family_id FROM patgate_tokens WHERE id = ? AND rotated_to IS NOT NULL",
                ps -> ps.setString(1, id),
                rs -> rs.getString(1),
                "cannot read token " + id);
    }

    @Override
    public List<String> revokeFamily(String familyId, Instant at) {
        long millis = at.toEpochMilli();
        return sql.transaction(
                c -> {
                    int revoked = Sql.update(
                            c,
                            "UPDATE patgate_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL",
                            ps -> {
                                ps.setLong(1, millis);
                                ps.setString(2, familyId);
                            });
                    if (revoked == 0) {
                        return List.<String>of();
                    }
                    List<String> ids = Sql.list(
                            c,
                            // the tokens rotated away were revoked before; only the family's newest is not
                            "SELECT id FROM patgate_tokens WHERE family_id = ? AND revoked_at = ?"
                                    + " AND rotated_to IS NULL ORDER BY id",
                            ps -> {
                                ps.setString(1, familyId);
                                ps.setLong(2, millis);
                            },
                            rs -> rs.getString(1),
                            Integer.MAX_VALUE);
                    logChanges(c, ids, millis);
                    return ids;
                },
                "cannot revoke a rotation family");
    }

    @Override
    public List<TokenRecord> findAll() {
        return sql.list(
                "SELECT " + COLUMNS + " FROM patgate_tokens ORDER BY created_at DESC, id",
                Sql.Binder.NONE,
                JdbcTokenStore::read,
                "cannot list the tokens");
    }

    /** Selects the ids first, then deletes exactly those, and announces each as a change. */
    @Override
    public List<String> prune(Instant before) {
        long millis = before.toEpochMilli();
        String stale = " FROM patgate_tokens WHERE revoked_at < ? OR expires_at < ?"
                + " OR (refresh_window_s IS NOT NULL AND COALESCE(last_used_at, created_at) + refresh_window_s * 1000 < ?)";
        Sql.Binder binder = ps -> {
            ps.setLong(1, millis);
            ps.setLong(2, millis);
            ps.setLong(3, millis);
        };
        return sql.transaction(
                c -> {
                    // a writer from the first statement on SQLite: no read lock to upgrade
                    Sql.update(c, "UPDATE patgate_token_changes SET seq = seq WHERE seq < 0", Sql.Binder.NONE);
                    List<String> ids = Sql.list(
                            c, "SELECT id" + stale + " ORDER BY id", binder, rs -> rs.getString(1), Integer.MAX_VALUE);
                    if (ids.isEmpty()) {
                        return ids;
                    }
                    Sql.update(c, "DELETE" + stale, binder);
                    logChanges(c, ids, millis);
                    return ids;
                },
                "cannot prune tokens");
    }

    private void logChanges(java.sql.Connection c, List<String> ids, long millis) throws SQLException {
        dialect.serialiseChangeLog(c);
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO patgate_token_changes (token_id, changed_at) VALUES (?, ?)")) {
            for (String id : ids) {
                ps.setString(1, id);
                ps.setLong(2, millis);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public void recordUses(Collection<TokenUse> uses) {
        if (uses.isEmpty()) {
            return;
        }
        String update = "UPDATE patgate_tokens SET last_used_at = ?, last_used_ip = ? "
                + "WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)";
        sql.transaction(
                c -> {
                    try (PreparedStatement ps = c.prepareStatement(update)) {
                        for (TokenUse use : uses) {
                            long at = use.at().toEpochMilli();
                            ps.setLong(1, at);
                            ps.setString(2, use.clientIp());
                            ps.setString(3, use.tokenId());
                            ps.setLong(4, at);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    return null;
                },
                "cannot record token uses");
    }

    @Override
    public Changes changesSince(long cursor) {
        String failure = "cannot read token changes";
        if (cursor < 0) {
            long last = sql.one(
                            "SELECT MAX(seq) FROM patgate_token_changes", Sql.Binder.NONE, rs -> rs.getLong(1), failure)
                    .orElse(0L);
            return new Changes(last, List.of());
        }
        record Change(long seq, String tokenId) {}
        List<Change> changes = sql.list(
                "SELECT seq, token_id FROM patgate_token_changes WHERE seq > ? ORDER BY seq",
                ps -> ps.setLong(1, cursor),
                rs -> new Change(rs.getLong(1), rs.getString(2)),
                failure);
        long next = changes.isEmpty() ? cursor : changes.get(changes.size() - 1).seq();
        return new Changes(next, changes.stream().map(Change::tokenId).toList());
    }

    /**
     * On PostgreSQL, pushes revocations through LISTEN/NOTIFY on a connection of its own, outside the
     * pool, made again whenever it is lost; on SQLite nothing is pushed.
     */
    @Override
    public Subscription subscribe(Runnable onChange) {
        return dialect.subscribe(jdbcUrl, user, password, java.util.Objects.requireNonNull(onChange));
    }

    /**
     * One upsert per subject that adds to the row, in one transaction, in (kind, subject) order so
     * that two instances adding the same rows take their locks in the same order (no deadlock).
     */
    @Override
    public void addFailures(Collection<FailureCounts.Increment> increments, Instant forgottenBefore) {
        if (increments.isEmpty()) {
            return;
        }
        List<FailureCounts.Increment> ordered = increments.stream()
                .sorted(java.util.Comparator.comparing(FailureCounts.Increment::kind)
                        .thenComparing(FailureCounts.Increment::subject))
                .toList();
        String upsert = "INSERT INTO patgate_failures (kind, subject, failures, last_failure_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (kind, subject) DO UPDATE SET"
                + " failures = CASE WHEN patgate_failures.last_failure_at < ? THEN excluded.failures"
                + " ELSE patgate_failures.failures + excluded.failures END,"
                + " last_failure_at = CASE WHEN excluded.last_failure_at > patgate_failures.last_failure_at"
                + " THEN excluded.last_failure_at ELSE patgate_failures.last_failure_at END";
        long forgotten = forgottenBefore.toEpochMilli();
        sql.transaction(
                c -> {
                    try (PreparedStatement ps = c.prepareStatement(upsert)) {
                        int pending = 0;
                        for (FailureCounts.Increment increment : ordered) {
                            ps.setString(1, increment.kind());
                            ps.setString(2, increment.subject());
                            ps.setLong(3, increment.failures());
                            ps.setLong(4, increment.lastFailure().toEpochMilli());
                            ps.setLong(5, forgotten);
                            ps.addBatch();
                            if (++pending == PAGE) {
                                ps.executeBatch();
                                pending = 0;
                            }
                        }
                        ps.executeBatch();
                    }
                    return null;
                },
                "cannot add failure counts");
    }

    @Override
    public List<FailureCounts.Total> recentFailures(
            Collection<String> kinds, long minFailures, Instant since, int limit) {
        if (kinds.isEmpty() || limit < 1) {
            return List.of();
        }
        List<String> kindList = List.copyOf(kinds);
        return sql.list(
                "SELECT kind, subject, failures, last_failure_at FROM patgate_failures WHERE kind IN ("
                        + placeholders(kindList.size()) + ") AND last_failure_at > ? AND failures >= ?"
                        + " ORDER BY last_failure_at DESC LIMIT ?",
                ps -> {
                    int i = bindAll(ps, kindList);
                    ps.setLong(i++, since.toEpochMilli());
                    ps.setLong(i++, minFailures);
                    ps.setInt(i, limit);
                },
                rs -> new FailureCounts.Total(
                        rs.getString(1), rs.getString(2), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4))),
                "cannot read failure counts");
    }

    @Override
    public int pruneFailures(Collection<String> kinds, Instant before) {
        if (kinds.isEmpty()) {
            return 0;
        }
        List<String> kindList = List.copyOf(kinds);
        return sql.update(
                "DELETE FROM patgate_failures WHERE kind IN (" + placeholders(kindList.size())
                        + ") AND last_failure_at < ?",
                ps -> ps.setLong(bindAll(ps, kindList), before.toEpochMilli()),
                "cannot prune failure counts");
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /** Binds {@code values} from parameter 1 on; answers the next parameter's index. */
    private static int bindAll(PreparedStatement ps, List<String> values) throws SQLException {
        int i = 1;
        for (String value : values) {
            ps.setString(i++, value);
        }
        return i;
    }

    /** Binds the 12 columns of {@link #COLUMNS} from a record. */
    private static void bindRecord(PreparedStatement ps, TokenRecord r) throws SQLException {
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
        ps.setString(
                10, String.join(" ", r.scopes().stream().map(Scope::toString).toList()));
        setMillis(ps, 11, r.revokedAt());
        ps.setString(12, Base64.getEncoder().encodeToString(r.secretDigest()));
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
        List<Scope> scopes = scopeText.isEmpty()
                ? List.of()
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
