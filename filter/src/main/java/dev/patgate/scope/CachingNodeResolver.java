package dev.patgate.scope;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.patgate.auth.AuthenticatedToken;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
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

    /**
     * @param timeToLive how long a resolution is trusted; default in the gateway is 10 s
     * @param clock drives expiry, so tests can move time
     */
    public CachingNodeResolver(NodeResolver backend, Duration timeToLive, long maximumSize, Clock clock) {
        this.backend = Objects.requireNonNull(backend, "backend must not be null");
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("resolution time to live must be positive");
        }
        this.cache = Caffeine.newBuilder()
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
    }

    private record Key(String login, String uuid) {
    }
}
