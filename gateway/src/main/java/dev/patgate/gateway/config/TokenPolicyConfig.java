package dev.patgate.gateway.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.patgate.auth.TokenPolicy;
import java.time.Duration;

/**
 * The operator's optional token policy (section {@code tokens.policy}); each limit, when broken, is
 * refused with a message naming it (docs/token-lifecycle.md, "Policy").
 *
 * @param maxSlidingWindow the longest sliding window ({@code -a}, {@code auto}); {@code null}
 *        (default) for none
 * @param allowUnscoped whether a token may be made without scopes; default true
 * @param maxActivePerUser the most active (neither revoked nor expired) tokens one user may hold; 0
 *        (default) for no limit
 */
public record TokenPolicyConfig(
        Duration maxSlidingWindow,
        boolean allowUnscoped,

        @JsonPropertyDescription("must be a whole number, 0 (no limit) or more")
        int maxActivePerUser) {

    public static final TokenPolicyConfig DEFAULT = new TokenPolicyConfig(null, true, 0);

    public TokenPolicyConfig {
        if (maxSlidingWindow != null && (maxSlidingWindow.isZero() || maxSlidingWindow.isNegative())) {
            throw new IllegalArgumentException("tokens.policy.max_sliding_window must be positive");
        }
        if (maxActivePerUser < 0) {
            throw new IllegalArgumentException("tokens.policy.max_active_per_user must be 0 (no limit) or more");
        }
    }

    /** The policy as the token issuer applies it, with the lifetime cap {@code maxLifetime}. */
    public TokenPolicy toPolicy(Duration maxLifetime) {
        return new TokenPolicy(maxLifetime, maxSlidingWindow, allowUnscoped, maxActivePerUser);
    }
}
