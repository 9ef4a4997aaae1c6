package dev.patgate.gateway.cells;

import dev.patgate.gateway.config.StoreConfig;
import dev.patgate.store.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The users' Cells credentials in the token store's database (table
 * {@code patgate_upstream_credentials}, created by the store's migration 2), each token sealed by
 * {@link CredentialCipher}. Written rarely (a mint, a renewal, a registration), read at start and
 * on a user's first request: it opens one plain JDBC connection per call rather than a pool.
 * Nothing here logs or throws a token.
 */
public final class CredentialStore {

    private static final String TABLE = "patgate_upstream_credentials";

    private final StoreConfig store;
    private final CredentialCipher cipher;

    /** @param key the 32 bytes of {@code upstream.key} */
    public CredentialStore(StoreConfig store, byte[] key) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.cipher = new CredentialCipher(key);
    }

    /** Replaces the login's credential (one per login). */
    void put(StoredCredential credential) {
        String sealed = cipher.seal(credential.login(), credential.token());
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + TABLE + " WHERE login = ?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                            + " (login, kind, upstream_id, sealed, created_at) VALUES (?, ?, ?, ?, ?)")) {
                delete.setString(1, credential.login());
                delete.executeUpdate();
                insert.setString(1, credential.login());
                insert.setString(2, credential.kind().name());
                insert.setString(3, credential.upstreamId());
                insert.setString(4, sealed);
                insert.setLong(5, credential.createdAt().toEpochMilli());
                insert.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot write an upstream credential (" + e.getSQLState() + ")", e);
        }
    }

    /** The login's credential; empty when there is none. */
    Optional<StoredCredential> find(String login) {
        List<StoredCredential> found =
                query("SELECT login, kind, upstream_id, sealed, created_at FROM " + TABLE + " WHERE login = ?", login);
        return found.stream().findFirst();
    }

    /** Every stored credential (at start, to warm the cache). A row that does not open is skipped. */
    List<StoredCredential> all() {
        return query("SELECT login, kind, upstream_id, sealed, created_at FROM " + TABLE, null);
    }

    /** Drops the login's credential; whether there was one. */
    boolean delete(String login) {
        try (Connection c = connect();
                PreparedStatement delete = c.prepareStatement("DELETE FROM " + TABLE + " WHERE login = ?")) {
            delete.setString(1, login);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("cannot delete an upstream credential (" + e.getSQLState() + ")", e);
        }
    }

    private List<StoredCredential> query(String sql, String login) {
        List<StoredCredential> result = new ArrayList<>();
        try (Connection c = connect();
                PreparedStatement select = c.prepareStatement(sql)) {
            if (login != null) {
                select.setString(1, login);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String owner = rs.getString(1);
                    String token;
                    try {
                        token = cipher.open(owner, rs.getString(4));
                    } catch (IllegalArgumentException e) {
                        // another key, or an altered row: as if there were none, and said once
                        org.slf4j.LoggerFactory.getLogger(CredentialStore.class)
                                .warn("upstream credential of {} ignored: {}", owner, e.getMessage());
                        continue;
                    }
                    result.add(new StoredCredential(
                            owner,
                            StoredCredential.Kind.valueOf(rs.getString(2)),
                            rs.getString(3),
                            token,
                            Instant.ofEpochMilli(rs.getLong(5))));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read upstream credentials (" + e.getSQLState() + ")", e);
        }
        return result;
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (store.user() != null) {
            properties.setProperty("user", store.user());
        }
        if (store.password() != null) {
            properties.setProperty("password", store.password());
        }
        Connection c = DriverManager.getConnection(store.url(), properties);
        if (store.url().startsWith("jdbc:sqlite:")) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }
}
