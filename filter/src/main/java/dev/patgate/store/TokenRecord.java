package dev.patgate.store;

import dev.patgate.token.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the store keeps of a token: never the plaintext, only the HMAC digest of its secret.
 *
 * @param id the token's public id
 * @param login the owner's login
 * @param label a free-text label; empty when none was given
 * @param createdAt when the token was created
 * @param createdBy who created it (a login, or {@code "cli"})
 * @param expiresAt the hard limit; {@code null} when there is none
 * @param refreshWindow the sliding window; {@code null} when the token does not slide
 * @param lastUsedAt the last recorded use; {@code null} when never used
 * @param lastUsedIp the client address of that use; {@code null} when never used
 * @param scopes the node scopes; empty for an unscoped token
 * @param revokedAt when it was revoked; {@code null} while not revoked
 * @param secretDigest HMAC-SHA-256 of the secret under the deployment key
 */
public record TokenRecord(
        String id,
        String login,
        String label,
        Instant createdAt,
        String createdBy,
        Instant expiresAt,
        Duration refreshWindow,
        Instant lastUsedAt,
        String lastUsedIp,
        List<Scope> scopes,
        Instant revokedAt,
        byte[] secretDigest) {

    public TokenRecord {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(login, "login must not be null");
        Objects.requireNonNull(createdAt, "createdAt must not be null");
        Objects.requireNonNull(secretDigest, "secretDigest must not be null");
        label = label == null ? "" : label;
        createdBy = createdBy == null ? "" : createdBy;
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        if (expiresAt == null && refreshWindow == null) {
            throw new IllegalArgumentException("a token needs a hard expiry, a refresh window, or both");
        }
        if (refreshWindow != null && (refreshWindow.isNegative() || refreshWindow.isZero())) {
            throw new IllegalArgumentException("refreshWindow must be positive");
        }
    }

    /**
     * The instant the token stops being valid if it is not used again: the hard limit, or the
     * sliding window counted from the last use (from creation when never used), capped by the
     * hard limit when both are set.
     */
    public Instant validUntil() {
        return validUntil(null);
    }

    /**
     * Like {@link #validUntil()}, counting also a use not yet recorded here.
     *
     * @param laterUse a use known elsewhere (e.g. pending a write); {@code null} for none
     */
    public Instant validUntil(Instant laterUse) {
        if (refreshWindow == null) {
            return expiresAt;
        }
        Instant base = createdAt;
        if (lastUsedAt != null && lastUsedAt.isAfter(base)) {
            base = lastUsedAt;
        }
        if (laterUse != null && laterUse.isAfter(base)) {
            base = laterUse;
        }
        Instant sliding = base.plus(refreshWindow);
        return expiresAt != null && expiresAt.isBefore(sliding) ? expiresAt : sliding;
    }

    /** Whether the token is neither revoked nor expired at {@code now}. */
    public boolean isValidAt(Instant now) {
        return revokedAt == null && now.isBefore(validUntil());
    }

    /** Whether a use of the token pushes its expiry forward. */
    public boolean isSliding() {
        return refreshWindow != null;
    }

    /** A copy with the given last use, when it is later than the one recorded. */
    public TokenRecord withLastUse(Instant at, String ip) {
        if (lastUsedAt != null && !at.isAfter(lastUsedAt)) {
            return this;
        }
        return new TokenRecord(
                id,
                login,
                label,
                createdAt,
                createdBy,
                expiresAt,
                refreshWindow,
                at,
                ip,
                scopes,
                revokedAt,
                secretDigest);
    }

    @Override
    public String toString() {
        return "TokenRecord[id=" + id + ", login=" + login + ", scopes=" + scopes + "]";
    }
}
