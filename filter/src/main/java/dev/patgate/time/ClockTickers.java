package dev.patgate.time;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Caffeine tickers driven by a {@link Clock}, so that a test that moves the clock moves cache expiry too. */
public final class ClockTickers {

    private ClockTickers() {}

    /** A ticker reading {@code clock} in nanoseconds, at the clock's millisecond resolution. */
    public static Ticker of(Clock clock) {
        Objects.requireNonNull(clock, "clock must not be null");
        return () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }
}
