package dev.patgate.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpiryHeadersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2026-12-07T17:00:00Z,           2026-12-07T17:00:00Z",
        "2026-12-07T17:00:00.999999999Z, 2026-12-07T17:00:00Z",
        "2026-12-07T17:00:01.000000001Z, 2026-12-07T17:00:01Z",
        "1969-12-31T23:59:59.500Z,       1969-12-31T23:59:59Z",
        "2026-12-07T17:00:00.5Z,         2026-12-07T17:00:00Z"
    })
    void formatWhenInstantThenUtcWholeSecondsRoundedDown(String instant, String shown) {
        assertThat(ExpiryHeaders.format(Instant.parse(instant))).isEqualTo(shown);
    }

    @Test
    void formatWhenSecondsAlternateThenEachIsItsOwn() {
        Instant a = Instant.parse("2026-12-07T17:00:00.250Z");
        Instant b = Instant.parse("2027-01-01T00:00:00Z");
        for (int i = 0; i < 3; i++) {
            assertThat(ExpiryHeaders.format(a)).isEqualTo("2026-12-07T17:00:00Z");
            assertThat(ExpiryHeaders.format(a.plusMillis(700))).isEqualTo("2026-12-07T17:00:00Z");
            assertThat(ExpiryHeaders.format(b)).isEqualTo("2027-01-01T00:00:00Z");
        }
    }
}
