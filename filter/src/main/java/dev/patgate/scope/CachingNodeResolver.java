package dev.patgate.scope;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.patgate.auth.AuthenticatedToken;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Keeps resolutions for a short time, per user and node. A node moved or deleted through the
 * gateway drops every resolution at once ({@link #invalidateAll()}); one moved behind the gateway's
 * back is followed once its entry expires. Misses ("no such node") are cached too, for the same
 * short time. Failures are not cached.
 */
public final class CachingNodeResolver implements NodeResolver {

    private final NodeResolver backend;
    private final Cache<Key, Optional<TargetPath>> cache;
    private final Duration timeToLive;
    private final Clock clock;
    private final List<Cache<?, ?>> companions = new CopyOnWriteArrayList<>();

    /**
     * @param timeToLive how long a resolution is trusted; default in the gateway is 10 s
     * @param clock drives expiry, so tests can move time
     */
    public CachingNodeResolver(NodeResolver backend, Duration timeToLive, long maximumSize, Clock clock) {
        this.backend = Objects.requireNonNull(backend, "backend must not be null");
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("resolution time to live must be positive");
        }
        this.timeToLive = timeToLive;
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.cache = newCache(maximumSize);
    }

    /**
     * A cache of things derived from resolutions (e.g. authorization decisions): entries live no
     * longer than a resolution does, and are dropped whenever resolutions are.
     */
    public <K, V> Cache<K, V> companionCache(long maximumSize) {
        Cache<K, V> companion = newCache(maximumSize);
        companions.add(companion);
        return companion;
    }

    private <K, V> Cache<K, V> newCache(long maximumSize) {
        return Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(timeToLive.toNanos(), TimeUnit.NANOSECONDS)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
    }

    @Override
    public Optional<TargetPath> resolve(String uuid, AuthenticatedToken asUser) {
        return cache.get(new Key(asUser.login(), uuid), k -> backend.resolve(uuid, asUser));
    }

    /** Forgets every resolution: something was moved or deleted. */
    public void invalidateAll() {
        cache.invalidateAll();
        for (Cache<?, ?> companion : companions) {
            companion.invalidateAll();
        }
    }

    private record Key(String login, String uuid) {
    }
}
