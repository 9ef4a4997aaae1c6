package dev.patgate.gateway.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Brute-force protection (section {@code limits}). Failures are counted per client address group
 * (IPv4 address, IPv6 /64) and per login tried, with a wait that doubles and is capped; while a
 * client or login waits, its failed attempts get 429 with {@code Retry-After}.
 *
 * <p>Tokens and passwords keep separate accounts. A valid token is always served: the token is
 * checked first (a CRC and an HMAC), and only a failure is answered 429. A password is checked with
 * bcrypt, slow on purpose and guessable, so a client or login that waits gets 429 before the check,
 * right password or not; and at most {@code passwordChecks} bcrypt checks run at once, beyond which
 * a password request gets 503 at once, so that a password flood cannot take the CPU from tokens.
 *
 * <p>On a JDBC store the counts are shared by every instance on it ({@link dev.patgate.auth.SharedFailures}):
 * one budget for a client however the balancer spreads it, up to what it sends within two
 * 200 ms syncs per instance.
 *
 * @param tokens failed tokens on the routes; default {@link FailureBudget#TOKENS}
 * @param passwords failed logins on the token API and the metrics; default {@link FailureBudget#PASSWORDS}
 * @param passwordChecks bcrypt checks at once in the whole gateway; default 2
 */
public record LimitsConfig(
        FailureBudget tokens,
        FailureBudget passwords,
        @JsonPropertyDescription(LimitsConfig.AT_LEAST_ONE) int passwordChecks) {

    static final String AT_LEAST_ONE = "must be a whole number, at least 1";

    public static final LimitsConfig DEFAULT = new LimitsConfig(FailureBudget.TOKENS, FailureBudget.PASSWORDS, 2);

    public LimitsConfig {
        Objects.requireNonNull(tokens, "limits.tokens must not be null");
        Objects.requireNonNull(passwords, "limits.passwords must not be null");
        if (passwordChecks < 1) {
            throw new IllegalArgumentException("limits.password_checks " + AT_LEAST_ONE);
        }
    }

    /**
     * These limits with {@code free} free failures for tokens and for passwords alike: for tests that
     * fail on purpose more often than a client should.
     */
    public LimitsConfig withFreeFailures(int free) {
        return new LimitsConfig(tokens.withFreeFailures(free), passwords.withFreeFailures(free), passwordChecks);
    }
}
