package dev.patgate.scope;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.patgate.time.ClockTickers;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A size- and time-bounded cache whose entries are valid for one generation of a
 * {@link ChangeTracker}: stale entries are not cleared but ignored, replaced by the next store, and
 * gone within the time to live. A hit costs the map lookup and a volatile read.
 */
final class StampedCache<K, V> {

    private final ChangeTracker changes;
    private final Cache<K, Stamped<V>> entries;

    /**
     * @param timeToLive how long an entry is kept at most; positive
     * @param clock drives expiry, so tests can move time
     */
    StampedCache(ChangeTracker changes, Duration timeToLive, long maximumSize, Clock clock) {
        this.changes = Objects.requireNonNull(changes, "changes must not be null");
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("time to live must be positive");
        }
        Objects.requireNonNull(clock, "clock must not be null");
        this.entries = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(timeToLive.toNanos(), TimeUnit.NANOSECONDS)
                .ticker(ClockTickers.of(clock))
                .build();
    }

    /** The value stored under the current generation, or null. */
    V getIfPresent(K key) {
        Stamped<V> stamped = entries.getIfPresent(key);
        return stamped != null && changes.isCurrent(stamped.generation()) ? stamped.value() : null;
    }

    /**
     * Stores a value computed from what was known at generation {@code computedUnder}; nothing is
     * stored when the generation has moved on since, or while a change is in flight.
     */
    void put(K key, V value, long computedUnder) {
        if (changes.mayStore(computedUnder)) {
            entries.put(key, new Stamped<>(value, computedUnder));
        }
    }

    void clear() {
        entries.invalidateAll();
    }

    private record Stamped<V>(V value, long generation) {}
}
