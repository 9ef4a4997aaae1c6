package dev.patgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.testsupport.TestClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureLimiterTest {

    private static final String CLIENT = "192.0.2.1";
    private static final FailureLimiter.Policy POLICY =
            new FailureLimiter.Policy(2, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(15));

    final TestClock clock = TestClock.atDefaultStart();
    final FailureLimiter limiter = new FailureLimiter(clock, POLICY);

    @ParameterizedTest(name = "failure {0} → wait {1} ms")
    @CsvSource({
        "0, 0",
        "1, 0",
        "2, 0",
        "3, 1000",
        "4, 2000",
        "5, 4000",
        "6, 8000",
        "7, 16000",
        "8, 30000",
        "9, 30000",
        "64, 30000",
        "65, 30000",
        "1000, 30000",
        "9223372036854775807, 30000"
    })
    void delayAfterWhenFailuresGrowThenDoublesPastTheFreeOnesUpToTheCap(long failures, long millis) {
        assertThat(POLICY.delayAfter(failures)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void blockedWhenFailuresKeepComingThenRetryAfterDoublesAndStopsAtTheCap() {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Refusal.RateLimited limited = limiter.blocked(CLIENT, null);
            waits.add(limited == null ? 0 : limited.retryAfterSeconds());
            limiter.recordFailure(CLIENT, null);
        }

        assertThat(waits).containsExactly(0L, 0L, 0L, 1L, 2L, 4L, 8L, 16L, 30L, 30L);
        assertThat(limiter.failuresOf(CLIENT)).isEqualTo(10);
    }

    @Test
    void blockedWhenTheWaitPassesThenFreeAgainButTheCountStays() {
        for (int i = 0; i < 4; i++) {
            limiter.recordFailure(CLIENT, null);
        }
        assertThat(limiter.blocked(CLIENT, null).retryAfterSeconds()).isEqualTo(2);

        clock.advance(Duration.ofMillis(1500));
        assertThat(limiter.blocked(CLIENT, null).retryAfterSeconds())
                .as("rounded up")
                .isEqualTo(1);
        clock.advance(Duration.ofMillis(500));
        assertThat(limiter.blocked(CLIENT, null)).isNull();

        limiter.recordFailure(CLIENT, null);
        assertThat(limiter.blocked(CLIENT, null).retryAfterSeconds())
                .as("the fifth failure waits 4 s")
                .isEqualTo(4);
    }

    @Test
    void recordFailureWhenForgetAfterPassesWithoutFailureThenCountStartsAgain() {
        for (int i = 0; i < 6; i++) {
            limiter.recordFailure(CLIENT, "alice");
        }
        clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        assertThat(limiter.failuresOf(CLIENT)).isEqualTo(6);

        clock.advance(Duration.ofSeconds(1));

        assertThat(limiter.failuresOf(CLIENT)).isZero();
        limiter.recordFailure(CLIENT, "alice");
        assertThat(limiter.blocked(CLIENT, "alice")).as("a free failure again").isNull();
    }

    @Test
    void blockedWhenOneLoginFailsFromManyAddressesThenTheLoginWaitsAndItsAddressesDoNot() {
        for (int i = 1; i <= 3; i++) {
            limiter.recordFailure("192.0.2." + i, "alice");
        }

        assertThat(limiter.blocked("198.51.100.7", "alice")).isNotNull();
        assertThat(limiter.blocked("198.51.100.7", "alice").retryAfterSeconds()).isEqualTo(1);
        assertThat(limiter.blocked("198.51.100.7", "bob")).isNull();
        assertThat(limiter.blocked("192.0.2.1", null)).isNull();
        assertThat(limiter.blocked("192.0.2.1", "bob")).isNull();
    }

    @Test
    void blockedWhenLoginsDifferOnlyAfterTheKeptLengthThenTheyShareOneCount() {
        String prefix = "x".repeat(FailureLimiter.MAX_KEY_LENGTH);
        for (int i = 0; i < 3; i++) {
            limiter.recordFailure("192.0.2." + i, prefix + i);
        }

        assertThat(limiter.blocked("198.51.100.7", prefix + "anything")).isNotNull();
        assertThat(limiter.blocked("198.51.100.7", prefix.substring(1))).isNull();
    }

    @Test
    void blockedWhenAddressAndLoginBothWaitThenTheLongerWaitIsAsked() {
        for (int i = 0; i < 6; i++) {
            limiter.recordFailure(CLIENT, null); // the address: 8 s
        }
        for (int i = 0; i < 3; i++) {
            limiter.recordFailure("198.51.100.7", "alice"); // the login: 1 s
        }

        assertThat(limiter.blocked(CLIENT, "alice").retryAfterSeconds()).isEqualTo(8);
        assertThat(limiter.blocked("203.0.113.9", "alice").retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void blockedWhenNeighboursInOneSlash64FailThenTheWholeSlash64WaitsAndTheNextOneDoesNot() {
        limiter.recordFailure("2001:db8:0:1::1", null);
        limiter.recordFailure("2001:db8:0:1:aaaa::2", null);
        limiter.recordFailure("[2001:db8:0:1:ffff:ffff:ffff:ffff]", null);

        assertThat(limiter.blocked("2001:db8:0:1::42", null)).isNotNull();
        assertThat(limiter.blocked("2001:db8:0:2::1", null)).isNull();
        assertThat(limiter.blocked("2001:db8:0:0::1", null)).isNull();
    }

    @Test
    void blockedWhenIpv4NeighboursFailThenOnlyTheFailingAddressWaits() {
        for (int i = 0; i < 3; i++) {
            limiter.recordFailure("192.0.2.1", null);
        }

        assertThat(limiter.blocked("192.0.2.1", null)).isNotNull();
        assertThat(limiter.blocked("::ffff:192.0.2.1", null)).as("IPv4-mapped").isNotNull();
        assertThat(limiter.blocked("192.0.2.2", null)).isNull();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "192.0.2.1, 192.0.2.1",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "2001:db8:0:1::1, 2001:db8:0:1::/64",
        "2001:DB8:0:1:FFFF:FFFF:FFFF:FFFF, 2001:db8:0:1::/64",
        "[2001:db8::1], 2001:db8::/64",
        "2001:db8:aa:bb:cc:dd:ee:ff, 2001:db8:aa:bb::/64",
        "2001:0:0:10::1, 2001:0:0:10::/64",
        "::1, ::/64",
        "fe80::1%1, fe80::/64",
        "::ffff:192.0.2.1, 192.0.2.1",
        "::ffff:c000:0201, 192.0.2.1",
        "999.1.1.1, 999.1.1.1",
        "01.2.3.4, 01.2.3.4",
        "1.2.3, 1.2.3",
        "localhost, localhost",
        "example.invalid, example.invalid",
        "2001:db8::zz, 2001:db8::zz",
        "'', -"
    })
    void addressGroupWhenAnyAddressThenIpv4ItselfIpv6ItsSlash64AndAnythingElseUnchanged(String address, String group) {
        assertThat(FailureLimiter.addressGroup(address)).isEqualTo(group);
    }

    @Test
    void addressGroupWhenGivenAnInetAddressThenTheSameAsItsLiteral() throws Exception {
        assertThat(FailureLimiter.addressGroup(InetAddress.getByName("2001:db8:0:1::5")))
                .isEqualTo(FailureLimiter.addressGroup("2001:db8:0:1::5"));
        assertThat(FailureLimiter.addressGroup(InetAddress.getByName("127.0.0.2")))
                .isEqualTo("127.0.0.2");
    }

    @ParameterizedTest(name = "{4}")
    @CsvSource({
        "-1, 1, 30, 900, free failures must not be negative",
        "0, 0, 30, 900, base delay must be positive",
        "0, 31, 30, 900, max delay must not be shorter than base delay",
        "0, 1, 30, 29, forget after must not be shorter than max delay"
    })
    void policyWhenOutOfRangeThenRefusedNamingTheField(int free, long base, long max, long forget, String message) {
        assertThatThrownBy(() -> new FailureLimiter.Policy(
                        free, Duration.ofSeconds(base), Duration.ofSeconds(max), Duration.ofSeconds(forget)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
