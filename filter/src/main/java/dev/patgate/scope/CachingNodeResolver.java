package dev.patgate.scope;

import dev.patgate.auth.AuthenticatedToken;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps resolutions for a short time, per user and node. A node changed through the gateway (moved,
 * deleted, overwritten) makes every resolution stale at once; one moved behind the gateway's back
 * is followed once its entry expires. Misses ("no such node") are cached too, for the same short
 * time. Failures are not cached.
 *
 * <p>Staleness is decided by the generation of a {@link ChangeTracker}, not by racing to clear the
 * cache: an answer is kept only if no change started or completed while it was asked for, and
 * served only while no change has started since. The {@link DecisionCache} shares the same tracker,
 * so decisions made on resolutions go stale with them. The hot path (a hit) costs the map lookup
 * and a volatile read.
 */
public final class CachingNodeResolver implements NodeResolver {

    private final NodeResolver backend;
    private final ChangeTracker changes;
    private final StampedCache<Key, Optional<TargetPath>> cache;
    private final Duration timeToLive;
    private final Clock clock;

    /**
     * A resolver with a change tracker of its own.
     *
     * @param timeToLive how long a resolution is trusted; default in the gateway is 10 s
     * @param clock drives expiry, so tests can move time
     */
    public CachingNodeResolver(NodeResolver backend, Duration timeToLive, long maximumSize, Clock clock) {
        this(backend, timeToLive, maximumSize, clock, new ChangeTracker());
    }

    /** @param changes tells which resolutions are still valid; shared with the caches derived from them */
    public CachingNodeResolver(
            NodeResolver backend, Duration timeToLive, long maximumSize, Clock clock, ChangeTracker changes) {
        this.backend = Objects.requireNonNull(backend, "backend must not be null");
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("resolution time to live must be positive");
        }
        this.timeToLive = timeToLive;
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.changes = Objects.requireNonNull(changes, "changes must not be null");
        this.cache = new StampedCache<>(changes, timeToLive, maximumSize, clock);
    }

    @Override
    public Optional<TargetPath> resolve(String uuid, AuthenticatedToken asUser) {
        Key key = new Key(asUser.login(), uuid);
        long current = changes.generation();
        Optional<TargetPath> cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        Optional<TargetPath> resolved = backend.resolve(uuid, asUser);
        cache.put(key, resolved, current);
        return resolved;
    }

    /** The tracker that decides which resolutions are still valid; announce changes to it. */
    public ChangeTracker changes() {
        return changes;
    }

    /** How long a resolution is trusted. */
    public Duration timeToLive() {
        return timeToLive;
    }

    /** The clock that drives expiry. */
    Clock clock() {
        return clock;
    }

    /** Forgets every resolution, and makes everything derived from one stale (a change that is over). */
    public void invalidateAll() {
        changes.invalidateAll();
        cache.clear();
    }

    private record Key(String login, String uuid) {}
}
