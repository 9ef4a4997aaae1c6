package dev.patgate.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.patgate.store.StoreException;
import dev.patgate.store.TokenRecord;
import dev.patgate.store.TokenStore;
import dev.patgate.token.MalformedTokenException;
import dev.patgate.token.PersonalToken;
import dev.patgate.token.TokenDigester;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks credentials against the token store. A known token on a warm cache costs one HMAC and one
 * map lookup; the store is read only on a cache miss, and re-read before a sliding token is refused
 * as expired (another gateway may have used it). Records every accepted use with the
 * {@link UsageRecorder}. Thread-safe.
 *
 * <p>The cache holds store records, never plaintext, and never a miss: a token created a moment ago
 * is found on its first use. Every request is checked against the record's digest, whether the
 * record came from a lookup or from {@link #preload} when the gateway started.
 *
 * <p>After the token checked out, its owner is asked of the {@link UserGate} (a map lookup): a user
 * removed or disabled in the user directory has every token refused from that request on, without
 * touching the cache, so a re-enabled user's tokens work again as soon as the gate says so.
 */
public final class TokenAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(TokenAuthenticator.class);

    private final TokenStore store;
    private final TokenDigester digester;
    private final Clock clock;
    private final UsageRecorder usage;
    private final UserGate users;
    private final Cache<String, TokenRecord> cache;
    private final long cacheMaximumSize;
    private final LongAdder storeReads = new LongAdder();

    /** An authenticator for which every token owner is active ({@link UserGate#ALL_ACTIVE}). */
    public TokenAuthenticator(
            TokenStore store, TokenDigester digester, Clock clock, UsageRecorder usage, long cacheMaximumSize) {
        this(store, digester, clock, usage, cacheMaximumSize, UserGate.ALL_ACTIVE);
    }

    /** @param users asked on every accepted token whether its owner may still use it */
    public TokenAuthenticator(
            TokenStore store,
            TokenDigester digester,
            Clock clock,
            UsageRecorder usage,
            long cacheMaximumSize,
            UserGate users) {
        this.store = Objects.requireNonNull(store);
        this.users = Objects.requireNonNull(users);
        this.digester = Objects.requireNonNull(digester);
        this.clock = Objects.requireNonNull(clock);
        this.usage = Objects.requireNonNull(usage);
        this.cacheMaximumSize = cacheMaximumSize;
        this.cache = Caffeine.newBuilder()
                .maximumSize(cacheMaximumSize)
                .recordStats()
                .build();
    }

    /**
     * @param clientIp the client's address, recorded as the token's last use
     * @throws Refusal an {@link Refusal.InvalidToken} for a malformed, unknown, wrong, revoked or
     *         expired token, a basic-auth username that is not its owner, or an owner the
     *         {@link UserGate} does not call active; an {@link Refusal.Unavailable} when the token
     *         had to be read and the store cannot be reached
     */
    public AuthenticatedToken authenticate(Credentials credentials, String clientIp) throws Refusal {
        PersonalToken token;
        try {
            token = PersonalToken.parse(credentials.tokenText());
        } catch (MalformedTokenException e) {
            throw Refusal.invalidToken("malformed token", null, null);
        }
        TokenRecord record = cache.getIfPresent(token.id());
        if (record == null) {
            record = load(token.id()).orElse(null);
            if (record == null) {
                throw Refusal.invalidToken("unknown token", token.id(), null);
            }
            if (!digester.matches(token, record.secretDigest())) {
                throw Refusal.invalidToken("wrong secret", token.id(), record.login());
            }
            cache.put(token.id(), record);
        } else if (!digester.matches(token, record.secretDigest())) {
            throw Refusal.invalidToken("wrong secret", token.id(), record.login());
        }
        if (credentials instanceof Credentials.Basic basic && !basic.username().equals(record.login())) {
            throw Refusal.invalidToken("username is not the token's owner", token.id(), record.login());
        }
        Instant now = clock.instant();
        Instant validUntil = record.validUntil(usage.pendingUse(token.id()));
        if (record.revokedAt() == null && !now.isBefore(validUntil) && record.isSliding()) {
            // never refuse on the strength of a cached last use: another gateway may have used it
            record = load(token.id()).orElse(record);
            cache.put(token.id(), record);
            validUntil = record.validUntil(usage.pendingUse(token.id()));
        }
        if (record.revokedAt() != null) {
            cache.invalidate(token.id());
            throw Refusal.invalidToken(revokedReason(token.id(), now), token.id(), record.login());
        }
        if (!now.isBefore(validUntil)) {
            throw Refusal.invalidToken("expired", token.id(), record.login());
        }
        UserGate.Standing standing = users.standing(record.login());
        if (standing != UserGate.Standing.ACTIVE) {
            // not a use: a disabled user's sliding token does not move forward
            String reason = (standing == null ? UserGate.Standing.UNKNOWN : standing).reason();
            throw Refusal.invalidToken(reason, token.id(), record.login());
        }
        usage.record(token.id(), now, clientIp);
        if (record.isSliding()) {
            validUntil = record.validUntil(now);
        }
        Instant cap = record.isSliding() ? record.expiresAt() : null;
        return new AuthenticatedToken(record.login(), record.id(), record.scopes(), validUntil, cap);
    }

    /**
     * Fills the cache after a restart, so that the tokens in use are checked without a store
     * lookup each: one query instead of one per token. Takes the records that may still be valid,
     * most recently used first, up to the cache's size; a record a request has cached meanwhile is
     * kept. Call it after the revocation cursor is set, so that no revocation falls in between.
     *
     * @return how many records were added
     */
    public int preload() {
        int added = 0;
        for (TokenRecord record :
                store.findLive(clock.instant(), (int) Math.min(Integer.MAX_VALUE, cacheMaximumSize))) {
            if (cache.asMap().putIfAbsent(record.id(), record) == null) {
                added++;
            }
        }
        return added;
    }

    /** Drops tokens from the cache, e.g. because they were revoked elsewhere. */
    public void invalidate(Collection<String> tokenIds) {
        cache.invalidateAll(tokenIds);
    }

    /** How many records the cache holds now (for metrics and tests). */
    public long cachedCount() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /**
     * The token cache, for a metrics binding to read its statistics (hits, misses, evictions, size;
     * recorded since start). Its values are token records (never a plaintext); nothing but a
     * metrics binding should use it.
     */
    public Cache<?, ?> cacheForMetrics() {
        return cache;
    }

    /** How many times a request's token was read from the store (a cache miss, or a re-read). */
    public long storeReads() {
        return storeReads.sum();
    }

    /**
     * Why a revoked token (whose secret matched) is refused. A token rotated away and used again is
     * taken for stolen: its whole rotation family is revoked (announced to every gateway through the
     * change log, and dropped from this cache at once), and the reason, which the filter writes as
     * its one audit line, says so. Only refusals pay the store read this takes.
     */
    private String revokedReason(String id, Instant now) {
        try {
            Optional<String> family = store.rotatedAwayFamily(id);
            if (family.isEmpty()) {
                return "revoked";
            }
            java.util.List<String> revoked = store.revokeFamily(family.get(), now);
            cache.invalidateAll(revoked);
            return revoked.isEmpty()
                    ? "rotated token reused; rotation family " + family.get() + " was already revoked"
                    : "rotated token reused: possible theft; revoked rotation family " + family.get() + " ("
                            + revoked.size() + (revoked.size() == 1 ? " token: " : " tokens: ")
                            + String.join(" ", revoked) + ")";
        } catch (StoreException e) {
            log.error("token store unavailable while checking a revoked token for reuse: {}", e.getMessage());
            return "revoked";
        }
    }

    private Optional<TokenRecord> load(String id) throws Refusal {
        storeReads.increment();
        try {
            return store.findById(id);
        } catch (StoreException e) {
            log.error("token store unavailable: {}", e.getMessage());
            throw Refusal.storeUnavailable();
        }
    }
}
