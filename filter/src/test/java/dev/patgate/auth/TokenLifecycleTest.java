package dev.patgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.patgate.store.JdbcTokenStore;
import dev.patgate.testing.CountingTokenStore;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.Scope;
import dev.patgate.token.TokenDigester;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The expiry matrix (hard, sliding, capped sliding, exact at each boundary, with an injected clock),
 * and rotation of each kind with reuse detection, on a real SQLite store.
 */
class TokenLifecycleTest {

    private static final String IP = "192.0.2.10";
    private static final Duration HARD = Duration.ofHours(1);
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Duration MS = Duration.ofMillis(1);
    private static final Scope SCOPE = Scope.parse("node:6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab:r");

    @TempDir
    Path dir;

    final TestClock clock = TestClock.atDefaultStart();
    final Instant t0 = clock.instant();
    final TokenDigester digester =
            new TokenDigester("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    JdbcTokenStore sqlite;
    CountingTokenStore store;
    UsageRecorder usage;
    TokenAuthenticator authenticator;
    TokenIssuer issuer;

    @BeforeEach
    void openStore() {
        sqlite = JdbcTokenStore.open("jdbc:sqlite:" + dir.resolve("patgate.db"), null, null);
        store = new CountingTokenStore(sqlite);
        usage = new UsageRecorder(store);
        authenticator = new TokenAuthenticator(store, digester, clock, usage, 1000);
        issuer = new TokenIssuer(sqlite, digester, clock, null);
    }

    @AfterEach
    void closeStore() {
        sqlite.close();
    }

    enum Kind {
        HARD(TokenLifecycleTest.HARD, null),
        SLIDING(null, WINDOW),
        CAPPED(TokenLifecycleTest.HARD, WINDOW);

        final Duration hard;
        final Duration window;

        Kind(Duration hard, Duration window) {
            this.hard = hard;
            this.window = window;
        }
    }

    IssuedToken issue(Kind kind) {
        return issuer.issue(new TokenRequest("alice", "phone", "admin", kind.hard, kind.window, List.of(SCOPE)));
    }

    AuthenticatedToken use(IssuedToken issued) throws Refusal {
        return authenticator.authenticate(new Credentials.Bearer(issued.plaintext()), IP);
    }

    String refusal(IssuedToken issued) {
        return catchThrowableOfType(Refusal.class, () -> use(issued)).reason();
    }

    /** Uses the token every 9 minutes (within its window) and last at {@code until}, and writes the uses. */
    void keepUsing(IssuedToken issued, Duration until) throws Refusal {
        for (Duration t = Duration.ofMinutes(9); t.compareTo(until) < 0; t = t.plusMinutes(9)) {
            at(t);
            use(issued);
        }
        at(until);
        use(issued);
        usage.flush();
    }

    void at(Duration sinceStart) {
        clock.set(t0.plus(sinceStart));
    }

    /**
     * kind, when it was last used before (null: never), when it is presented, and when it then
     * lapses (null: refused as expired).
     */
    static Stream<Arguments> matrix() {
        Duration h = HARD;
        Duration w = WINDOW;
        return Stream.of(
                Arguments.of(Kind.HARD, null, h.minus(MS), h),
                Arguments.of(Kind.HARD, null, h, null),
                Arguments.of(Kind.HARD, Duration.ofMinutes(59), h.minus(MS), h),
                Arguments.of(Kind.SLIDING, null, w.minus(MS), w.minus(MS).plus(w)),
                Arguments.of(Kind.SLIDING, null, w, null),
                Arguments.of(
                        Kind.SLIDING,
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(15).minus(MS),
                        Duration.ofMinutes(25).minus(MS)),
                Arguments.of(Kind.SLIDING, Duration.ofMinutes(5), Duration.ofMinutes(15), null),
                Arguments.of(Kind.CAPPED, null, w.minus(MS), w.minus(MS).plus(w)),
                Arguments.of(Kind.CAPPED, null, w, null),
                Arguments.of(Kind.CAPPED, Duration.ofMinutes(50), Duration.ofMinutes(55), h),
                Arguments.of(Kind.CAPPED, Duration.ofMinutes(55), h.minus(MS), h),
                Arguments.of(Kind.CAPPED, Duration.ofMinutes(55), h, null));
    }

    @ParameterizedTest(name = "{0}, last used at {1}, presented at {2}: lapses at {3}")
    @MethodSource("matrix")
    void authenticateAtEachBoundaryThenAcceptedUntilTheInstantItLapses(
            Kind kind, Duration usedAt, Duration presentedAt, Duration lapses) throws Exception {
        IssuedToken issued = issue(kind);
        if (usedAt != null) {
            keepUsing(issued, usedAt);
        }
        at(presentedAt);

        if (lapses == null) {
            assertThat(refusal(issued)).isEqualTo("expired");
        } else {
            AuthenticatedToken token = use(issued);
            assertThat(token.validUntil()).isEqualTo(t0.plus(lapses));
            assertThat(token.cap()).isEqualTo(kind == Kind.CAPPED ? t0.plus(HARD) : null);
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Kind.class)
    void rotateWhenActiveThenSuccessorKeepsSettingsAndHardExpiryStaysAbsolute(Kind kind) throws Exception {
        IssuedToken old = issue(kind);
        at(Duration.ofMinutes(8));
        use(old);

        IssuedToken successor = issuer.rotate(old.record(), "alice");
        authenticator.invalidate(List.of(old.record().id())); // as the token API does

        assertThat(successor.record().label()).isEqualTo("phone");
        assertThat(successor.record().scopes()).containsExactly(SCOPE);
        assertThat(successor.record().refreshWindow()).isEqualTo(kind.window);
        assertThat(successor.record().expiresAt()).isEqualTo(old.record().expiresAt());
        assertThat(refusal(old)).as("the old one is revoked at once here").startsWith("rotated token reused");
        // the old one's reuse revoked the successor too; rotate again from a fresh token for the rest
        IssuedToken fresh = issue(kind);
        at(Duration.ofMinutes(9));
        IssuedToken next = issuer.rotate(fresh.record(), "alice");
        Instant expected = switch (kind) {
            case HARD -> fresh.record().expiresAt();
            case SLIDING -> clock.instant().plus(WINDOW);
            case CAPPED -> clock.instant().plus(WINDOW);
        };
        assertThat(use(next).validUntil()).isEqualTo(expected);
        switch (kind) {
            case HARD -> {
                clock.set(fresh.record().expiresAt().minus(MS));
                use(next);
                clock.set(fresh.record().expiresAt());
                assertThat(refusal(next)).as("not renewed by rotation").isEqualTo("expired");
            }
            case CAPPED -> assertThat(use(next).cap()).isEqualTo(fresh.record().expiresAt());
            case SLIDING -> {
                at(Duration.ofMinutes(9).plus(WINDOW));
                assertThat(refusal(next)).isEqualTo("expired");
            }
        }
    }

    @Test
    void useOfRotatedAwayTokenThenWholeFamilyRevokedOnceAndNamed() throws Exception {
        IssuedToken first = issue(Kind.HARD);
        IssuedToken second = issuer.rotate(first.record(), "alice");
        clock.advance(Duration.ofSeconds(1));
        IssuedToken third = issuer.rotate(second.record(), "alice");
        clock.advance(Duration.ofSeconds(1));
        IssuedToken unrelated = issue(Kind.HARD);
        assertThat(use(third).tokenId()).isEqualTo(third.record().id());

        String reason = refusal(first);

        assertThat(reason)
                .startsWith("rotated token reused: possible theft; revoked rotation family "
                        + first.record().id())
                .contains("1 token: " + third.record().id());
        assertThat(refusal(third)).as("dropped from the cache at once").isEqualTo("revoked");
        assertThat(refusal(second)).contains("already revoked");
        assertThat(use(unrelated).tokenId()).isEqualTo(unrelated.record().id());
        assertThat(store.changesSince(0).tokenIds())
                .as("announced to other gateways")
                .contains(
                        first.record().id(),
                        second.record().id(),
                        third.record().id());
    }

    @Test
    void rotateWhenRevokedOrExpiredThenRefusedAndNothingChanges() {
        IssuedToken revoked = issue(Kind.HARD);
        sqlite.revoke(revoked.record().id(), clock.instant());
        IssuedToken expired = issue(Kind.SLIDING);
        at(WINDOW);

        assertThatThrownBy(() ->
                        issuer.rotate(sqlite.findById(revoked.record().id()).orElseThrow(), "alice"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the token is revoked");
        assertThatThrownBy(() -> issuer.rotate(expired.record(), "alice"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the token has expired");
        assertThatThrownBy(() -> issuer.rotate(revoked.record(), "alice"))
                .as("a stale record: the store still refuses")
                .isInstanceOf(IllegalStateException.class);
        assertThat(sqlite.findByLogin("alice")).hasSize(2);
        assertThat(refusal(revoked)).isEqualTo("revoked");
    }
}
