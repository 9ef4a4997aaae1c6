package dev.patgate.demo.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeoutsTest {

    static Stream<Arguments> granted() {
        return Stream.of(
                Arguments.of(null, Timeouts.DEFAULT),
                Arguments.of("Second-600", Duration.ofSeconds(600)),
                Arguments.of("second-600", Duration.ofSeconds(600)),
                Arguments.of("Second-0", Duration.ofSeconds(1)),
                Arguments.of("Second-86400", Duration.ofDays(1)),
                Arguments.of("Second-86401", Timeouts.MAX),
                Arguments.of("Second-4100000000", Timeouts.MAX),
                Arguments.of("Second-999999999999999999999999", Timeouts.MAX),
                Arguments.of("Infinite", Timeouts.MAX),
                Arguments.of("Infinite, Second-4100000000", Timeouts.MAX),
                Arguments.of(" Second-60 , Infinite", Duration.ofSeconds(60)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("granted")
    void parseWhenValidThenFirstEntryCappedAtMax(String header, Duration expected) throws Exception {
        assertThat(Timeouts.parse(header)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Second-",
                "Second-x",
                "Second--1",
                "Minute-5",
                "600",
                "Second-60,",
                "Infinite,,Second-1",
                "Second-1 0"
            })
    void parseWhenMalformedThenRefused(String header) {
        assertThatThrownBy(() -> Timeouts.parse(header)).isInstanceOf(LockSyntaxException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 999, 1000, 1001, 59_999})
    void formatWhenRemainingHasAFractionThenRoundsUp(long millis) {
        long seconds = (millis + 999) / 1000;

        assertThat(Timeouts.format(Duration.ofMillis(millis))).isEqualTo("Second-" + seconds);
    }
}
