package dev.patgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.patgate.testsupport.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureLimiterTest {

    private static final String CLIENT = "192.0.2.1";

    final TestClock clock = TestClock.atDefaultStart();

    @ParameterizedTest(name = "{0} failures per {1}s")
    @CsvSource({"1, 60", "3, 60", "20, 60", "5, 1", "5, 3600"})
    void checkAllowedWhenLimitReachedWithinWindowThenRateLimitedWithRetryAfter(int max, long windowSeconds) {
        Duration window = Duration.ofSeconds(windowSeconds);
        FailureLimiter limiter = new FailureLimiter(clock, max, window);

        for (int i = 0; i < max; i++) {
            assertThatCode(() -> limiter.checkAllowed(CLIENT))
                    .as("before failure %d", i + 1)
                    .doesNotThrowAnyException();
            limiter.recordFailure(CLIENT);
            clock.advance(window.dividedBy(4 * max));
        }
        Refusal e = catchThrowableOfType(Refusal.class, () -> limiter.checkAllowed(CLIENT));

        assertThat(e).isNotNull();
        assertThat(e).isInstanceOf(Refusal.RateLimited.class);
        assertThat(e.retryAfterSeconds()).isPositive().isLessThanOrEqualTo(windowSeconds + 1);
    }

    @Test
    void checkAllowedWhenWindowPassesThenAllowedAgainWithAFreshBudget() throws Exception {
        FailureLimiter limiter = new FailureLimiter(clock, 3, Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            limiter.recordFailure(CLIENT);
        }
        clock.advance(Duration.ofSeconds(59));
        Refusal stillLimited = catchThrowableOfType(Refusal.class, () -> limiter.checkAllowed(CLIENT));
        assertThat(stillLimited.retryAfterSeconds()).isBetween(1L, 2L);

        clock.advance(Duration.ofSeconds(1));
        limiter.checkAllowed(CLIENT);

        limiter.recordFailure(CLIENT);
        limiter.recordFailure(CLIENT);
        limiter.checkAllowed(CLIENT);
        limiter.recordFailure(CLIENT);
        assertThat(catchThrowableOfType(Refusal.RateLimited.class, () -> limiter.checkAllowed(CLIENT)))
                .isNotNull();
    }

    @Test
    void checkAllowedWhenFailuresSpreadOverTwoWindowsThenNotLimited() throws Exception {
        FailureLimiter limiter = new FailureLimiter(clock, 3, Duration.ofMinutes(1));
        limiter.recordFailure(CLIENT);
        limiter.recordFailure(CLIENT);
        clock.advance(Duration.ofMinutes(1));

        limiter.recordFailure(CLIENT);
        limiter.recordFailure(CLIENT);

        limiter.checkAllowed(CLIENT);
    }

    @Test
    void checkAllowedWhenOneClientLimitedThenOtherClientsUnaffected() throws Exception {
        FailureLimiter limiter = new FailureLimiter(clock, 2, Duration.ofMinutes(1));
        limiter.recordFailure(CLIENT);
        limiter.recordFailure(CLIENT);
        limiter.recordFailure("192.0.2.2");

        assertThat(catchThrowableOfType(Refusal.RateLimited.class, () -> limiter.checkAllowed(CLIENT)))
                .isNotNull();
        limiter.checkAllowed("192.0.2.2");
        limiter.checkAllowed("2001:db8::1");
    }
}
