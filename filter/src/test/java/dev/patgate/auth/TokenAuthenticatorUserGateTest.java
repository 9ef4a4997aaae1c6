package dev.patgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.patgate.store.JdbcTokenStore;
import dev.patgate.testing.CountingTokenStore;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.TokenDigester;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The owner check that follows a good token: in memory, every request, both ways. */
class TokenAuthenticatorUserGateTest {

    private static final String IP = "192.0.2.10";

    @TempDir
    Path dir;

    private final TestClock clock = TestClock.atDefaultStart();
    private final TokenDigester digester =
            new TokenDigester("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private final Map<String, UserGate.Standing> standings = new ConcurrentHashMap<>();
    private JdbcTokenStore sqlite;
    private CountingTokenStore store;
    private UsageRecorder usage;
    private TokenAuthenticator authenticator;
    private TokenIssuer issuer;

    @BeforeEach
    void openStore() {
        sqlite = JdbcTokenStore.open("jdbc:sqlite:" + dir.resolve("patgate.db"), null, null);
        store = new CountingTokenStore(sqlite);
        usage = new UsageRecorder(store);
        authenticator = new TokenAuthenticator(
                store, digester, clock, usage, 1000, login -> standings.getOrDefault(login, UserGate.Standing.UNKNOWN));
        issuer = new TokenIssuer(sqlite, digester, clock, null);
        standings.put("alice", UserGate.Standing.ACTIVE);
    }

    @AfterEach
    void closeStore() {
        sqlite.close();
    }

    private Credentials bearer(Duration hard, Duration sliding) {
        return new Credentials.Bearer(issuer.issue(new TokenRequest("alice", "t", "admin", hard, sliding, List.of()))
                .plaintext());
    }

    @ParameterizedTest
    @EnumSource(
            value = UserGate.Standing.class,
            names = {"DISABLED", "UNKNOWN"})
    void authenticateWhenOwnerNotActiveThenInvalidTokenNamingWhyWithoutAStoreRead(UserGate.Standing standing)
            throws Exception {
        Credentials credentials = bearer(Duration.ofHours(1), null);
        authenticator.authenticate(credentials, IP);
        int reads = store.findByIdCount();
        standings.put("alice", standing);

        Refusal e = catchThrowableOfType(Refusal.class, () -> authenticator.authenticate(credentials, IP));

        assertThat(e).isInstanceOf(Refusal.InvalidToken.class);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.reason()).isEqualTo(standing == UserGate.Standing.DISABLED ? "user disabled" : "user unknown");
        assertThat(e.login()).isEqualTo("alice");
        assertThat(e.tokenId()).isNotNull();
        assertThat(store.findByIdCount()).as("no store read on the hot path").isEqualTo(reads);
    }

    @Test
    void authenticateWhenOwnerReEnabledThenTheSameTokenWorksAgain() throws Exception {
        Credentials credentials = bearer(Duration.ofHours(1), null);
        standings.put("alice", UserGate.Standing.DISABLED);
        catchThrowableOfType(Refusal.class, () -> authenticator.authenticate(credentials, IP));

        standings.put("alice", UserGate.Standing.ACTIVE);

        assertThat(authenticator.authenticate(credentials, IP).login()).isEqualTo("alice");
    }

    @Test
    void authenticateWhenOwnerDisabledThenNoUseRecordedSoASlidingTokenDoesNotMoveOn() throws Exception {
        Credentials credentials = bearer(null, Duration.ofMinutes(10));
        standings.put("alice", UserGate.Standing.DISABLED);

        catchThrowableOfType(Refusal.class, () -> authenticator.authenticate(credentials, IP));

        assertThat(usage.flush()).isZero();
    }

    @Test
    void authenticateWhenGateAnswersNullThenRefusedAsUnknown() {
        TokenAuthenticator nullGate = new TokenAuthenticator(store, digester, clock, usage, 10, login -> null);
        Credentials credentials = bearer(Duration.ofHours(1), null);

        Refusal e = catchThrowableOfType(Refusal.class, () -> nullGate.authenticate(credentials, IP));

        assertThat(e.reason()).isEqualTo("user unknown");
    }

    @Test
    void authenticateWhenTokenRevokedAndOwnerDisabledThenTheTokensOwnStateIsTheReason() {
        Credentials credentials = bearer(Duration.ofHours(1), null);
        String id = ((Credentials.Bearer) credentials).token().substring(5, 17);
        sqlite.revoke(id, clock.instant());
        standings.put("alice", UserGate.Standing.DISABLED);

        Refusal e = catchThrowableOfType(Refusal.class, () -> authenticator.authenticate(credentials, IP));

        assertThat(e.reason()).isEqualTo("revoked");
    }
}
