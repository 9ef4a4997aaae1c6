package dev.patgate.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.auth.Credentials;
import dev.patgate.auth.IssuedToken;
import dev.patgate.auth.Refusal;
import dev.patgate.auth.TokenIssuer;
import dev.patgate.auth.TokenRequest;
import dev.patgate.store.JdbcTokenStore;
import dev.patgate.testing.Postgres;
import dev.patgate.testsupport.TestClock;
import dev.patgate.testsupport.TestPostgres;
import dev.patgate.token.TokenDigester;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Revocations pushed through LISTEN/NOTIFY on the real PostgreSQL: instance B never polls on its
 * own here (its periodic tasks are never run), so a revocation made through instance A can only
 * reach it by the push, or by the catch-up poll after B's listening connection comes back.
 */
class RevocationPushIT {

    static final String DATABASE = TestPostgres.uniqueName("patgate_push_it");

    final TestClock clock = TestClock.atDefaultStart();
    final TokenDigester digester = new TokenDigester(new byte[32]);
    final List<AutoCloseable> opened = new ArrayList<>();
    JdbcTokenStore storeA;
    Patgate gatewayB;

    @BeforeEach
    void start() {
        Postgres.freshDatabase(DATABASE);
        storeA = open();
        JdbcTokenStore storeB = open();
        gatewayB = Patgate.builder()
                .store(storeB)
                .digester(digester)
                .clock(clock)
                .backgroundTasks(() -> new PatgateFilterIT.RecordedTasks())
                .build();
        gatewayB.start();
        opened.add(0, gatewayB);
    }

    @AfterAll
    static void dropDatabase() {
        Postgres.dropDatabase(DATABASE);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        Postgres.execute("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS true");
    }

    JdbcTokenStore open() {
        JdbcTokenStore store = JdbcTokenStore.open(Postgres.url(DATABASE), Postgres.USER, null);
        opened.add(store);
        return store;
    }

    IssuedToken issue() {
        return new TokenIssuer(storeA, digester, clock, null)
                .issue(new TokenRequest("alice", "push", "alice", Duration.ofHours(1), null, List.of()));
    }

    boolean acceptedOnB(IssuedToken token) {
        try {
            gatewayB.authenticator().authenticate(new Credentials.Bearer(token.plaintext()), "10.0.0.1");
            return true;
        } catch (Refusal refusal) {
            assertThat(refusal.status()).as("refused as revoked, not otherwise").isEqualTo(401);
            assertThat(refusal.reason()).isEqualTo("revoked");
            return false;
        }
    }

    @Test
    void revokeOnAWhenBListensThenBRefusesWithoutEverPolling() throws Exception {
        awaitTrue(gatewayB::revocationsPushed, "B listens");
        List<Long> latenciesMillis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            IssuedToken token = issue();
            assertThat(acceptedOnB(token)).isTrue(); // now cached on B
            long start = System.nanoTime();
            assertThat(storeA.revoke(token.record().id(), clock.instant())).isTrue();
            awaitTrue(() -> !acceptedOnB(token), "B refuses revocation " + i);
            latenciesMillis.add((System.nanoTime() - start) / 1_000_000);
        }
        latenciesMillis.sort(null);
        System.out.println("push latency ms over 20 revocations: min " + latenciesMillis.get(0) + ", median "
                + latenciesMillis.get(10) + ", max " + latenciesMillis.get(19));
    }

    @Test
    void revokeByLoginOnAWhenBListensThenEveryTokenRefusedOnB() throws Exception {
        awaitTrue(gatewayB::revocationsPushed, "B listens");
        IssuedToken first = issue();
        IssuedToken second = issue();
        assertThat(acceptedOnB(first)).isTrue();
        assertThat(acceptedOnB(second)).isTrue();

        assertThat(storeA.revokeByLogin("alice", clock.instant())).hasSize(2);

        awaitTrue(() -> !acceptedOnB(first) && !acceptedOnB(second), "B refuses both");
    }

    @Test
    void listenerConnectionKilledWhenRevokedMeanwhileThenCaughtUpOnceItIsBack() throws Exception {
        awaitTrue(gatewayB::revocationsPushed, "B listens");
        IssuedToken token = issue();
        assertThat(acceptedOnB(token)).isTrue();

        Postgres.execute("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS false");
        Postgres.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + DATABASE
                + "' AND application_name = 'patgate-listener'");
        awaitTrue(() -> !gatewayB.revocationsPushed(), "B noticed its listener is gone");
        assertThat(storeA.revoke(token.record().id(), clock.instant())).isTrue(); // A's pooled connection
        assertThat(acceptedOnB(token)).as("no push, no poll: still cached on B").isTrue();

        Postgres.execute("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS true");

        awaitTrue(() -> !acceptedOnB(token), "B caught up after reconnecting");
        assertThat(gatewayB.revocationsPushed()).isTrue();
    }

    @Test
    void closeWhenListeningThenTheListeningConnectionIsGone() throws Exception {
        awaitTrue(gatewayB::revocationsPushed, "B listens");
        assertThat(listeners()).isEqualTo(1);

        gatewayB.close();

        assertThat(gatewayB.revocationsPushed()).isFalse();
        awaitTrue(() -> listeners() == 0, "the listener's backend ended");
    }

    @Test
    void subscribeWhenSqliteThenNothingIsPushedAndThePollIsAll(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (JdbcTokenStore sqlite = JdbcTokenStore.open("jdbc:sqlite:" + dir.resolve("p.db"), null, null);
                var subscription = sqlite.subscribe(() -> {})) {
            assertThat(subscription.listening()).isFalse();
        }
        assertThatThrownBy(() -> storeA.subscribe(null)).isInstanceOf(NullPointerException.class);
    }

    static int listeners() {
        try (var c = Postgres.connect(Postgres.SERVER.database());
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + DATABASE
                        + "' AND application_name = 'patgate-listener'")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits, checking every 5 ms, for at most 10 s: generous for a loaded machine. */
    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("in time: " + what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
