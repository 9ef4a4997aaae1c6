package dev.patgate.auth;

import java.time.Duration;

/**
 * The operator's limits on new tokens, applied by {@link TokenIssuer} (docs/token-lifecycle.md,
 * "Policy"). Each limit names its configuration key when it refuses.
 *
 * @param maxLifetime {@code tokens.max_lifetime}: the longest hard expiry; with it every token needs
 *        one; {@code null} for no cap
 * @param maxSlidingWindow {@code tokens.policy.max_sliding_window}; {@code null} for no limit
 * @param allowUnscoped {@code tokens.policy.allow_unscoped}: whether a token may have no scope
 * @param maxActivePerUser {@code tokens.policy.max_active_per_user}; 0 for no limit
 */
public record TokenPolicy(
        Duration maxLifetime, Duration maxSlidingWindow, boolean allowUnscoped, int maxActivePerUser) {

    /** No limits at all. */
    public static final TokenPolicy NONE = new TokenPolicy(null, null, true, 0);

    /** Only a lifetime cap ({@code null}: none). */
    public static TokenPolicy lifetimeCap(Duration maxLifetime) {
        return new TokenPolicy(maxLifetime, null, true, 0);
    }
}
