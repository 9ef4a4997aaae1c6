package dev.patgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.store.JdbcTokenStore;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.Scope;
import dev.patgate.token.TokenDigester;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules on expiry and the operator's limits, in their one home, {@link TokenIssuer#checkPolicy}. */
class TokenPolicyTest {

    private static final Scope SCOPE = Scope.parse("node:6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab:r");

    @TempDir
    Path dir;

    final TestClock clock = TestClock.atDefaultStart();
    final TokenDigester digester =
            new TokenDigester("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    JdbcTokenStore store;

    @BeforeEach
    void open() {
        store = JdbcTokenStore.open("jdbc:sqlite:" + dir.resolve("patgate.db"), null, null);
    }

    @AfterEach
    void close() {
        store.close();
    }

    TokenIssuer issuer(TokenPolicy policy) {
        return TokenIssuer.withPolicy(store, digester, clock, policy);
    }

    IssuedToken issue(TokenIssuer issuer, Duration hard, Duration window, Scope... scopes) {
        return issuer.issue(new TokenRequest("alice", null, "admin", hard, window, List.of(scopes)));
    }

    @ParameterizedTest
    @CsvSource({"1h, 1h", "1h, 2h", "10m, 1d"})
    void issueWhenWindowNotShorterThanHardExpiryThenRefusedSayingWhy(String hard, String window) {
        Duration d = dev.patgate.token.Durations.parse(hard);
        Duration w = dev.patgate.token.Durations.parse(window);

        assertThatThrownBy(() -> issue(issuer(TokenPolicy.NONE), d, w))
                .isInstanceOf(TokenPolicyException.class)
                .hasMessageContaining("must be shorter than the hard expiry")
                .hasMessageContaining("the window would never apply");
        assertThat(store.findByLogin("alice")).isEmpty();
    }

    @Test
    void issueWhenWindowJustShorterThanHardExpiryThenIssued() {
        IssuedToken issued = issue(issuer(TokenPolicy.NONE), Duration.ofHours(1), Duration.ofMinutes(59));

        assertThat(issued.record().refreshWindow()).isEqualTo(Duration.ofMinutes(59));
    }

    @Test
    void issueWhenWindowLongerThanPolicyThenRefusedNamingTheLimit() {
        TokenIssuer issuer = issuer(new TokenPolicy(null, Duration.ofDays(1), true, 0));

        assertThatThrownBy(() -> issue(issuer, null, Duration.ofDays(2)))
                .isInstanceOf(TokenPolicyException.class)
                .hasMessage("policy tokens.policy.max_sliding_window is 1d: the sliding window must not be longer")
                .extracting(e -> ((TokenPolicyException) e).limit())
                .isEqualTo("tokens.policy.max_sliding_window");
        assertThat(issue(issuer, null, Duration.ofDays(1)).record().refreshWindow())
                .isEqualTo(Duration.ofDays(1));
        assertThat(issue(issuer, Duration.ofDays(30), null).record().refreshWindow())
                .as("a hard token has no window to limit")
                .isNull();
    }

    @Test
    void issueWhenUnscopedNotAllowedThenRefusedNamingTheLimitAndScopedIssued() {
        TokenIssuer issuer = issuer(new TokenPolicy(null, null, false, 0));

        assertThatThrownBy(() -> issue(issuer, Duration.ofHours(1), null))
                .isInstanceOf(TokenPolicyException.class)
                .hasMessage("policy tokens.policy.allow_unscoped is false: a token needs at least one scope");
        assertThat(issue(issuer, Duration.ofHours(1), null, SCOPE).record().scopes())
                .containsExactly(SCOPE);
    }

    @Test
    void issueWhenActiveLimitReachedThenRefusedUntilOneIsRevokedOrExpires() {
        TokenIssuer issuer = issuer(new TokenPolicy(null, null, true, 2));
        IssuedToken first = issue(issuer, Duration.ofHours(1), null);
        issue(issuer, Duration.ofHours(2), null);

        assertThatThrownBy(() -> issue(issuer, Duration.ofHours(1), null))
                .isInstanceOf(TokenPolicyException.class)
                .hasMessage("policy tokens.policy.max_active_per_user is 2: alice has 2 active tokens already;"
                        + " revoke one first");
        clock.advance(Duration.ofHours(1));
        assertThat(issue(issuer, Duration.ofHours(1), null).record().login())
                .as("the first expired")
                .isEqualTo("alice");
        store.revoke(first.record().id(), clock.instant());
        assertThatThrownBy(() -> issue(issuer, Duration.ofHours(1), null)).isInstanceOf(TokenPolicyException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a\u0007",
                "a\u007f",
                "a\u0085",
                "evil\u202Etxt.exe",
                "a\u202Ab",
                "a\u2066b\u2069",
                "a\u200Fb",
                "a\u061Cb",
                "a\u2028b",
                "a\nb"
            })
    void labelWhenControlOrBidiOverrideThenRefused(String label) {
        assertThat(TokenRequest.isAllowedLabel(label)).isFalse();
        assertThatThrownBy(() -> new TokenRequest("alice", label, "admin", Duration.ofHours(1), null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"laptop", "Ärger & <b>markup</b>", "שלום", "👩‍💻 work", "a\u200Db"})
    void labelWhenPrintableThenAllowed(String label) {
        assertThat(TokenRequest.isAllowedLabel(label)).isTrue();
    }
}
