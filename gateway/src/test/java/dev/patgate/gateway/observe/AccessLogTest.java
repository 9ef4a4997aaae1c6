package dev.patgate.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long AT = Instant.parse("2026-01-05T10:00:00.120Z").toEpochMilli();

    private static Exchange exchange(String user, String path, long durationNanos, long upstreamNanos) {
        return new Exchange(
                AT,
                "192.0.2.7",
                user,
                user == null ? null : "AbCdEf123456",
                "PUT",
                path,
                201,
                12,
                0,
                durationNanos,
                upstreamNanos);
    }

    @ParameterizedTest(name = "{0} ns -> {1}")
    @CsvSource({
        "0,          0.000",
        "999,        0.000",
        "1000,       0.001",
        "12000,      0.012",
        "123000,     0.123",
        "3210000,    3.210",
        "1234567890, 1234.567",
        "-5,         0.000"
    })
    void textWhenDurationThenMillisecondsWithThreeDecimals(long nanos, String shown) {
        String line = AccessLog.text(exchange("alice", "/dav/a.txt", nanos, Math.max(0, nanos)));

        assertThat(line).contains(" duration_ms=" + shown + " upstream_ms=" + shown);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            accepted, reached the backend | alice | 2000000 | time=2026-01-05T10:00:00.120Z client=192.0.2.7 user=alice token=AbCdEf123456 method=PUT path=/dav/a.txt status=201 in=12 out=0 duration_ms=3.000 upstream_ms=2.000
            refused                       |       | -1      | time=2026-01-05T10:00:00.120Z client=192.0.2.7 user=- token=- method=PUT path=/dav/a.txt status=201 in=12 out=0 duration_ms=3.000 upstream_ms=-
            """)
    void textWhenExchangeThenFixedOrderAndDashForMissing(String what, String user, long upstream, String expected) {
        assertThat(AccessLog.text(exchange(user, "/dav/a.txt", 3_000_000, upstream)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            plain             | /dav/a.txt
            quote and slash   | /dav/a"b\\\\c
            unicode           | /dav/\u00e9t\u00e9
            control character | /dav/a\u0001b
            """)
    void jsonWhenPathHasAnyCharacterThenLineParsesAndKeepsIt(String what, String path) throws Exception {
        String line = AccessLog.json(exchange("alice", path, 3_000_000, 2_500_000));

        assertThat(line).doesNotContain("\n");
        JsonNode entry = JSON.readTree(line);
        assertThat(entry.get("path").asText()).isEqualTo(path);
        assertThat(entry.get("time").asText()).isEqualTo("2026-01-05T10:00:00.120Z");
        assertThat(entry.get("duration_ms").decimalValue()).isEqualByComparingTo("3.000");
        assertThat(entry.get("upstream_ms").decimalValue()).isEqualByComparingTo("2.500");
        assertThat(entry.get("bytes_in").asLong()).isEqualTo(12);
    }

    @ParameterizedTest(name = "user {0}")
    @CsvSource({"alice", "''"})
    void jsonWhenNoTokenOrNoBackendThenNullsNotMissingFields(String user) throws Exception {
        String login = user.isEmpty() ? null : user;
        JsonNode entry = JSON.readTree(AccessLog.json(exchange(login, "/x", 1, -1)));

        assertThat(entry.has("user")).isTrue();
        assertThat(entry.get("user").isNull()).isEqualTo(login == null);
        assertThat(entry.get("token_id").isNull()).isEqualTo(login == null);
        assertThat(entry.get("upstream_ms").isNull()).isTrue();
        assertThat(entry.size()).isEqualTo(11);
    }
}
