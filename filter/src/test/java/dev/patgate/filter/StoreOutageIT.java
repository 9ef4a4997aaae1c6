package dev.patgate.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.auth.Credentials;
import dev.patgate.auth.FailureLimiter;
import dev.patgate.auth.IssuedToken;
import dev.patgate.auth.Refusal;
import dev.patgate.auth.TokenIssuer;
import dev.patgate.auth.TokenRequest;
import dev.patgate.store.JdbcTokenStore;
import dev.patgate.store.StoreException;
import dev.patgate.testing.Postgres;
import dev.patgate.testing.TcpRelay;
import dev.patgate.testsupport.TestClock;
import dev.patgate.testsupport.TestPostgres;
import dev.patgate.token.TokenDigester;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A database outage for real: the gateway's store reaches PostgreSQL through a TCP relay that the
 * test cuts (every connection dropped, new ones closed at once) and restores. Another instance keeps
 * its direct connection meanwhile. Grace is measured on the injected clock.
 */
class StoreOutageIT {

    static final String DATABASE = TestPostgres.uniqueName("patgate_outage_it");
    static final Duration GRACE = Duration.ofMinutes(2);

    final TestClock clock = TestClock.atDefaultStart();
    final TokenDigester digester = new TokenDigester(new byte[32]);
    final PatgateFilterIT.RecordedTasks tasks = new PatgateFilterIT.RecordedTasks();
    TcpRelay relay;
    JdbcTokenStore elsewhere;
    JdbcTokenStore relayed;
    Patgate gateway;

    @BeforeEach
    void start() throws Exception {
        Postgres.freshDatabase(DATABASE);
        relay = new TcpRelay(Postgres.HOST, Postgres.PORT);
        elsewhere = JdbcTokenStore.open(Postgres.url(DATABASE), Postgres.USER, null);
        relayed = JdbcTokenStore.open(Postgres.url(DATABASE, relay.port()), Postgres.USER, null);
        gateway = Patgate.builder()
                .store(relayed)
                .digester(digester)
                .clock(clock)
                .outageGrace(GRACE)
                .preload(false)
                .backgroundTasks(() -> tasks)
                .build();
        gateway.start();
    }

    @AfterAll
    static void dropDatabase() {
        Postgres.dropDatabase(DATABASE);
    }

    @AfterEach
    void stop() {
        relay.restore();
        gateway.close();
        relayed.close();
        elsewhere.close();
        relay.close();
    }

    IssuedToken issue(Duration hard, Duration sliding) {
        return new TokenIssuer(elsewhere, digester, clock, null)
                .issue(new TokenRequest("alice", "outage", "alice", hard, sliding, List.of()));
    }

    void accepted(IssuedToken token) throws Refusal {
        gateway.authenticator().authenticate(new Credentials.Bearer(token.plaintext()), "10.0.0.9");
    }

    Refusal refusal(IssuedToken token) {
        try {
            accepted(token);
        } catch (Refusal refusal) {
            return refusal;
        }
        throw new AssertionError("accepted while it should have been refused");
    }

    @Test
    void failureCountsWhenCutThenCountedLocallyKeptAndWrittenOnceTheStoreIsBack() {
        FailureLimiter limiter = gateway.failureLimiter(
                "password",
                new FailureLimiter.Policy(3, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(15)));
        assertThat(gateway.failuresShared()).isTrue();
        relay.cut();
        List<Boolean> limited = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            limited.add(limiter.blocked("192.0.2.7", "alice") != null);
            limiter.recordFailure("192.0.2.7", "alice");
        }

        assertThat(gateway.syncFailures()).as("the store is away").isFalse();
        // a failed sync alone does not count as an outage: it may be a lock that timed out while
        // tokens are read fine; only token reads and the revocation poll decide that
        assertThat(gateway.outage().storeAway()).isFalse();
        assertThat(limited).as("counted here meanwhile").containsExactly(false, false, false, false, true, true);
        List<String> kinds = List.of("password.address", "password.login");
        assertThat(elsewhere.recentFailures(kinds, 1, clock.instant().minusSeconds(60), 10))
                .isEmpty();

        relay.restore();
        // the pool may hand out one connection broken by the cut first, which it then drops: the
        // next sync, 200 ms later in the background, gets a new one
        boolean answered = false;
        for (int attempt = 0; attempt < 3 && !answered; attempt++) {
            answered = gateway.syncFailures();
        }
        assertThat(answered).isTrue();

        assertThat(elsewhere.recentFailures(kinds, 1, clock.instant().minusSeconds(60), 10))
                .extracting(t -> t.kind() + " " + t.failures())
                .containsExactlyInAnyOrder("password.address 6", "password.login 6");
        assertThat(gateway.syncFailures()).as("written once").isTrue();
        assertThat(elsewhere.recentFailures(kinds, 7, clock.instant().minusSeconds(60), 10))
                .isEmpty();
    }

    @Test
    void outageWhenCutThenCachedServedUpToTheGraceNewOnes503AndAllResumesWithTheBufferedUsesWritten() throws Exception {
        IssuedToken cached = issue(Duration.ofHours(1), null);
        IssuedToken sliding = issue(null, Duration.ofMinutes(30));
        IssuedToken unseen = issue(Duration.ofHours(1), null);
        IssuedToken revokedMeanwhile = issue(Duration.ofHours(1), null);
        accepted(cached);
        accepted(sliding);
        accepted(revokedMeanwhile);
        gateway.flush();

        relay.cut();
        assertThatThrownBy(gateway::pollRevocations).isInstanceOf(StoreException.class);
        assertThat(gateway.outage().storeAway()).isTrue();

        clock.advance(Duration.ofMinutes(1));
        accepted(cached);
        accepted(sliding); // a use during the outage, kept in memory
        java.time.Instant useDuringOutage = clock.instant();
        Refusal unverified = refusal(unseen);
        assertThat(unverified.status())
                .as("never 401 for a token that could not be checked")
                .isEqualTo(503);
        assertThat(unverified.description()).isEqualTo("the token store cannot be reached; try again shortly");
        assertThat(elsewhere.revoke(revokedMeanwhile.record().id(), clock.instant()))
                .isTrue();
        accepted(revokedMeanwhile); // within the grace: this instance cannot know yet
        gateway.flush(); // fails, keeps the use
        assertThat(elsewhere.findById(sliding.record().id()).orElseThrow().lastUsedAt())
                .isNotEqualTo(useDuringOutage);

        clock.advance(GRACE.minus(Duration.ofMinutes(1)));
        Refusal beyond = refusal(cached);
        assertThat(beyond.status()).isEqualTo(503);
        assertThat(beyond.retryAfterSeconds()).isPositive();
        assertThat(beyond.description())
                .isEqualTo("the token store has been unreachable too long to trust cached tokens; try again shortly");
        assertThat(refusal(unseen).status()).isEqualTo(503);

        relay.restore();
        gateway.pollRevocations(); // what the 1 s poll, or the listener coming back, does
        assertThat(gateway.outage().storeAway()).isFalse();
        accepted(cached);
        accepted(unseen);
        assertThat(refusal(revokedMeanwhile).status()).isEqualTo(401);
        assertThat(gateway.flush()).isPositive();
        assertThat(elsewhere.findById(sliding.record().id()).orElseThrow().lastUsedAt())
                .isAfterOrEqualTo(useDuringOutage);
        assertThat(elsewhere.findById(sliding.record().id()).orElseThrow().lastUsedIp())
                .isEqualTo("10.0.0.9");
    }

    /**
     * Without any poll, traffic alone notices the return: one lookup a second tries the store (a
     * pooled connection that died with the relay fails one such try each, so it may take a few).
     */
    @Test
    void outageWhenTrafficOnlyThenLookupsNoticeTheReturn() throws Exception {
        IssuedToken unseen = issue(Duration.ofHours(1), null);
        relay.cut();
        assertThat(refusal(unseen).status()).isEqualTo(503);
        assertThat(refusal(unseen).status()).as("answered at once while away").isEqualTo(503);

        relay.restore();
        int tries = 0;
        boolean served = false;
        while (!served && tries++ < 10) {
            clock.advance(Duration.ofSeconds(1));
            try {
                accepted(unseen);
                served = true;
            } catch (Refusal refusal) {
                assertThat(refusal.status()).isEqualTo(503);
            }
        }
        assertThat(served).as("served within 10 tries").isTrue();
        assertThat(gateway.outage().storeAway()).isFalse();
    }
}
