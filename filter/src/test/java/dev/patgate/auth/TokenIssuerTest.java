package dev.patgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.store.JdbcTokenStore;
import dev.patgate.store.TokenRecord;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.PersonalToken;
import dev.patgate.token.Scope;
import dev.patgate.token.TokenDigester;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenIssuerTest {

    private static final Duration CAP = Duration.ofDays(30);

    @TempDir
    Path dir;

    final TestClock clock = TestClock.atDefaultStart();
    final TokenDigester digester = new TokenDigester(new byte[32]);
    JdbcTokenStore store;

    @BeforeEach
    void openStore() {
        store = JdbcTokenStore.open("jdbc:sqlite:" + dir.resolve("patgate.db"), null, null);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void issueWhenRequestValidThenPlaintextOnceAndOnlyItsDigestStored() throws Exception {
        Scope scope = Scope.parse("node:6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab:r");
        TokenIssuer issuer = new TokenIssuer(store, digester, clock, null);

        IssuedToken issued = issuer.issue(
                new TokenRequest("alice", "laptop", "admin", Duration.ofDays(7), Duration.ofHours(1), List.of(scope)));

        PersonalToken token = PersonalToken.parse(issued.plaintext());
        TokenRecord stored = store.findById(token.id()).orElseThrow();
        assertThat(stored.id()).isEqualTo(issued.record().id());
        assertThat(stored.login()).isEqualTo("alice");
        assertThat(stored.label()).isEqualTo("laptop");
        assertThat(stored.createdBy()).isEqualTo("admin");
        assertThat(stored.createdAt()).isEqualTo(clock.instant());
        assertThat(stored.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        assertThat(stored.refreshWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(stored.scopes()).containsExactly(scope);
        assertThat(digester.matches(token, stored.secretDigest())).isTrue();
        assertThat(new String(stored.secretDigest(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(token.secret());
    }

    static Stream<Arguments> underCap() {
        return Stream.of(
                Arguments.of("at the cap", CAP, null),
                Arguments.of("below the cap", Duration.ofDays(1), null),
                Arguments.of("below the cap, sliding", Duration.ofDays(1), Duration.ofHours(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("underCap")
    void issueWhenWithinLifetimeCapThenIssued(String name, Duration hard, Duration sliding) {
        TokenIssuer issuer = new TokenIssuer(store, digester, clock, CAP);

        IssuedToken issued = issuer.issue(new TokenRequest("alice", null, null, hard, sliding, null));

        assertThat(store.findById(issued.record().id())).isPresent();
    }

    static Stream<Arguments> overCap() {
        return Stream.of(
                Arguments.of("longer than the cap", CAP.plusSeconds(1), null, "the hard expiry must not be longer"),
                Arguments.of("sliding without a hard limit", null, Duration.ofHours(1), "a hard expiry is needed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overCap")
    void issueWhenBreakingLifetimeCapThenRefusedNamingTheCapAndNothingStored(
            String name, Duration hard, Duration sliding, String advice) {
        TokenIssuer issuer = new TokenIssuer(store, digester, clock, CAP);

        assertThatThrownBy(() -> issuer.issue(new TokenRequest("alice", null, null, hard, sliding, null)))
                .isInstanceOfSatisfying(LifetimeCapException.class, e -> {
                    assertThat(e.cap()).isEqualTo(CAP);
                    assertThat(e.missing()).isEqualTo(hard == null);
                })
                .hasMessageContaining("30d")
                .hasMessageContaining(advice);
        assertThat(store.findByLogin("alice")).isEmpty();
    }

    @Test
    void issueWhenNoCapThenSlidingOnlyTokenAllowed() {
        TokenIssuer issuer = new TokenIssuer(store, digester, clock, null);

        IssuedToken issued = issuer.issue(new TokenRequest("alice", null, null, null, Duration.ofMinutes(10), null));

        assertThat(issued.record().expiresAt()).isNull();
        assertThat(issued.record().validUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
    }

    static Stream<Arguments> lifetimes() {
        return Stream.of(
                Arguments.of(CAP, null, true), Arguments.of(CAP, Duration.ofSeconds(1), false),
                Arguments.of(CAP, CAP, false), Arguments.of(CAP, CAP.plusSeconds(1), true),
                Arguments.of(CAP, CAP.plusNanos(1), true), Arguments.of(CAP, Duration.ofDays(3650), true),
                Arguments.of(null, null, false), Arguments.of(null, Duration.ofDays(3650), false));
    }

    @ParameterizedTest(name = "cap {0}, hard {1}: refused {2}")
    @MethodSource("lifetimes")
    void checkLifetimeWhenCapSetThenHardExpiryNeededAndNoLongerThanIt(Duration cap, Duration hard, boolean refused) {
        TokenIssuer issuer = new TokenIssuer(store, digester, clock, cap);

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> issuer.checkLifetime(hard));

        if (refused) {
            assertThat(thrown).isInstanceOfSatisfying(LifetimeCapException.class, e -> {
                assertThat(e.cap()).isEqualTo(cap);
                assertThat(e.missing()).isEqualTo(hard == null);
                assertThat(e.getMessage())
                        .startsWith("policy caps token lifetime at 30d: ")
                        .doesNotContain("-e");
            });
        } else {
            assertThat(thrown).isNull();
        }
    }
}
