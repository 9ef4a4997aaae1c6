package dev.patgate.time;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.patgate.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClockTickersTest {

    @ParameterizedTest(name = "{0} ms")
    @ValueSource(longs = {0, 1, 999, 60_000, 86_400_000})
    void readWhenClockMovesThenTickerMovesByTheSameNanoseconds(long millis) {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        Ticker ticker = ClockTickers.of(clock);
        long before = ticker.read();

        clock.advance(Duration.ofMillis(millis));

        assertThat(ticker.read() - before).isEqualTo(millis * 1_000_000);
        assertThat(ticker.read()).isEqualTo(clock.millis() * 1_000_000);
    }
}
