package dev.patgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DurationsTest {

    private static final long HUNDRED_YEARS_S = 100L * 365 * 24 * 3600;

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("90", Duration.ofSeconds(90)),
                Arguments.of("1", Duration.ofSeconds(1)),
                Arguments.of("90s", Duration.ofSeconds(90)),
                Arguments.of("1s", Duration.ofSeconds(1)),
                Arguments.of("10m", Duration.ofMinutes(10)),
                Arguments.of("24h", Duration.ofHours(24)),
                Arguments.of("7d", Duration.ofDays(7)),
                Arguments.of("36500d", Duration.ofSeconds(HUNDRED_YEARS_S)),
                Arguments.of("876000h", Duration.ofSeconds(HUNDRED_YEARS_S)),
                Arguments.of("52560000m", Duration.ofSeconds(HUNDRED_YEARS_S)),
                Arguments.of(Long.toString(HUNDRED_YEARS_S), Duration.ofSeconds(HUNDRED_YEARS_S)),
                Arguments.of(HUNDRED_YEARS_S + "s", Duration.ofSeconds(HUNDRED_YEARS_S)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parseWhenValidThenDuration(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("null", null),
                Arguments.of("zero", "0"),
                Arguments.of("zero seconds", "0s"),
                Arguments.of("zeros in days", "000d"),
                Arguments.of("negative", "-5m"),
                Arguments.of("explicit plus", "+5m"),
                Arguments.of("fraction", "1.5h"),
                Arguments.of("comma fraction", "1,5h"),
                Arguments.of("weeks", "2w"),
                Arguments.of("milliseconds", "5ms"),
                Arguments.of("unit only", "h"),
                Arguments.of("unit first", "m5"),
                Arguments.of("leading space", " 5m"),
                Arguments.of("trailing space", "5m "),
                Arguments.of("space inside", "5 m"),
                Arguments.of("tab", "\t5m"),
                Arguments.of("NUL", "5\0m"),
                Arguments.of("upper-case minutes", "5M"),
                Arguments.of("upper-case days", "7D"),
                Arguments.of("two units", "1h30m"),
                Arguments.of("exponent", "1e3s"),
                Arguments.of("hex", "0x10s"),
                Arguments.of("ISO-8601", "PT5M"),
                Arguments.of("long overflow", "99999999999999999999d"),
                Arguments.of("long overflow bare", "99999999999999999999"),
                Arguments.of("just past 100 years in days", "36501d"),
                Arguments.of("just past 100 years in seconds", (HUNDRED_YEARS_S + 1) + "s"),
                Arguments.of("just past 100 years bare", Long.toString(HUNDRED_YEARS_S + 1)),
                Arguments.of("overflows when multiplied", "9223372036854775d"),
                Arguments.of("full-width digits", "\uFF15m"),
                Arguments.of("Arabic-Indic digits", "\u0665\u0660m"),
                Arguments.of("Arabic-Indic bare", "\u0665"),
                Arguments.of("superscript digit", "\u00B2h"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void parseWhenInvalidThenRefusedSayingWhatIsAccepted(String name, String text) {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> Durations.parse(text));

        assertThat(e).as(name).isNotNull();
        assertThat(e.getMessage()).endsWith(": " + Durations.ACCEPTED).matches("[\\x20-\\x7e]+");
    }

    @Test
    void parseWhenLongInputThenMessageDoesNotQuoteIt() {
        String longText = "123456789012345678901234567890x";

        IllegalArgumentException e =
                catchThrowableOfType(IllegalArgumentException.class, () -> Durations.parse(longText));

        assertThat(e.getMessage()).doesNotContain(longText).contains(Durations.ACCEPTED);
    }

    static Stream<Arguments> formatted() {
        return Stream.of(
                Arguments.of(Duration.ofSeconds(1), "1s"),
                Arguments.of(Duration.ofSeconds(90), "90s"),
                Arguments.of(Duration.ofSeconds(120), "2m"),
                Arguments.of(Duration.ofMinutes(90), "90m"),
                Arguments.of(Duration.ofHours(1), "1h"),
                Arguments.of(Duration.ofHours(36), "36h"),
                Arguments.of(Duration.ofSeconds(86400), "1d"),
                Arguments.of(Duration.ofDays(7), "7d"),
                Arguments.of(Duration.ofSeconds(HUNDRED_YEARS_S), "36500d"),
                Arguments.of(Duration.ofSeconds(86401), "86401s"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("formatted")
    void formatWhenPositiveThenLargestDividingUnitAndParsesBack(Duration duration, String expected) {
        String text = Durations.format(duration);

        assertThat(text).isEqualTo(expected);
        assertThat(Durations.parse(text)).isEqualTo(duration);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void formatWhenParsedValueThenRoundTrips(String text, Duration parsed) {
        assertThat(Durations.parse(Durations.format(Durations.parse(text)))).isEqualTo(parsed);
    }
}
