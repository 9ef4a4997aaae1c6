package dev.patgate.auth;

import dev.patgate.store.FailureCounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares the counts of {@link FailureLimiter}s with the other gateway instances on the same store,
 * so that a client spread over N instances gets one failure budget, not N.
 *
 * <p>A request never waits for the store: a failure is counted in the limiter's memory as before,
 * and also noted here, one entry per address group or login however many failures it had. Every
 * {@link #sync()} (run every {@link #DEFAULT_INTERVAL} by the caller) then does, off the request
 * threads:
 * <ol>
 *   <li>one transaction that adds the noted failures to the store's rows ({@link FailureCounts#addFailures});
 *   <li>for each limiter that counted a failure itself less than {@code maxDelay} ago, one query for
 *       the rows that earn a wait or would with the next failure (at least {@code freeFailures}) and
 *       whose last failure is less than {@code maxDelay} old; each is merged into the limiter, plus
 *       what was noted here since, so that the limiter decides on the count of every instance;
 *   <li>once a minute, a delete of the rows forgotten ({@code forgetAfter} after their last failure).
 * </ol>
 * An instance without a failure in the last {@code maxDelay} asks nothing: at rest, sharing puts no
 * load on the store.
 *
 * <p>So a failure on one instance is known to every other that is reading at most two sync
 * intervals later (its writer's next sync, then the reader's next); an instance that was not reading
 * (no failure of its own for {@code maxDelay}) reads from its next failure on, one sync later. The
 * failures a client makes within that time are the only ones it gets on top of one budget, per
 * instance it reaches.
 *
 * <p>While the store is away, the noted failures are kept (at most {@link #MAX_PENDING} address groups
 * and logins; further ones are counted locally only, and {@link #dropped()}) and written once it is
 * back, unless forgotten by then; the limiters keep counting in memory all along. Thread-safe.
 */
public final class SharedFailures {

    private static final Logger log = LoggerFactory.getLogger(SharedFailures.class);

    /** How often {@link #sync()} should run unless configured otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

    /** How many address groups and logins at most wait to be written (about 200 bytes each). */
    public static final int MAX_PENDING = 100_000;

    /** How many rows one read takes at most, the most recent first. */
    static final int MAX_READ = 10_000;

    /** How often rows long forgotten are deleted. */
    static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final FailureCounts store;
    private final Clock clock;
    private final List<FailureLimiter> limiters = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<Subject, Noted> pending = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean failing;
    private Instant nextPrune;
    private boolean wroteSincePrune;

    public SharedFailures(FailureCounts store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.nextPrune = clock.instant();
    }

    /**
     * A limiter whose counts are shared under the kinds {@code name.address} and {@code name.login}:
     * every instance that makes one with the same name and the same policy shares its accounts.
     *
     * @param name a short name of the account, such as {@code token} or {@code password}
     * @throws IllegalArgumentException when this name has a limiter already
     */
    public FailureLimiter limiter(String name, FailureLimiter.Policy policy) {
        Objects.requireNonNull(name, "name must not be null");
        if (name.isEmpty() || name.length() > 20 || !name.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
            throw new IllegalArgumentException("a shared limiter's name is 1 to 20 letters a-z");
        }
        synchronized (limiters) {
            if (limiters.stream().anyMatch(l -> name.equals(nameOf(l)))) {
                throw new IllegalArgumentException("a shared limiter named " + name + " exists already");
            }
            FailureLimiter limiter = new FailureLimiter(clock, policy, name, this::note);
            limiters.add(limiter);
            return limiter;
        }
    }

    /** Whether the last sync that had something to do failed: the store is away. */
    public boolean failing() {
        return failing;
    }

    /** How many failures were not noted for sharing because {@link #MAX_PENDING} subjects were waiting. */
    public long dropped() {
        return dropped.sum();
    }

    /** How many address groups and logins have failures waiting to be written. */
    public int pending() {
        return pending.size();
    }

    private void note(String kind, String subject, Instant at) {
        Subject key = new Subject(kind, subject);
        if (pending.size() >= MAX_PENDING && !pending.containsKey(key)) {
            dropped.increment();
            return;
        }
        pending.merge(key, new Noted(1, at), Noted::plus);
    }

    /**
     * Writes the failures noted since the last sync, reads back the counts of every instance and
     * merges them into the limiters, and now and then deletes forgotten rows. When the store fails,
     * what was noted is kept for the next sync and the limiters keep their own counts.
     *
     * @return whether the store answered (or there was nothing to ask)
     */
    public synchronized boolean sync() {
        Instant now = clock.instant();
        Map<Subject, Noted> batch = take();
        try {
            write(batch, now);
        } catch (RuntimeException e) {
            putBack(batch);
            failed("could not write " + batch.size() + " failure counts; will retry", e);
            return false;
        }
        try {
            for (FailureLimiter limiter : limiters) {
                if (limiter.counting()) {
                    read(limiter, now);
                }
            }
            if (!now.isBefore(nextPrune)) {
                if (wroteSincePrune || limiters.stream().anyMatch(FailureLimiter::counting)) {
                    for (FailureLimiter limiter : limiters) {
                        store.pruneFailures(
                                kinds(limiter), now.minus(limiter.policy().forgetAfter()));
                    }
                    wroteSincePrune = false;
                }
                nextPrune = now.plus(PRUNE_EVERY);
            }
        } catch (RuntimeException e) {
            failed("could not read the shared failure counts", e);
            return false;
        }
        if (failing) {
            log.info("failure counts are shared through the store again");
        }
        failing = false;
        return true;
    }

    private Map<Subject, Noted> take() {
        Map<Subject, Noted> batch = new HashMap<>();
        for (Subject subject : pending.keySet()) {
            Noted noted = pending.remove(subject);
            if (noted != null) {
                batch.put(subject, noted);
            }
        }
        return batch;
    }

    private void putBack(Map<Subject, Noted> batch) {
        batch.forEach((subject, noted) -> {
            if (pending.size() >= MAX_PENDING && !pending.containsKey(subject)) {
                dropped.add(noted.failures());
            } else {
                pending.merge(subject, noted, Noted::plus);
            }
        });
    }

    /** One {@link FailureCounts#addFailures} per limiter with failures, skipping those forgotten already. */
    private void write(Map<Subject, Noted> batch, Instant now) {
        if (batch.isEmpty()) {
            return;
        }
        for (FailureLimiter limiter : limiters) {
            Instant forgottenBefore = now.minus(limiter.policy().forgetAfter());
            List<String> kinds = kinds(limiter);
            List<FailureCounts.Increment> increments = new ArrayList<>();
            batch.forEach((subject, noted) -> {
                if (kinds.contains(subject.kind()) && noted.last().isAfter(forgottenBefore)) {
                    increments.add(new FailureCounts.Increment(
                            subject.kind(), subject.subject(), noted.failures(), noted.last()));
                }
            });
            if (!increments.isEmpty()) {
                store.addFailures(increments, forgottenBefore);
                wroteSincePrune = true;
                // written: a failure of a later limiter must not write these again
                increments.forEach(i -> batch.remove(new Subject(i.kind(), i.subject())));
            }
        }
    }

    private void read(FailureLimiter limiter, Instant now) {
        FailureLimiter.Policy policy = limiter.policy();
        List<FailureCounts.Total> rows = store.recentFailures(
                kinds(limiter), Math.max(1, policy.freeFailures()), now.minus(policy.maxDelay()), MAX_READ);
        for (FailureCounts.Total row : rows) {
            Noted since = pending.get(new Subject(row.kind(), row.subject()));
            long failures = row.failures() + (since == null ? 0 : since.failures());
            limiter.merge(row.kind(), row.subject(), failures, row.lastFailure());
        }
    }

    private void failed(String what, RuntimeException e) {
        if (!failing) {
            log.warn("{}: {}; failures are counted on this instance only until the store answers", what, e.toString());
        } else {
            log.debug("{}", what, e);
        }
        failing = true;
    }

    private static List<String> kinds(FailureLimiter limiter) {
        return List.of(limiter.kind(FailureLimiter.ADDRESS), limiter.kind(FailureLimiter.LOGIN));
    }

    private static String nameOf(FailureLimiter limiter) {
        String kind = limiter.kind(FailureLimiter.ADDRESS);
        return kind.substring(0, kind.indexOf('.'));
    }

    private record Subject(String kind, String subject) {}

    /** Failures noted and not yet written, and the latest. */
    private record Noted(long failures, Instant last) {
        Noted plus(Noted other) {
            return new Noted(failures + other.failures, last.isAfter(other.last) ? last : other.last);
        }
    }
}
