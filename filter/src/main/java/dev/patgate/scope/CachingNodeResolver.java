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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps resolutions for a short time, per user and node. A node changed through the gateway (moved,
 * deleted, overwritten) makes every resolution stale at once; one moved behind the gateway's back
 * is followed once its entry expires. Misses ("no such node") are cached too, for the same short
 * time. Failures are not cached.
 *
 * <p>Staleness is decided by a generation counter, not by racing to clear the cache: every entry
 * (here and in the {@linkplain #companionCache companion caches}) carries the generation it was
 * computed under, and is used only while the generation is still that one. A change bumps the
 * generation when it starts ({@link #changeStarted()}) and again when it completes
 * ({@link #changeCompleted()}); while any change is in flight nothing is stored at all, so a
 * resolution that raced with a change, or a decision made on one, is never kept. Announcing a
 * change costs two atomic increments, whatever the caches hold: stale entries are not cleared but
 * ignored, replaced by the next store, and gone within the time to live. The hot path (a hit)
 * costs the map lookup and two volatile reads.
 */
public final class CachingNodeResolver implements NodeResolver {

    private final NodeResolver backend;
    private final Cache<Key, Stamped<Optional<TargetPath>>> cache;
    private final Duration timeToLive;
    private final Clock clock;
    private final List<Cache<?, ?>> companions = new CopyOnWriteArrayList<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicInteger changesInFlight = new AtomicInteger();

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
     * longer than a resolution does, and are stale whenever resolutions are.
     */
    public <K, V> Derived<K, V> companionCache(long maximumSize) {
        Cache<K, Stamped<V>> companion = newCache(maximumSize);
        companions.add(companion);
        return new Derived<>(companion);
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
        Key key = new Key(asUser.login(), uuid);
        long current = generation.get();
        Stamped<Optional<TargetPath>> cached = cache.getIfPresent(key);
        if (cached != null && cached.generation() == current) {
            return cached.value();
        }
        Optional<TargetPath> resolved = backend.resolve(uuid, asUser);
        store(cache, key, resolved, current);
        return resolved;
    }

    /**
     * The current generation: read it before deciding anything that is to be cached, and hand it to
     * {@link Derived#put}.
     */
    public long generation() {
        return generation.get();
    }

    /**
     * A request that can move, remove or replace nodes is about to be forwarded: what is cached is
     * stale from now on, and nothing is cached until {@link #changeCompleted()} is called for it.
     */
    public void changeStarted() {
        changesInFlight.incrementAndGet();
        generation.incrementAndGet();
    }

    /** The request announced by {@link #changeStarted()} is over, however it ended. */
    public void changeCompleted() {
        generation.incrementAndGet();
        changesInFlight.decrementAndGet();
    }

    /** Forgets every resolution and derived entry (a change that is already over). */
    public void invalidateAll() {
        generation.incrementAndGet();
        clearAll();
    }

    private void clearAll() {
        cache.invalidateAll();
        for (Cache<?, ?> companion : companions) {
            companion.invalidateAll();
        }
    }

    private <K, V> void store(Cache<K, Stamped<V>> target, K key, V value, long computedUnder) {
        if (changesInFlight.get() == 0 && generation.get() == computedUnder) {
            target.put(key, new Stamped<>(value, computedUnder));
        }
    }

    /** A cache derived from resolutions; see {@link #companionCache}. */
    public final class Derived<K, V> {
        private final Cache<K, Stamped<V>> entries;

        private Derived(Cache<K, Stamped<V>> entries) {
            this.entries = entries;
        }

        /** The value stored under the current generation, or null. */
        public V getIfPresent(K key) {
            Stamped<V> stamped = entries.getIfPresent(key);
            return stamped != null && stamped.generation() == generation.get() ? stamped.value() : null;
        }

        /**
         * Stores a value computed from resolutions made no earlier than generation
         * {@code computedUnder}; nothing is stored when the generation has moved on since, or while a
         * change is in flight.
         */
        public void put(K key, V value, long computedUnder) {
            store(entries, key, value, computedUnder);
        }
    }

    private record Stamped<V>(V value, long generation) {
    }

    private record Key(String login, String uuid) {
    }
}
