package dev.patgate.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where token records live. Implementations are thread-safe and may be shared by several processes
 * (the CLI and a running gateway) and several gateway instances. Lookups are by id; nothing scans.
 */
public interface TokenStore extends AutoCloseable {

    /**
     * Adds a new record.
     *
     * @throws StoreException when it cannot be written, or the id exists already
     */
    void insert(TokenRecord record);

    /** The record with this id, or empty when there is none. */
    Optional<TokenRecord> findById(String id);

    /** The records of one user, newest first. */
    List<TokenRecord> findByLogin(String login);

    /**
     * Marks the token revoked at {@code at}.
     *
     * @return false when no such token exists or it was already revoked
     */
    boolean revoke(String id, java.time.Instant at);

    /**
     * Records uses in one batch. A use only ever moves {@code last_used_at} forward: an older use
     * than the one stored is ignored.
     */
    void recordUses(Collection<TokenUse> uses);

    /**
     * Ids of tokens revoked or deleted after {@code cursor}, with the cursor to pass next time.
     * Gateways poll this to drop revoked tokens from their caches.
     */
    Changes changesSince(long cursor);

    /** A page of revocation changes. */
    record Changes(long cursor, List<String> tokenIds) {
    }

    @Override
    void close();
}
