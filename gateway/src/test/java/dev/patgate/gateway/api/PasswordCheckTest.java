package dev.patgate.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.patgate.auth.FailureLimiter;
import dev.patgate.gateway.TestHome;
import dev.patgate.gateway.users.User;
import dev.patgate.gateway.users.UserDirectory;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

/** The password check's own budget and its bound on bcrypt work; the servlet request is a stub. */
class PasswordCheckTest {

    private static final UserDirectory USERS = UserDirectory.of(List.of(
            new User("alice", TestHome.hash("alice-pw"), false), new User("bob", TestHome.hash("bob-pw"), false)));

    final TestClock clock = TestClock.atDefaultStart();
    final FailureLimiter limiter = new FailureLimiter(
            clock, new FailureLimiter.Policy(1, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(15)));
    final Semaphore slots = new Semaphore(2);
    final PasswordCheck check = new PasswordCheck(USERS, limiter, slots);

    static HttpServletRequest request(String client, String authorization) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getRemoteAddr()).thenReturn(client);
        when(request.getHeaders("Authorization"))
                .thenReturn(Collections.enumeration(authorization == null ? List.of() : List.of(authorization)));
        when(request.getRequestURI()).thenReturn("/patgate/tokens");
        when(request.getMethod()).thenReturn("GET");
        return request;
    }

    @Test
    void authenticateWhenEveryCheckSlotIsTakenThen503AtOnceWithoutACheckOrACount() throws Exception {
        slots.acquire(2);

        ApiError busy = catchThrowableOfType(
                ApiError.class, () -> check.authenticate(request("192.0.2.1", Requests.basic("alice", "wrong"))));

        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.retryAfterSeconds()).isEqualTo(1);
        assertThat(limiter.failuresOf("192.0.2.1"))
                .as("not checked, so not a failure")
                .isZero();
        slots.release(1);
        assertThat(check.authenticate(request("192.0.2.1", Requests.basic("alice", "alice-pw"))))
                .isEqualTo("alice");
        assertThat(slots.availablePermits()).as("the slot is given back").isEqualTo(1);
    }

    @Test
    void authenticateWhenWrongPasswordThenSlotGivenBackAndCountedForAddressAndLogin() {
        ApiError wrong = catchThrowableOfType(
                ApiError.class, () -> check.authenticate(request("192.0.2.1", Requests.basic("alice", "guess"))));

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(slots.availablePermits()).isEqualTo(2);
        assertThat(limiter.failuresOf("192.0.2.1")).isEqualTo(1);
    }

    @Test
    void authenticateWhenTheLoginWaitsThen429ForTheRightPasswordFromAnotherAddressWithoutACheck() throws Exception {
        for (String client : List.of("192.0.2.1", "192.0.2.2")) {
            catchThrowableOfType(
                    ApiError.class, () -> check.authenticate(request(client, Requests.basic("alice", "guess"))));
        }
        slots.acquire(2); // a check now would be 503: a 429 proves the login was refused before any check

        ApiError limited = catchThrowableOfType(
                ApiError.class, () -> check.authenticate(request("198.51.100.7", Requests.basic("alice", "alice-pw"))));

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.retryAfterSeconds()).isEqualTo(1);
        slots.release(2);
        assertThat(check.authenticate(request("198.51.100.7", Requests.basic("bob", "bob-pw"))))
                .as("another login from the same address")
                .isEqualTo("bob");
        clock.advance(Duration.ofSeconds(1));
        assertThat(check.authenticate(request("198.51.100.7", Requests.basic("alice", "alice-pw"))))
                .isEqualTo("alice");
    }

    @Test
    void authenticateWhenMalformedHeaderThenCountedForTheAddressAnd429OnceItWaits() {
        for (int i = 0; i < 2; i++) {
            ApiError bad =
                    catchThrowableOfType(ApiError.class, () -> check.authenticate(request("192.0.2.1", "Basic !!")));
            assertThat(bad.status()).isEqualTo(400);
        }

        ApiError limited = catchThrowableOfType(
                ApiError.class, () -> check.authenticate(request("192.0.2.1", Requests.basic("alice", "alice-pw"))));

        assertThat(limited.status()).isEqualTo(429);
    }
}
