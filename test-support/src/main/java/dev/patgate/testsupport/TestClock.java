package dev.patgate.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that stands still until a test moves it; tests move time, they never sleep to let it
 * pass. Thread-safe: servers under test may read it while the test advances it.
 */
public final class TestClock extends Clock {

    /** Where {@link #atDefaultStart()} starts: a fixed, whole-second instant. */
    public static final Instant DEFAULT_START = Instant.parse("2025-06-01T10:00:00Z");

    private final AtomicReference<Instant> now;

    public TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** A clock at {@link #DEFAULT_START}. */
    public static TestClock atDefaultStart() {
        return new TestClock(DEFAULT_START);
    }

    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    public void set(Instant to) {
        now.set(to);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** @throws UnsupportedOperationException always: tests use UTC only */
    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("TestClock is UTC only");
    }
}
