package dev.patgate.auth;

import dev.patgate.store.TokenRecord;
import dev.patgate.store.TokenStore;
import dev.patgate.token.PersonalToken;
import dev.patgate.token.TokenDigester;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Creates tokens: draws id and secret, digests the secret, stores the record. */
public final class TokenIssuer {

    private final TokenStore store;
    private final TokenDigester digester;
    private final Clock clock;
    private final Duration maxLifetime;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param maxLifetime the operator's cap on a token's hard expiry; {@code null} for no cap. With a
     *        cap, a token must have a hard expiry no longer than it (a purely sliding token could
     *        otherwise live forever).
     */
    public TokenIssuer(TokenStore store, TokenDigester digester, Clock clock, Duration maxLifetime) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.digester = Objects.requireNonNull(digester, "digester must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.maxLifetime = maxLifetime;
    }

    /**
     * Checks a hard expiry against the lifetime cap: with a cap, a token needs a hard expiry no longer
     * than it. The one home of that rule; {@link #issue} applies it too.
     *
     * @param hardLimit the requested hard expiry, {@code null} for none
     * @throws LifetimeCapException when the cap is broken
     */
    public void checkLifetime(Duration hardLimit) {
        if (maxLifetime != null && (hardLimit == null || hardLimit.compareTo(maxLifetime) > 0)) {
            throw new LifetimeCapException(maxLifetime, hardLimit == null);
        }
    }

    /**
     * @throws LifetimeCapException when the request breaks the lifetime cap (see {@link #checkLifetime})
     */
    public IssuedToken issue(TokenRequest request) {
        checkLifetime(request.hardLimit());
        PersonalToken token = PersonalToken.generate(random);
        Instant now = clock.instant();
        Instant expiresAt = request.hardLimit() == null ? null : now.plus(request.hardLimit());
        TokenRecord record = new TokenRecord(
                token.id(),
                request.login(),
                request.label(),
                now,
                request.createdBy(),
                expiresAt,
                request.refreshWindow(),
                null,
                null,
                request.scopes(),
                null,
                digester.digest(token));
        store.insert(record);
        return new IssuedToken(token.value(), record);
    }

    /**
     * Rotates a token: a new one with the old one's owner, label, scopes and expiry settings (a hard
     * expiry stays the same instant; it is not renewed), and the old one revoked and marked rotated
     * away, in one store transaction. A later use of the old one revokes the whole family (see
     * {@link TokenAuthenticator}).
     *
     * @param rotatedBy who asks; {@code null} for unknown
     * @throws IllegalStateException when the old token is revoked or expired (nothing changed)
     */
    public IssuedToken rotate(TokenRecord old, String rotatedBy) {
        Instant now = clock.instant();
        if (old.revokedAt() != null) {
            throw new IllegalStateException("the token is revoked");
        }
        if (!old.isValidAt(now)) {
            throw new IllegalStateException("the token has expired");
        }
        PersonalToken token = PersonalToken.generate(random);
        TokenRecord record = new TokenRecord(
                token.id(),
                old.login(),
                old.label(),
                now,
                rotatedBy,
                old.expiresAt(),
                old.refreshWindow(),
                null,
                null,
                old.scopes(),
                null,
                digester.digest(token));
        if (!store.rotate(old.id(), record, now)) {
            throw new IllegalStateException("the token is revoked");
        }
        return new IssuedToken(token.value(), record);
    }
}
