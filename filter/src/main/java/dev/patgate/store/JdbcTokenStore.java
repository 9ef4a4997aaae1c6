package dev.patgate.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The JDBC token store: an embedded SQLite file by default ({@code jdbc:sqlite:/path/patgate.db}),
 * PostgreSQL for clusters ({@code jdbc:postgresql://host/db}). Applies its schema migrations on open.
 */
public final class JdbcTokenStore implements TokenStore {

    // Implementation in progress.

    private JdbcTokenStore() {
    }

    /**
     * Opens the store, creating the database file and applying migrations when needed.
     *
     * @param user may be {@code null} (SQLite)
     * @param password may be {@code null}
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static JdbcTokenStore open(String jdbcUrl, String user, String password) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void insert(TokenRecord record) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Optional<TokenRecord> findById(String id) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public List<TokenRecord> findByLogin(String login) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public boolean revoke(String id, Instant at) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void recordUses(Collection<TokenUse> uses) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Changes changesSince(long cursor) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void close() {
    }
}
