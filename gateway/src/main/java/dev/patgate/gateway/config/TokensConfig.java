package dev.patgate.gateway.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.Duration;
import java.util.Objects;

/**
 * Token policy and caching (section {@code tokens}).
 *
 * @param maxLifetime the longest hard expiry a new token may have; {@code null} (default) for no cap.
 *        With a cap every token needs {@code -e}.
 * @param cacheMaximumSize how many verified tokens the gateway keeps in memory; default 100,000
 * @param flushInterval how often sliding uses are written to the store; default 5 s
 * @param revocationPollInterval how often the store is asked for revocations made elsewhere; default 1 s
 * @param preload whether the gateway fills the cache from the store when it starts (one query for up
 *        to {@code cacheMaximumSize} live tokens, most recently used first); default true
 * @param usersCheckInterval how often a running gateway looks whether the user directory's file
 *        changed, and reloads it: a removed or disabled user's tokens are refused within this
 *        interval plus the reload; default 1 s
 * @param cellsApi whether the gateway answers Cells' token API itself (docs/cells-token-api.md);
 *        default {@code auto}: on when {@code upstream.identity} is {@code cells}
 * @param policy optional limits on new tokens ({@code tokens.policy.*}); default none
 * @param pruneAfter how long a token stays listed after it was revoked or expired, before
 *        {@code patgate admin token prune} deletes it; default 30 days
 */
public record TokensConfig(
        Duration maxLifetime,

        @JsonProperty("cache_max_size") @JsonPropertyDescription("must be a whole number, at least 1")
        long cacheMaximumSize,

        Duration flushInterval,
        Duration revocationPollInterval,
        boolean preload,
        Duration usersCheckInterval,
        CellsTokenApi cellsApi,
        TokenPolicyConfig policy,
        Duration pruneAfter) {

    /** The default for {@code tokens.prune_after}. */
    public static final Duration DEFAULT_PRUNE_AFTER = Duration.ofDays(30);

    public static final TokensConfig DEFAULT = new TokensConfig(
            null,
            100_000,
            Duration.ofSeconds(5),
            Duration.ofSeconds(1),
            true,
            Duration.ofSeconds(1),
            CellsTokenApi.AUTO,
            TokenPolicyConfig.DEFAULT,
            DEFAULT_PRUNE_AFTER);

    /** These settings without a policy, and the default {@code prune_after}. */
    public TokensConfig(
            Duration maxLifetime,
            long cacheMaximumSize,
            Duration flushInterval,
            Duration revocationPollInterval,
            boolean preload,
            Duration usersCheckInterval,
            CellsTokenApi cellsApi) {
        this(
                maxLifetime,
                cacheMaximumSize,
                flushInterval,
                revocationPollInterval,
                preload,
                usersCheckInterval,
                cellsApi,
                TokenPolicyConfig.DEFAULT,
                DEFAULT_PRUNE_AFTER);
    }

    public TokensConfig {
        if (maxLifetime != null && (maxLifetime.isZero() || maxLifetime.isNegative())) {
            throw new IllegalArgumentException("tokens.max_lifetime must be positive");
        }
        if (cacheMaximumSize < 1) {
            throw new IllegalArgumentException("tokens.cache_max_size must be at least 1");
        }
        positive(flushInterval, "tokens.flush_interval");
        positive(revocationPollInterval, "tokens.revocation_poll_interval");
        positive(usersCheckInterval, "tokens.users_check_interval");
        Objects.requireNonNull(cellsApi, "tokens.cells_api must not be null");
        policy = policy == null ? TokenPolicyConfig.DEFAULT : policy;
        positive(pruneAfter, "tokens.prune_after");
    }

    /** These settings with the user directory checked every {@code interval}. */
    public TokensConfig withUsersCheckInterval(Duration interval) {
        return new TokensConfig(
                maxLifetime,
                cacheMaximumSize,
                flushInterval,
                revocationPollInterval,
                preload,
                interval,
                cellsApi,
                policy,
                pruneAfter);
    }

    /** These settings with {@code tokens.cells_api} set to {@code value}. */
    public TokensConfig withCellsApi(CellsTokenApi value) {
        return new TokensConfig(
                maxLifetime,
                cacheMaximumSize,
                flushInterval,
                revocationPollInterval,
                preload,
                usersCheckInterval,
                value,
                policy,
                pruneAfter);
    }

    /** These settings with {@code tokens.policy} set to {@code value}. */
    public TokensConfig withPolicy(TokenPolicyConfig value) {
        return new TokensConfig(
                maxLifetime,
                cacheMaximumSize,
                flushInterval,
                revocationPollInterval,
                preload,
                usersCheckInterval,
                cellsApi,
                value,
                pruneAfter);
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
