package dev.patgate.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.patgate.time.ClockTickers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Counts failed authentications per client address in fixed windows. A client that reaches the
 * limit is refused before its credentials are even read, until its window ends. Bounded: at most
 * 100,000 addresses are tracked; the least recently seen are forgotten first. Thread-safe.
 */
public final class FailureLimiter {

    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Cache<String, Window> windows;

    public FailureLimiter(Clock clock, int maxFailures, Duration window) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
        this.windows = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterAccess(window.toNanos(), TimeUnit.NANOSECONDS)
                .ticker(ClockTickers.of(clock))
                .build();
    }

    /**
     * @throws Refusal a {@link Refusal.RateLimited} with the seconds until the
     *         client's window ends, when it has used up its failures
     */
    public void checkAllowed(String client) throws Refusal {
        Window w = windows.getIfPresent(client);
        if (w == null) {
            return;
        }
        Instant now = clock.instant();
        if (w.failures >= maxFailures && now.isBefore(w.end)) {
            throw Refusal.rateLimited(Duration.between(now, w.end).toSeconds() + 1);
        }
    }

    /** Counts one failure against {@code client}. */
    public void recordFailure(String client) {
        Instant now = clock.instant();
        windows.asMap().compute(client, (k, w) -> {
            if (w == null || !now.isBefore(w.end)) {
                return new Window(now.plus(window), 1);
            }
            return new Window(w.end, w.failures + 1);
        });
    }

    private record Window(Instant end, int failures) {}
}
