package dev.patgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.patgate.store.JdbcTokenStore;
import dev.patgate.store.TokenRecord;
import dev.patgate.store.TokenStore;
import dev.patgate.store.TokenUse;
import dev.patgate.testing.CountingTokenStore;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.PersonalToken;
import dev.patgate.token.Scope;
import dev.patgate.token.TokenDigester;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenAuthenticatorTest {

    private static final String IP = "192.0.2.10";
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Scope SCOPE = Scope.parse("node:6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab:r");

    @TempDir
    Path dir;

    final TestClock clock = TestClock.atDefaultStart();
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

    IssuedToken issue(Duration hard, Duration sliding, Scope... scopes) {
        return issuer.issue(new TokenRequest("alice", "test", "admin", hard, sliding, List.of(scopes)));
    }

    static Credentials bearer(String token) {
        return new Credentials.Bearer(token);
    }

    static Credentials basic(String login, String token) {
        return new Credentials.Basic(login, token);
    }

    @Test
    void authenticateWhenBearerTokenValidThenOwnerIdScopesAndHardExpiry() throws Exception {
        IssuedToken issued = issue(Duration.ofHours(1), null, SCOPE);

        AuthenticatedToken token = authenticator.authenticate(bearer(issued.plaintext()), IP);

        assertThat(token)
                .isEqualTo(new AuthenticatedToken(
                        "alice",
                        issued.record().id(),
                        List.of(SCOPE),
                        clock.instant().plus(Duration.ofHours(1))));
        assertThat(token.isScoped()).isTrue();
    }

    @Test
    void authenticateWhenBasicWithOwnerLoginThenAccepted() throws Exception {
        IssuedToken issued = issue(Duration.ofHours(1), null);

        AuthenticatedToken token = authenticator.authenticate(basic("alice", issued.plaintext()), IP);

        assertThat(token.login()).isEqualTo("alice");
        assertThat(token.tokenId()).isEqualTo(issued.record().id());
        assertThat(token.isScoped()).isFalse();
    }

    /** Each case arranges the world and returns the credentials to present. */
    enum Unacceptable {
        UNKNOWN_ID(
                "unknown token",
                (t, issued) -> bearer(PersonalToken.generate(new SecureRandom()).value())),
        WRONG_SECRET("wrong secret", (t, issued) -> {
            PersonalToken real = parse(issued.plaintext());
            String otherSecret = real.secret().substring(1) + (real.secret().charAt(0) == 'a' ? 'b' : 'a');
            return bearer(new PersonalToken(real.id(), otherSecret).value());
        }),
        BAD_CHECKSUM("malformed token", (t, issued) -> {
            String p = issued.plaintext();
            char last = p.charAt(p.length() - 1);
            return bearer(p.substring(0, p.length() - 1) + (last == 'a' ? 'b' : 'a'));
        }),
        NOT_A_TOKEN("malformed token", (t, issued) -> basic("alice", "hunter2")),
        BASIC_USERNAME_NOT_OWNER(
                "username is not the token's owner", (t, issued) -> basic("mallory", issued.plaintext())),
        BASIC_USERNAME_OTHER_CASE(
                "username is not the token's owner", (t, issued) -> basic("Alice", issued.plaintext())),
        REVOKED("revoked", (t, issued) -> {
            t.sqlite.revoke(issued.record().id(), t.clock.instant());
            t.authenticator.invalidate(List.of(issued.record().id()));
            return bearer(issued.plaintext());
        }),
        HARD_EXPIRED("expired", (t, issued) -> {
            t.clock.advance(Duration.ofHours(1));
            return bearer(issued.plaintext());
        });

        final String reason;
        final BiFunction<TokenAuthenticatorTest, IssuedToken, Credentials> arrange;

        Unacceptable(String reason, BiFunction<TokenAuthenticatorTest, IssuedToken, Credentials> arrange) {
            this.reason = reason;
            this.arrange = arrange;
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(Unacceptable.values()).flatMap(r -> Stream.of(Arguments.of(r, false), Arguments.of(r, true)));
    }

    @ParameterizedTest(name = "{0}, warm cache {1}")
    @MethodSource("refusals")
    void authenticateWhenTokenNotAcceptableThenInvalidToken(Unacceptable refusal, boolean warmCache) throws Exception {
        IssuedToken issued = issue(Duration.ofHours(1), null);
        if (warmCache) {
            authenticator.authenticate(bearer(issued.plaintext()), IP);
        }
        Credentials credentials = refusal.arrange.apply(this, issued);

        Refusal e = catchThrowableOfType(Refusal.class, () -> authenticator.authenticate(credentials, IP));

        assertThat(e).isNotNull();
        assertThat(e).isInstanceOf(Refusal.InvalidToken.class);
        assertThat(e.reason()).isEqualTo(refusal.reason);
        assertThat(e.getMessage())
                .doesNotContain(parse(issued.plaintext()).secret())
                .doesNotContain(credentials.tokenText());
    }

    @ParameterizedTest(name = "flush after each use: {0}")
    @ValueSource(booleans = {false, true})
    void authenticateWhenSlidingTokenUsedWithinEachWindowThenOutlivesItAndDiesAfterAWholeWindowUnused(
            boolean flushAfterEachUse) throws Exception {
        IssuedToken issued = issue(null, WINDOW);
        Credentials credentials = bearer(issued.plaintext());

        for (int i = 0; i < 6; i++) {
            clock.advance(WINDOW.minusSeconds(1));
            AuthenticatedToken token = authenticator.authenticate(credentials, IP);
            assertThat(token.validUntil()).isEqualTo(clock.instant().plus(WINDOW));
            if (flushAfterEachUse) {
                assertThat(usage.flush()).isEqualTo(1);
            }
        }
        Instant lastUse = clock.instant();
        assertThat(Duration.between(issued.record().createdAt(), lastUse)).isGreaterThan(WINDOW.multipliedBy(5));

        clock.advance(WINDOW);
        Refusal e = catchThrowableOfType(Refusal.class, () -> authenticator.authenticate(credentials, IP));

        assertThat(e).isInstanceOf(Refusal.InvalidToken.class);
        assertThat(e.reason()).isEqualTo("expired");
    }

    @Test
    void authenticateWhenSlidingTokenUnusedOneMillisecondShortOfTheWindowThenAccepted() throws Exception {
        IssuedToken issued = issue(null, WINDOW);

        clock.advance(WINDOW.minusMillis(1));

        assertThat(authenticator.authenticate(bearer(issued.plaintext()), IP).validUntil())
                .isEqualTo(clock.instant().plus(WINDOW));
    }

    @Test
    void authenticateWhenHardLimitAndSlidingWindowThenHardLimitCapsSliding() throws Exception {
        Duration hard = Duration.ofMinutes(30);
        IssuedToken issued = issue(hard, WINDOW);
        Instant cap = issued.record().createdAt().plus(hard);
        Credentials credentials = bearer(issued.plaintext());

        clock.advance(Duration.ofMinutes(9));
        assertThat(authenticator.authenticate(credentials, IP).validUntil())
                .isEqualTo(clock.instant().plus(WINDOW));
        clock.advance(Duration.ofMinutes(9));
        assertThat(authenticator.authenticate(credentials, IP).validUntil())
                .isEqualTo(clock.instant().plus(WINDOW));
        usage.flush();
        clock.advance(Duration.ofMinutes(9));
        assertThat(authenticator.authenticate(credentials, IP).validUntil()).isEqualTo(cap);
        clock.set(cap.minusMillis(1));
        authenticator.authenticate(credentials, IP);

        clock.set(cap);
        Refusal e = catchThrowableOfType(Refusal.class, () -> authenticator.authenticate(credentials, IP));

        assertThat(e).isInstanceOf(Refusal.InvalidToken.class);
        assertThat(e.reason()).isEqualTo("expired");
    }

    @Test
    void authenticateWhenSlidingTokenKeptAliveByAnotherInstanceThenStaleCacheIsReReadNotRefused() throws Exception {
        IssuedToken issued = issue(null, WINDOW);
        Credentials credentials = bearer(issued.plaintext());
        authenticator.authenticate(credentials, IP);
        usage.flush();
        UsageRecorder otherUsage = new UsageRecorder(sqlite);
        TokenAuthenticator otherGateway = new TokenAuthenticator(sqlite, digester, clock, otherUsage, 1000);

        clock.advance(Duration.ofMinutes(8));
        otherGateway.authenticate(credentials, "198.51.100.7");
        otherUsage.flush();
        clock.advance(Duration.ofMinutes(7));
        int lookupsBefore = store.findByIdCount();

        AuthenticatedToken token = authenticator.authenticate(credentials, IP);

        assertThat(token.validUntil()).isEqualTo(clock.instant().plus(WINDOW));
        assertThat(store.findByIdCount()).isEqualTo(lookupsBefore + 1);
    }

    @Test
    void authenticateWhenOtherInstanceUsedTokenButDidNotFlushThenRefusedOnceTheStoreSaysExpired() throws Exception {
        IssuedToken issued = issue(null, WINDOW);
        Credentials credentials = bearer(issued.plaintext());
        authenticator.authenticate(credentials, IP);
        usage.flush();
        TokenAuthenticator otherGateway =
                new TokenAuthenticator(sqlite, digester, clock, new UsageRecorder(sqlite), 1000);

        clock.advance(Duration.ofMinutes(8));
        otherGateway.authenticate(credentials, "198.51.100.7");
        clock.advance(Duration.ofMinutes(7));

        Refusal e = catchThrowableOfType(Refusal.class, () -> authenticator.authenticate(credentials, IP));

        assertThat(e.reason()).isEqualTo("expired");
    }

    @Test
    void authenticateWhenTokenCreatedAfterItWasRefusedThenAcceptedAtOnce() throws Exception {
        PersonalToken token = PersonalToken.generate(new SecureRandom());
        Credentials credentials = bearer(token.value());
        IssuedToken warm = issue(Duration.ofHours(1), null);
        authenticator.authenticate(bearer(warm.plaintext()), IP);

        Refusal unknown = catchThrowableOfType(Refusal.class, () -> authenticator.authenticate(credentials, IP));
        assertThat(unknown.reason()).isEqualTo("unknown token");

        sqlite.insert(new TokenRecord(
                token.id(),
                "bob",
                "",
                clock.instant(),
                "cli",
                clock.instant().plus(Duration.ofHours(1)),
                null,
                null,
                null,
                List.of(),
                null,
                digester.digest(token)));

        assertThat(authenticator.authenticate(credentials, IP).login()).isEqualTo("bob");
    }

    @Test
    void authenticateWhenTokenIssuedAfterWarmUpThenAcceptedOnFirstUse() throws Exception {
        IssuedToken first = issue(Duration.ofHours(1), null);
        authenticator.authenticate(bearer(first.plaintext()), IP);

        IssuedToken later = issue(null, WINDOW);

        assertThat(authenticator.authenticate(bearer(later.plaintext()), IP).tokenId())
                .isEqualTo(later.record().id());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"garbage", "patg_short", "a password", "flip-last-char"})
    void authenticateWhenTokenMalformedThenRefusedWithoutTouchingTheStore(String kind) throws Exception {
        String real = issue(Duration.ofHours(1), null).plaintext();
        String text = kind.equals("flip-last-char")
                ? real.substring(0, real.length() - 1) + (real.endsWith("a") ? "b" : "a")
                : kind;

        assertThatThrownBy(() -> authenticator.authenticate(bearer(text), IP))
                .isInstanceOfSatisfying(Refusal.class, e -> assertThat(e).isInstanceOf(Refusal.InvalidToken.class));
        assertThat(store.findByIdCount()).isZero();
    }

    @ParameterizedTest(name = "sliding: {0}")
    @ValueSource(booleans = {false, true})
    void authenticateWhenCacheWarmThenNoFurtherStoreLookups(boolean sliding) throws Exception {
        IssuedToken issued = sliding ? issue(null, WINDOW) : issue(Duration.ofHours(1), null);
        Credentials bearer = bearer(issued.plaintext());
        Credentials basic = basic("alice", issued.plaintext());

        for (int i = 0; i < 500; i++) {
            clock.advance(Duration.ofMillis(100));
            authenticator.authenticate(i % 2 == 0 ? bearer : basic, IP);
        }

        assertThat(store.findByIdCount()).isEqualTo(1);
        assertThat(authenticator.cachedCount()).isEqualTo(1);
    }

    @Test
    void preloadWhenTokensLiveThenFirstUsesNeedNoLookupAndSecretsAreStillChecked() throws Exception {
        IssuedToken hard = issue(Duration.ofHours(1), null);
        IssuedToken sliding = issue(null, WINDOW, SCOPE);
        IssuedToken expired = issue(Duration.ofMinutes(1), null);
        IssuedToken revoked = issue(Duration.ofHours(1), null);
        assertThat(sqlite.revoke(revoked.record().id(), clock.instant())).isTrue();
        clock.advance(Duration.ofMinutes(2));

        assertThat(authenticator.preload()).isEqualTo(2);

        assertThat(authenticator.authenticate(bearer(hard.plaintext()), IP).tokenId())
                .isEqualTo(hard.record().id());
        assertThat(authenticator
                        .authenticate(basic("alice", sliding.plaintext()), IP)
                        .scopes())
                .containsExactly(SCOPE);
        assertThat(store.findByIdCount()).isZero();
        Credentials wrongSecret = Unacceptable.WRONG_SECRET.arrange.apply(this, hard);
        assertThatThrownBy(() -> authenticator.authenticate(wrongSecret, IP))
                .isInstanceOfSatisfying(
                        Refusal.class, e -> assertThat(e.reason()).isEqualTo("wrong secret"));
        for (IssuedToken refused : List.of(expired, revoked)) {
            assertThatThrownBy(() -> authenticator.authenticate(bearer(refused.plaintext()), IP))
                    .isInstanceOfSatisfying(Refusal.class, e -> assertThat(e).isInstanceOf(Refusal.InvalidToken.class));
        }
        assertThat(store.findByIdCount()).isEqualTo(2);
    }

    @Test
    void preloadWhenMoreLiveTokensThanTheCacheHoldsThenTheMostRecentlyUsedAreKept() throws Exception {
        authenticator = new TokenAuthenticator(store, digester, clock, usage, 2);
        IssuedToken idle = issue(Duration.ofHours(1), null);
        IssuedToken used = issue(Duration.ofHours(1), null);
        clock.advance(Duration.ofSeconds(1));
        IssuedToken fresh = issue(Duration.ofHours(1), null);
        clock.advance(Duration.ofSeconds(1));
        sqlite.recordUses(List.of(new TokenUse(used.record().id(), clock.instant(), IP)));

        assertThat(authenticator.preload()).isEqualTo(2);

        authenticator.authenticate(bearer(used.plaintext()), IP);
        authenticator.authenticate(bearer(fresh.plaintext()), IP);
        assertThat(store.findByIdCount()).isZero();
        authenticator.authenticate(bearer(idle.plaintext()), IP);
        assertThat(store.findByIdCount()).isEqualTo(1);
    }

    @Test
    void preloadWhenARequestCachedTheTokenFirstThenThatRecordIsKept() throws Exception {
        IssuedToken issued = issue(Duration.ofHours(1), null);
        authenticator.authenticate(bearer(issued.plaintext()), IP);

        assertThat(authenticator.preload()).isZero();
        assertThat(authenticator.cachedCount()).isEqualTo(1);
    }

    @Test
    void authenticateWhenRevokedInStoreThenHonouredOnceInvalidated() throws Exception {
        IssuedToken issued = issue(Duration.ofHours(1), null);
        Credentials credentials = bearer(issued.plaintext());
        authenticator.authenticate(credentials, IP);
        TokenStore cli = JdbcTokenStore.open("jdbc:sqlite:" + dir.resolve("patgate.db"), null, null);
        try (cli) {
            assertThat(cli.revoke(issued.record().id(), clock.instant())).isTrue();
        }
        // until the revocation poll reaches this instance, its cache still holds the record
        authenticator.authenticate(credentials, IP);

        authenticator.invalidate(List.of(issued.record().id()));
        Refusal e = catchThrowableOfType(Refusal.class, () -> authenticator.authenticate(credentials, IP));

        assertThat(e).isInstanceOf(Refusal.InvalidToken.class);
        assertThat(e.reason()).isEqualTo("revoked");
        assertThat(e.tokenId()).isEqualTo(issued.record().id());
    }

    @Test
    void authenticateWhenSlidingTokenRevokedElsewhereThenReReadBeforeExpiryFindsRevocation() throws Exception {
        IssuedToken issued = issue(null, WINDOW);
        Credentials credentials = bearer(issued.plaintext());
        authenticator.authenticate(credentials, IP);
        usage.flush();
        sqlite.revoke(issued.record().id(), clock.instant());

        clock.advance(WINDOW.plusSeconds(1));
        Refusal e = catchThrowableOfType(Refusal.class, () -> authenticator.authenticate(credentials, IP));

        assertThat(e.reason()).isEqualTo("revoked");
    }

    @Test
    void authenticateWhenAcceptedThenUseRecordedForTheNextFlush() throws Exception {
        IssuedToken issued = issue(Duration.ofHours(1), null);
        clock.advance(Duration.ofMinutes(3));

        authenticator.authenticate(bearer(issued.plaintext()), IP);
        usage.flush();

        TokenRecord stored = sqlite.findById(issued.record().id()).orElseThrow();
        assertThat(stored.lastUsedAt()).isEqualTo(clock.instant());
        assertThat(stored.lastUsedIp()).isEqualTo(IP);
    }

    @Test
    void issuedTokenWhenPrintedThenPlaintextHidden() {
        IssuedToken issued = issue(Duration.ofHours(1), null);

        assertThat(issued.toString())
                .doesNotContain(issued.plaintext())
                .doesNotContain(parse(issued.plaintext()).secret())
                .doesNotContain(
                        Base64.getEncoder().encodeToString(issued.record().secretDigest()));
    }

    private static PersonalToken parse(String text) {
        try {
            return PersonalToken.parse(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
