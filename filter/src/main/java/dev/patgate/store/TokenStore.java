package dev.patgate.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where token records live. Implementations are thread-safe and may be shared by several processes
 * (the CLI and a running gateway) and several gateway instances. Requests look up by id; only
 * {@link #findLive} reads many rows, once when a gateway starts.
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

    /**
     * Records that may still be in use at {@code now}, for warming a cache after a restart: not
     * revoked, not past their hard expiry, and, for sliding tokens, not past their window as last
     * recorded. Most recently used (or created) first, at most {@code limit}.
     */
    List<TokenRecord> findLive(java.time.Instant now, int limit);

    /** The records of one user, newest first. */
    List<TokenRecord> findByLogin(String login);

    /**
     * Marks the token revoked at {@code at}.
     *
     * @return false when no such token exists or it was already revoked
     */
    boolean revoke(String id, java.time.Instant at);

    /**
     * Revokes every token of {@code login} not yet revoked, at {@code at}, and announces each
     * through {@link #changesSince} like a single revocation. Expired tokens are revoked too, so that
     * none comes back if the clock or the policy changes. The default revokes them one by one; a
     * store should do it in one transaction.
     *
     * @return the ids of the tokens this call revoked; empty when there were none
     */
    default List<String> revokeByLogin(String login, java.time.Instant at) {
        return findByLogin(login).stream()
                .filter(record -> record.revokedAt() == null)
                .map(TokenRecord::id)
                .filter(id -> revoke(id, at))
                .toList();
    }

    /**
     * Rotates a token in one transaction: revokes {@code oldId} at {@code at}, marks it rotated away
     * (to {@code replacement}), inserts {@code replacement} into the old token's rotation family and
     * announces the revocation through {@link #changesSince}. The family is the id of the family's
     * first token.
     *
     * @return false, with nothing changed, when no such token exists or it is already revoked
     */
    default boolean rotate(String oldId, TokenRecord replacement, java.time.Instant at) {
        throw new UnsupportedOperationException("this store cannot rotate tokens");
    }

    /**
     * The rotation family of a token that was rotated away; empty for any other token (never
     * rotated, or revoked plainly).
     */
    default Optional<String> rotatedAwayFamily(String id) {
        return Optional.empty();
    }

    /**
     * Revokes every token of a rotation family not yet revoked, at {@code at}, announcing each
     * through {@link #changesSince}.
     *
     * @return the ids of the tokens this call revoked
     */
    default List<String> revokeFamily(String familyId, java.time.Instant at) {
        throw new UnsupportedOperationException("this store cannot revoke a rotation family");
    }

    /** Every record, newest first (an operator's listing). */
    default List<TokenRecord> findAll() {
        throw new UnsupportedOperationException("this store cannot list all tokens");
    }

    /**
     * Deletes the records revoked before {@code before}, and those whose expiry (hard, or the
     * sliding window as last recorded) lies before it.
     *
     * @return the ids deleted
     */
    default List<String> prune(java.time.Instant before) {
        throw new UnsupportedOperationException("this store cannot prune tokens");
    }

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
    record Changes(long cursor, List<String> tokenIds) {}

    @Override
    void close();
}
