package dev.patgate.gateway.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.patgate.auth.FailureLimiter;
import java.time.Duration;
import java.util.Objects;

/**
 * What failed attempts cost one client address group (an IPv4 address, an IPv6 /64) and one login
 * tried (sections {@code limits.tokens} and {@code limits.passwords}): {@code freeFailures} cost
 * nothing, then each failure earns a wait of {@code baseDelay}, doubled with every further failure,
 * capped at {@code maxDelay}; the count is forgotten {@code forgetAfter} after the last failure.
 * See {@link FailureLimiter}.
 *
 * @param freeFailures failures that earn no wait
 * @param baseDelay the first wait
 * @param maxDelay the longest wait; at least {@code baseDelay}
 * @param forgetAfter how long a count is kept after its last failure; at least {@code maxDelay}
 */
public record FailureBudget(
        @JsonPropertyDescription(FailureBudget.AT_LEAST_ZERO)
        int freeFailures,

        Duration baseDelay,
        Duration maxDelay,
        Duration forgetAfter) {

    static final String AT_LEAST_ZERO = "must be a whole number, at least 0";

    /** For tokens on the routes: 10 free failures, then 1 s, 2 s, 4 s ... up to 30 s; kept 15 min. */
    public static final FailureBudget TOKENS =
            new FailureBudget(10, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(15));

    /** For passwords on the token API and the metrics: 5 free failures, then the same waits. */
    public static final FailureBudget PASSWORDS =
            new FailureBudget(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(15));

    public FailureBudget {
        if (freeFailures < 0) {
            throw new IllegalArgumentException("free_failures " + AT_LEAST_ZERO);
        }
        Objects.requireNonNull(baseDelay, "base_delay must not be null");
        Objects.requireNonNull(maxDelay, "max_delay must not be null");
        Objects.requireNonNull(forgetAfter, "forget_after must not be null");
        if (baseDelay.isZero() || baseDelay.isNegative()) {
            throw new IllegalArgumentException("base_delay must be positive");
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("max_delay must not be shorter than base_delay");
        }
        if (forgetAfter.compareTo(maxDelay) < 0) {
            throw new IllegalArgumentException("forget_after must not be shorter than max_delay");
        }
    }

    /** This budget with another number of free failures (tests that fail on purpose raise it). */
    public FailureBudget withFreeFailures(int free) {
        return new FailureBudget(free, baseDelay, maxDelay, forgetAfter);
    }

    /** The limiter's policy for this budget. */
    public FailureLimiter.Policy policy() {
        return new FailureLimiter.Policy(freeFailures, baseDelay, maxDelay, forgetAfter);
    }
}
