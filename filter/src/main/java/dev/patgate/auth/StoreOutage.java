package dev.patgate.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether the token store answers, and so how far the cached tokens may still be trusted.
 *
 * <p>While the store answers, nothing changes. From the first failure (a revocation poll, a lookup,
 * a flush), the store counts as away until a revocation poll or a lookup succeeds again. A cached token keeps
 * working for {@link #grace()} after the last poll that succeeded, the last moment at which this
 * instance knew every revocation; past it, it is refused with 503 until a poll succeeds. Time comes
 * from the given clock. Thread-safe; reading it costs one volatile read.
 */
public final class StoreOutage {

    /** The grace when none is configured: five minutes, longer than a managed PostgreSQL's failover. */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);

    private static final long TRY_EVERY_MILLIS = 1_000;

    private final Clock clock;
    private final Duration grace;
    private volatile Instant lastPolled;
    private volatile Instant failingSince;
    private final java.util.concurrent.atomic.AtomicLong nextTry = new java.util.concurrent.atomic.AtomicLong();

    public StoreOutage(Clock clock, Duration grace) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        Objects.requireNonNull(grace, "grace must not be null");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("outage grace must not be negative");
        }
        this.grace = grace;
        this.lastPolled = clock.instant();
    }

    /** How long cached tokens are served after the store was last known to be current. */
    public Duration grace() {
        return grace;
    }

    /** A revocation poll succeeded: every revocation up to now is known. */
    public void polled() {
        lastPolled = clock.instant();
        failingSince = null;
    }

    /**
     * A lookup succeeded: the store answers again. Cached tokens are trusted again; the revocations
     * missed meanwhile arrive with the next poll.
     */
    public void answered() {
        failingSince = null;
    }

    /**
     * Whether a lookup may try the store while it is away: at most one a second does (so that the
     * store's return is noticed by traffic too); the others are answered 503 at once rather than
     * each waiting for the pool's connection timeout. Always true while the store answers.
     */
    public boolean mayTryStore() {
        if (failingSince == null) {
            return true;
        }
        long now = clock.millis();
        long next = nextTry.get();
        return now >= next && nextTry.compareAndSet(next, now + TRY_EVERY_MILLIS);
    }

    /** A store operation failed. */
    public void failed() {
        if (failingSince == null) {
            failingSince = clock.instant();
        }
        nextTry.set(clock.millis() + TRY_EVERY_MILLIS);
    }

    /** Whether the store counts as away now (a failure since the last successful poll). */
    public boolean storeAway() {
        return failingSince != null;
    }

    /** Whether cached tokens must be refused: the store is away and the grace has run out. */
    public boolean beyondGrace() {
        return failingSince != null && !clock.instant().isBefore(lastPolled.plus(grace));
    }
}
