package dev.patgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.testsupport.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreOutageTest {

    final TestClock clock = TestClock.atDefaultStart();
    final StoreOutage outage = new StoreOutage(clock, Duration.ofMinutes(2));

    @Test
    void beyondGraceWhenFailingThenCountedFromTheLastSuccessfulPoll() {
        outage.polled();
        clock.advance(Duration.ofSeconds(30));
        outage.failed();
        assertThat(outage.storeAway()).isTrue();

        clock.advance(Duration.ofSeconds(89));
        assertThat(outage.beyondGrace()).as("1 min 59 s after the last poll").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(outage.beyondGrace()).as("2 min after the last poll").isTrue();

        outage.polled();
        assertThat(outage.storeAway()).isFalse();
        assertThat(outage.beyondGrace()).isFalse();
    }

    @Test
    void beyondGraceWhenTheStoreAnswersThenNeverHoweverOldThePoll() {
        clock.advance(Duration.ofHours(3));

        assertThat(outage.beyondGrace()).isFalse();
        assertThat(outage.mayTryStore()).isTrue();
        assertThat(outage.mayTryStore()).isTrue();
    }

    @Test
    void mayTryStoreWhenAwayThenOnceASecondAndALookupThatAnswersEndsIt() {
        outage.failed();
        assertThat(outage.mayTryStore()).as("right after the failure").isFalse();

        clock.advance(Duration.ofMillis(999));
        assertThat(outage.mayTryStore()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(outage.mayTryStore()).isTrue();
        assertThat(outage.mayTryStore()).as("the second in the same second").isFalse();

        outage.answered();
        assertThat(outage.storeAway()).isFalse();
        assertThat(outage.mayTryStore()).isTrue();
    }

    @Test
    void constructWhenGraceNegativeThenRefused() {
        assertThatThrownBy(() -> new StoreOutage(clock, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("outage grace must not be negative");
    }
}
