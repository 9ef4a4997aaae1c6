package dev.patgate.auth;

import dev.patgate.store.TokenRecord;
import dev.patgate.store.TokenStore;
import dev.patgate.token.Durations;
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
    private final TokenPolicy policy;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param maxLifetime the operator's cap on a token's hard expiry; {@code null} for no cap. With a
     *        cap, a token must have a hard expiry no longer than it (a purely sliding token could
     *        otherwise live forever).
     */
    public TokenIssuer(TokenStore store, TokenDigester digester, Clock clock, Duration maxLifetime) {
        this(store, digester, clock, TokenPolicy.lifetimeCap(maxLifetime));
    }

    /** @param policy the operator's limits on new tokens, the lifetime cap among them */
    public static TokenIssuer withPolicy(TokenStore store, TokenDigester digester, Clock clock, TokenPolicy policy) {
        return new TokenIssuer(store, digester, clock, policy);
    }

    private TokenIssuer(TokenStore store, TokenDigester digester, Clock clock, TokenPolicy policy) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.digester = Objects.requireNonNull(digester, "digester must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.policy = Objects.requireNonNull(policy, "policy must not be null");
        this.maxLifetime = policy.maxLifetime();
    }

    /**
     * Checks a request against the rules on expiry and the operator's policy; the one home of them,
     * applied by {@link #issue} too, so the CLI and both token APIs refuse alike:
     *
     * <ul>
     *   <li>the lifetime cap ({@link #checkLifetime});</li>
     *   <li>a sliding window must be shorter than the hard expiry, or it could never apply;</li>
     *   <li>{@code tokens.policy.max_sliding_window}, {@code allow_unscoped} and
     *       {@code max_active_per_user} (this one reads the owner's tokens from the store).</li>
     * </ul>
     *
     * @throws LifetimeCapException when the cap is broken
     * @throws TokenPolicyException when another rule or limit is broken; the message names it
     */
    public void checkPolicy(String login, Duration hardLimit, Duration refreshWindow, java.util.List<?> scopes) {
        checkLifetime(hardLimit);
        if (hardLimit != null && refreshWindow != null && refreshWindow.compareTo(hardLimit) >= 0) {
            throw new TokenPolicyException(
                    null,
                    "the sliding window (" + Durations.format(refreshWindow)
                            + ") must be shorter than the hard expiry (" + Durations.format(hardLimit)
                            + "): the token always lapses at its hard expiry first, so the window would never apply;"
                            + " give only the hard expiry, or a shorter window");
        }
        if (policy.maxSlidingWindow() != null
                && refreshWindow != null
                && refreshWindow.compareTo(policy.maxSlidingWindow()) > 0) {
            throw new TokenPolicyException(
                    "tokens.policy.max_sliding_window",
                    "policy tokens.policy.max_sliding_window is " + Durations.format(policy.maxSlidingWindow())
                            + ": the sliding window must not be longer");
        }
        if (!policy.allowUnscoped() && (scopes == null || scopes.isEmpty())) {
            throw new TokenPolicyException(
                    "tokens.policy.allow_unscoped",
                    "policy tokens.policy.allow_unscoped is false: a token needs at least one scope");
        }
        if (policy.maxActivePerUser() > 0) {
            Instant now = clock.instant();
            long active = store.findByLogin(login).stream()
                    .filter(record -> record.isValidAt(now))
                    .count();
            if (active >= policy.maxActivePerUser()) {
                throw new TokenPolicyException(
                        "tokens.policy.max_active_per_user",
                        "policy tokens.policy.max_active_per_user is " + policy.maxActivePerUser() + ": " + login
                                + " has " + active + " active tokens already; revoke one first");
            }
        }
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
     * @throws TokenPolicyException when it breaks another rule or limit (see {@link #checkPolicy})
     */
    public IssuedToken issue(TokenRequest request) {
        checkPolicy(request.login(), request.hardLimit(), request.refreshWindow(), request.scopes());
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
