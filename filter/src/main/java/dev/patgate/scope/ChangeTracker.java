package dev.patgate.scope;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The generation counter that the caches of resolutions and of decisions share: an entry is
 * computed under a generation and served only while the generation is still that one. A change
 * bumps the generation when it starts and again when it completes; while any change is in flight,
 * nothing may be stored at all, so an answer that raced with a change, or a decision made on one,
 * is never kept. Announcing a change costs two atomic increments, whatever the caches hold.
 */
public final class ChangeTracker implements NodeChangeListener {

    private final AtomicLong generation = new AtomicLong();
    private final AtomicInteger changesInFlight = new AtomicInteger();

    /** The current generation: read it before computing anything that is to be cached. */
    public long generation() {
        return generation.get();
    }

    @Override
    public void changeStarted() {
        changesInFlight.incrementAndGet();
        generation.incrementAndGet();
    }

    @Override
    public void changeCompleted() {
        generation.incrementAndGet();
        changesInFlight.decrementAndGet();
    }

    /** Makes everything cached so far stale (a change that is already over). */
    public void invalidateAll() {
        generation.incrementAndGet();
    }

    /** Whether an entry computed under {@code computedUnder} may be served. */
    boolean isCurrent(long computedUnder) {
        return generation.get() == computedUnder;
    }

    /** Whether a value computed under {@code computedUnder} may be stored now. */
    boolean mayStore(long computedUnder) {
        return changesInFlight.get() == 0 && generation.get() == computedUnder;
    }
}
