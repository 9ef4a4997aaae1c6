package dev.patgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.store.FailureCounts;
import dev.patgate.store.StoreException;
import dev.patgate.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Failure counts shared by two instances through one store (an in-memory one here; the JDBC stores
 * hold the same contract in JdbcTokenStoreContract): the shared budget, the coalescing, the merge of
 * other instances' counts, forgetting, and what happens while the store is away. Time is a
 * {@link TestClock}; a sync runs when the test calls it.
 */
class SharedFailuresTest {

    private static final String CLIENT = "192.0.2.7";
    /** 3 free failures, then 1 s, 2 s, 4 s ... up to 30 s; forgotten after 15 min. */
    private static final FailureLimiter.Policy POLICY =
            new FailureLimiter.Policy(3, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(15));

    final TestClock clock = TestClock.atDefaultStart();
    final MemoryCounts store = new MemoryCounts();
    final SharedFailures sharedA = new SharedFailures(store, clock);
    final SharedFailures sharedB = new SharedFailures(store, clock);
    final FailureLimiter a = sharedA.limiter("token", POLICY);
    final FailureLimiter b = sharedB.limiter("token", POLICY);

    /** One failed attempt as the token filter makes it: ask, then count. Answers whether it was refused 429. */
    static boolean attempt(FailureLimiter limiter, String client, String login) {
        boolean limited = limiter.blocked(client, login) != null;
        limiter.recordFailure(client, login);
        return limited;
    }

    private void syncBoth() {
        assertThat(sharedA.sync()).isTrue();
        assertThat(sharedB.sync()).isTrue();
    }

    @Test
    void blockedWhenFailuresAlternateOverTwoInstancesThenTheSharedBudgetStopsThemWherePerInstanceWouldNot() {
        FailureLimiter aloneA = new FailureLimiter(clock, POLICY);
        FailureLimiter aloneB = new FailureLimiter(clock, POLICY);
        List<String> shared = new ArrayList<>();
        List<String> perInstance = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            boolean onA = i % 2 == 0;
            shared.add(attempt(onA ? a : b, CLIENT, null) ? "429" : "401");
            perInstance.add(attempt(onA ? aloneA : aloneB, CLIENT, null) ? "429" : "401");
            // the attempts come further apart than two sync intervals: B's failure is written at B's
            // sync, which may come after A's read of that round, and read by A at the next
            syncBoth();
            clock.advance(Duration.ofMillis(100));
            syncBoth();
            clock.advance(Duration.ofMillis(100));
        }

        assertThat(shared)
                .as("3 free, the 4th earns 1 s: the 5th waits, wherever it lands")
                .containsExactly("401", "401", "401", "401", "429", "429", "429", "429", "429", "429");
        assertThat(perInstance)
                .as("counted per instance: 4 on each before the first wait")
                .containsExactly("401", "401", "401", "401", "401", "401", "401", "401", "429", "429");
        assertThat(store.total("token.address", CLIENT)).isEqualTo(10);
        assertThat(b.blocked(CLIENT, null).retryAfterSeconds())
                .as("B waits as long as A, from the shared count")
                .isEqualTo(a.blocked(CLIENT, null).retryAfterSeconds());
    }

    @Test
    void blockedWhenFailuresComeFasterThanTheSyncsThenEachInstanceGetsAtMostWhatCameWithinTwoSyncs() {
        List<String> answers = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            // two attempts on each instance between one instance's syncs, the syncs in the worst order
            for (int i = 0; i < 4; i++) {
                answers.add(attempt(i % 2 == 0 ? a : b, CLIENT, null) ? "429" : "401");
            }
            sharedA.sync();
            sharedB.sync();
            clock.advance(Duration.ofMillis(100));
        }

        assertThat(answers)
                .as("round 1: 2 + 2 free, counted locally; B then reads A's (4: waits); A read before B"
                        + " wrote, so in round 2 A lets 2 more through; from round 3 both know all")
                .containsExactly(
                        "401", "401", "401", "401", "401", "429", "401", "429", "429", "429", "429", "429", "429",
                        "429", "429", "429");
        assertThat(answers.stream().filter("401"::equals).count())
                .as("6: the 4 of one budget and A's 2 within two syncs; counted per instance, 8")
                .isEqualTo(6);
        assertThat(store.total("token.address", CLIENT)).isEqualTo(16);
    }

    @Test
    void syncWhenManyFailuresCameBetweenTwoSyncsThenOneRowWrittenWithTheirSumAndNoStoreCallBefore() {
        for (int i = 0; i < 100; i++) {
            attempt(a, CLIENT, "alice");
            attempt(a, "198.51.100." + (i % 2), null);
        }
        assertThat(store.calls).as("the request threads never ask the store").isZero();

        assertThat(sharedA.sync()).isTrue();

        assertThat(store.writes).as("one transaction").isEqualTo(1);
        assertThat(store.rowsWritten)
                .as("one row per subject, however many failures")
                .isEqualTo(4);
        assertThat(store.total("token.address", CLIENT)).isEqualTo(100);
        assertThat(store.total("token.address", "198.51.100.0")).isEqualTo(50);
        assertThat(store.total("token.login", FailureLimiter.loginKey("alice"))).isEqualTo(100);
        assertThat(store.subjects())
                .as("a login is stored hashed, never as typed")
                .noneMatch(s -> s.contains("alice"));
        assertThat(sharedA.pending()).isZero();
    }

    @Test
    void syncWhenNothingIsCountedThenTheStoreIsNotAsked() {
        for (int i = 0; i < 5; i++) {
            syncBoth();
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(store.calls).isZero();
    }

    @Test
    void syncWhenTheLastLocalFailureIsMaxDelayOldThenTheReadsStopAndTheNextFailureStartsThemAgain() {
        attempt(a, CLIENT, null);
        sharedA.sync(); // the write, the read, and the first prune
        long calls = store.calls;
        clock.advance(Duration.ofSeconds(29));
        sharedA.sync();
        assertThat(store.calls).as("one read").isEqualTo(calls + 1);

        clock.advance(Duration.ofSeconds(1));
        sharedA.sync();
        sharedA.sync();
        assertThat(store.calls).as("30 s: every wait it gave is over; no read").isEqualTo(calls + 1);

        attempt(a, CLIENT, null);
        sharedA.sync();
        assertThat(store.calls).as("a write and a read").isEqualTo(calls + 3);
    }

    @Test
    void blockedWhenOtherInstanceFailedOverBudgetThenAnInstanceThatNeverSawTheClientKnowsAfterOneSync() {
        for (int i = 0; i < 6; i++) {
            attempt(a, CLIENT, "alice");
        }
        assertThat(b.blocked(CLIENT, "alice")).as("not yet written nor read").isNull();
        sharedA.sync();
        assertThat(b.blocked(CLIENT, "alice")).as("written, not yet read by B").isNull();
        attempt(b, "203.0.113.1", null); // B counts something, so it reads

        sharedB.sync();

        Refusal.RateLimited onA = a.blocked(CLIENT, null);
        Refusal.RateLimited onB = b.blocked(CLIENT, null);
        assertThat(onB).as("6 failures: 3 free, then 1, 2, 4 s").isNotNull();
        assertThat(onB.retryAfterSeconds()).isEqualTo(onA.retryAfterSeconds()).isEqualTo(4);
        assertThat(b.blocked("203.0.113.9", "alice"))
                .as("the login waits on B too")
                .isNotNull();
        assertThat(b.failuresOf(CLIENT)).isEqualTo(6);
    }

    @Test
    void syncWhenBothInstancesCountedBetweenSyncsThenEachHoldsTheSumWithoutCountingItsOwnTwice() {
        attempt(a, CLIENT, null);
        attempt(a, CLIENT, null);
        attempt(b, CLIENT, null);
        syncBoth();
        attempt(b, CLIENT, null); // noted on B after its sync, not yet written
        sharedA.sync();
        sharedB.sync();
        sharedA.sync();

        assertThat(a.failuresOf(CLIENT)).isEqualTo(4);
        assertThat(b.failuresOf(CLIENT)).isEqualTo(4);
        assertThat(store.total("token.address", CLIENT)).isEqualTo(4);
        attempt(a, CLIENT, null);
        assertThat(sharedA.sync()).isTrue();
        assertThat(a.failuresOf(CLIENT)).isEqualTo(5);
    }

    @Test
    void validCredentialWhenTheSharedBudgetIsUsedThenTheLimiterIsNeverAskedSoNothingIsRefused() {
        // The filter consults the limiter only after a credential failed (PatgateFilter): a valid
        // token never reaches blocked() or recordFailure(), and so never the store either.
        for (int i = 0; i < 20; i++) {
            attempt(i % 2 == 0 ? a : b, CLIENT, null);
        }
        syncBoth();
        long calls = store.calls;
        assertThat(a.blocked(CLIENT, null)).isNotNull();
        assertThat(store.calls).as("asking the limiter reads memory only").isEqualTo(calls);
    }

    @Test
    void syncWhenForgetAfterPassedSinceTheLastFailureAnywhereThenCountsStartAgainAndOldRowsArePruned() {
        for (int i = 0; i < 8; i++) {
            attempt(i % 2 == 0 ? a : b, CLIENT, null);
            syncBoth();
        }
        assertThat(a.blocked(CLIENT, null)).isNotNull();

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        syncBoth();

        assertThat(a.failuresOf(CLIENT)).isZero();
        assertThat(b.failuresOf(CLIENT)).isZero();
        assertThat(store.total("token.address", CLIENT)).as("pruned").isZero();
        assertThat(store.prunes).isPositive();
        attempt(b, CLIENT, null);
        syncBoth();
        assertThat(a.failuresOf(CLIENT)).as("starts again from one").isZero();
        assertThat(b.failuresOf(CLIENT)).isEqualTo(1);
        assertThat(store.total("token.address", CLIENT)).isEqualTo(1);
    }

    @Test
    void syncWhenTheStoreIsAwayThenTheLimiterCountsLocallyAndTheFailuresAreWrittenOnceItIsBack() {
        attempt(a, CLIENT, null);
        syncBoth();
        store.down = true;
        List<Boolean> limited = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            limited.add(attempt(a, CLIENT, "alice"));
            assertThat(sharedA.sync()).isFalse();
            clock.advance(Duration.ofMillis(200));
        }

        assertThat(limited)
                .as("counted locally meanwhile: 4th free... then waits")
                .containsExactly(false, false, false, true, true, true);
        assertThat(sharedA.failing()).isTrue();
        assertThat(sharedA.pending()).as("the address and the login, kept").isEqualTo(2);

        store.down = false;
        assertThat(sharedA.sync()).isTrue();

        assertThat(sharedA.failing()).isFalse();
        assertThat(store.total("token.address", CLIENT)).isEqualTo(7);
        assertThat(store.total("token.login", FailureLimiter.loginKey("alice"))).isEqualTo(6);
        attempt(b, "203.0.113.1", null);
        sharedB.sync();
        assertThat(b.blocked(CLIENT, null)).as("and B learns them").isNotNull();
    }

    @Test
    void syncWhenTheStoreIsAwayForLongerThanForgetAfterThenTheFailuresKeptAreForgottenNotWritten() {
        store.down = true;
        attempt(a, CLIENT, null);
        sharedA.sync();
        clock.advance(Duration.ofMinutes(16));
        store.down = false;

        assertThat(sharedA.sync()).isTrue();

        assertThat(store.total("token.address", CLIENT)).isZero();
        assertThat(sharedA.pending()).isZero();
    }

    @Test
    void noteWhenMaxPendingSubjectsWaitThenFurtherSubjectsAreCountedLocallyOnlyAndDropped() {
        store.down = true;
        for (int i = 0; i < SharedFailures.MAX_PENDING; i++) {
            a.recordFailure("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), null);
        }
        a.recordFailure("203.0.113.1", null);
        a.recordFailure("10.0.0.1", null); // waiting already: added to its entry

        assertThat(sharedA.pending()).isEqualTo(SharedFailures.MAX_PENDING);
        assertThat(sharedA.dropped()).isEqualTo(1);
        assertThat(a.failuresOf("203.0.113.1")).as("still counted here").isEqualTo(1);
    }

    @Test
    void limiterWhenTheNameIsTakenOrNotLettersThenRefused() {
        assertThatThrownBy(() -> sharedA.limiter("token", POLICY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exists already");
        assertThatThrownBy(() -> sharedA.limiter("to.ken", POLICY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("letters a-z");
    }

    @Test
    void syncWhenTwoLimitersThenEachWritesAndReadsItsOwnKindsOnly() {
        FailureLimiter passwordsA = sharedA.limiter("password", POLICY);
        FailureLimiter passwordsB = sharedB.limiter("password", POLICY);
        for (int i = 0; i < 6; i++) {
            attempt(passwordsA, CLIENT, "alice");
        }
        attempt(b, CLIENT, "alice");
        attempt(passwordsB, "203.0.113.1", null);
        syncBoth();

        assertThat(passwordsB.blocked(CLIENT, "alice")).isNotNull();
        assertThat(b.blocked(CLIENT, "alice"))
                .as("token failures are another account")
                .isNull();
        assertThat(store.total("password.address", CLIENT)).isEqualTo(6);
        assertThat(store.total("token.address", CLIENT)).isEqualTo(1);
    }

    /** The {@link FailureCounts} contract in memory, counting calls; {@code down} makes every call fail. */
    static final class MemoryCounts implements FailureCounts {
        record Row(long failures, Instant last) {}

        final Map<String, Row> rows = new ConcurrentHashMap<>();
        volatile boolean down;
        long calls;
        long writes;
        long rowsWritten;
        long prunes;

        private void call() {
            calls++;
            if (down) {
                throw new StoreException("the store is away", null);
            }
        }

        long total(String kind, String subject) {
            Row row = rows.get(kind + " " + subject);
            return row == null ? 0 : row.failures();
        }

        List<String> subjects() {
            return List.copyOf(rows.keySet());
        }

        @Override
        public synchronized void addFailures(Collection<Increment> increments, Instant forgottenBefore) {
            call();
            writes++;
            for (Increment i : increments) {
                rowsWritten++;
                rows.merge(
                        i.kind() + " " + i.subject(),
                        new Row(i.failures(), i.lastFailure()),
                        (old, add) -> new Row(
                                old.last().isBefore(forgottenBefore) ? add.failures() : old.failures() + add.failures(),
                                add.last().isAfter(old.last()) ? add.last() : old.last()));
            }
        }

        @Override
        public synchronized List<Total> recentFailures(
                Collection<String> kinds, long minFailures, Instant since, int limit) {
            call();
            return rows.entrySet().stream()
                    .filter(e ->
                            kinds.contains(e.getKey().substring(0, e.getKey().indexOf(' '))))
                    .filter(e -> e.getValue().failures() >= minFailures
                            && e.getValue().last().isAfter(since))
                    .map(e -> {
                        String[] parts = e.getKey().split(" ", 2);
                        return new Total(
                                parts[0],
                                parts[1],
                                e.getValue().failures(),
                                e.getValue().last());
                    })
                    .sorted(Comparator.comparing(Total::lastFailure).reversed())
                    .limit(limit)
                    .toList();
        }

        @Override
        public synchronized int pruneFailures(Collection<String> kinds, Instant before) {
            call();
            prunes++;
            int before0 = rows.size();
            rows.entrySet()
                    .removeIf(e ->
                            kinds.contains(e.getKey().substring(0, e.getKey().indexOf(' ')))
                                    && e.getValue().last().isBefore(before));
            return before0 - rows.size();
        }
    }
}
