package dev.patgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.token.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every JDBC-backed {@link TokenStore} must do, run against each database by a subclass.
 * {@link #openStore()} opens a new, independent store (its own pool) on the same database, so
 * "another process" is simply a second instance.
 */
abstract class JdbcTokenStoreContract {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final Scope READ_DOCS = Scope.parse("node:6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab:r");
    static final Scope WRITE_INBOX = Scope.parse("node:00000000-0000-4000-8000-00000000beef:rw");

    private final List<TokenStore> opened = new ArrayList<>();
    TokenStore store;

    /** Opens a store on this test's database; called several times per test. */
    abstract JdbcTokenStore open();

    /** Opens a store on this test's database that only checks the schema. */
    abstract JdbcTokenStore openWithoutMigrating();

    /** Makes the database empty before each test. */
    abstract void resetDatabase() throws Exception;

    /** A plain JDBC connection to this test's database, outside any store. */
    abstract java.sql.Connection rawConnection() throws java.sql.SQLException;

    /** How the hand-written migrator before Flyway declared the change log's key on this database. */
    abstract String legacySerialKey();

    TokenStore openStore() {
        JdbcTokenStore s = open();
        opened.add(s);
        return s;
    }

    @BeforeEach
    void openFreshStore() throws Exception {
        resetDatabase();
        store = openStore();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(TokenStore::close);
    }

    static TokenRecord record(String id, String login, Instant createdAt) {
        return new TokenRecord(
                id,
                login,
                "label " + id,
                createdAt,
                "admin",
                createdAt.plus(Duration.ofDays(1)),
                null,
                null,
                null,
                List.of(),
                null,
                digest(id));
    }

    static byte[] digest(String id) {
        byte[] d = new byte[32];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) (id.hashCode() * 31 + i * 97);
        }
        return d;
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(
                        "hard expiry only",
                        new TokenRecord(
                                "hardOnly0001",
                                "alice",
                                "laptop",
                                T0,
                                "admin",
                                T0.plus(Duration.ofDays(30)),
                                null,
                                null,
                                null,
                                List.of(),
                                null,
                                digest("a"))),
                Arguments.of(
                        "sliding only",
                        new TokenRecord(
                                "slidingOnly1",
                                "alice",
                                "",
                                T0,
                                "cli",
                                null,
                                Duration.ofMinutes(10),
                                null,
                                null,
                                List.of(),
                                null,
                                digest("b"))),
                Arguments.of(
                        "sliding with cap, used, scoped",
                        new TokenRecord(
                                "bothUsedScp1",
                                "bob",
                                "webdav drive",
                                T0,
                                "alice",
                                T0.plus(Duration.ofDays(7)),
                                Duration.ofHours(24),
                                T0.plusSeconds(5),
                                "2001:db8::1",
                                List.of(READ_DOCS, WRITE_INBOX),
                                null,
                                digest("c"))),
                Arguments.of(
                        "revoked, unicode label",
                        new TokenRecord(
                                "revokedUni01",
                                "žofie",
                                "Ünïcödé ✓",
                                T0,
                                "žofie",
                                T0.plusSeconds(60),
                                null,
                                T0.plusSeconds(1),
                                "10.0.0.1",
                                List.of(READ_DOCS),
                                T0.plusSeconds(2),
                                digest("d"))),
                Arguments.of(
                        "null label and creator",
                        new TokenRecord(
                                "nullLabels01",
                                "carol",
                                null,
                                T0,
                                null,
                                T0.plusSeconds(3600),
                                null,
                                null,
                                null,
                                null,
                                null,
                                digest("e"))),
                Arguments.of(
                        "millisecond instants",
                        new TokenRecord(
                                "millisInst01",
                                "carol",
                                "ms",
                                T0.plusMillis(123),
                                "x",
                                T0.plusMillis(456_789),
                                Duration.ofSeconds(1),
                                T0.plusMillis(124),
                                "::1",
                                List.of(),
                                null,
                                digest("f"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void insertWhenAnyShapeThenFindByIdReturnsEveryField(String name, TokenRecord record) {
        store.insert(record);

        Optional<TokenRecord> found = store.findById(record.id());

        assertThat(found).isPresent();
        assertThat(found.get()).usingRecursiveComparison().isEqualTo(record);
    }

    @Test
    void findByIdWhenUnknownThenEmpty() {
        store.insert(record("known0000001", "alice", T0));

        assertThat(store.findById("unknown00001")).isEmpty();
        assertThat(store.findById("known000000")).isEmpty();
    }

    @Test
    void insertWhenIdExistsThenStoreExceptionAndFirstRecordKept() {
        store.insert(record("duplicate001", "alice", T0));

        assertThatThrownBy(() -> store.insert(record("duplicate001", "mallory", T0)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("duplicate001");
        assertThat(store.findById("duplicate001"))
                .get()
                .extracting(TokenRecord::login)
                .isEqualTo("alice");
    }

    @Test
    void findByLoginWhenSeveralUsersThenOnlyThatUsersNewestFirst() {
        store.insert(record("alice0000001", "alice", T0));
        store.insert(record("bob000000001", "bob", T0.plusSeconds(1)));
        store.insert(record("alice0000003", "alice", T0.plusSeconds(20)));
        store.insert(record("alice0000002", "alice", T0.plusSeconds(10)));

        assertThat(store.findByLogin("alice"))
                .extracting(TokenRecord::id)
                .containsExactly("alice0000003", "alice0000002", "alice0000001");
        assertThat(store.findByLogin("bob")).extracting(TokenRecord::id).containsExactly("bob000000001");
        assertThat(store.findByLogin("nobody")).isEmpty();
        assertThat(store.findByLogin("ALICE")).isEmpty();
    }

    @Test
    void findLiveWhenMixedRecordsThenOnlyThoseValidAtNowMostRecentlyUsedFirst() {
        Instant now = T0.plus(Duration.ofHours(2));
        // hard expiry one day after creation: live
        store.insert(record("liveOld00001", "alice", T0));
        store.insert(record("liveNew00001", "bob", T0.plusSeconds(60)));
        // used after both were created: comes first
        store.insert(new TokenRecord(
                "liveUsed0001",
                "carol",
                "",
                T0,
                "admin",
                T0.plus(Duration.ofDays(1)),
                null,
                T0.plusSeconds(3600),
                "::1",
                List.of(WRITE_INBOX),
                null,
                digest("u")));
        // sliding, used 5 minutes ago with a 10 minute window: live
        store.insert(new TokenRecord(
                "slideLive001",
                "alice",
                "",
                T0,
                "admin",
                null,
                Duration.ofMinutes(10),
                now.minus(Duration.ofMinutes(5)),
                "::1",
                List.of(),
                null,
                digest("s")));
        // sliding, last used 11 minutes ago: gone
        store.insert(new TokenRecord(
                "slideDead001",
                "alice",
                "",
                T0,
                "admin",
                null,
                Duration.ofMinutes(10),
                now.minus(Duration.ofMinutes(11)),
                "::1",
                List.of(),
                null,
                digest("t")));
        // hard expiry passed, exactly at now, and revoked: gone
        store.insert(new TokenRecord(
                "expired00001",
                "alice",
                "",
                T0,
                "admin",
                T0.plusSeconds(60),
                null,
                null,
                null,
                List.of(),
                null,
                digest("x")));
        store.insert(new TokenRecord(
                "expiresNow01", "alice", "", T0, "admin", now, null, null, null, List.of(), null, digest("y")));
        store.insert(record("revoked00001", "alice", T0.plusSeconds(30)));
        store.revoke("revoked00001", T0.plusSeconds(40));

        assertThat(store.findLive(now, 100))
                .extracting(TokenRecord::id)
                .containsExactly("slideLive001", "liveUsed0001", "liveNew00001", "liveOld00001");
        assertThat(store.findLive(now, 2)).extracting(TokenRecord::id).containsExactly("slideLive001", "liveUsed0001");
        assertThat(store.findLive(now, 0)).isEmpty();
        assertThat(store.findLive(now, 100).get(1))
                .usingRecursiveComparison()
                .isEqualTo(store.findById("liveUsed0001").orElseThrow());
    }

    @Test
    void findLiveWhenMoreRowsThanOneFetchThenAllReturned() {
        for (int i = 0; i < 1001; i++) { // the store fetches 1000 rows at a time
            store.insert(record(String.format("live%08d", i), "many", T0.plusMillis(i)));
        }

        List<TokenRecord> live = store.findLive(T0, 10_000);

        assertThat(live).hasSize(1001).extracting(TokenRecord::id).doesNotHaveDuplicates();
        assertThat(live.get(0).id()).isEqualTo("live00001000");
    }

    @Test
    void revokeWhenActiveThenTrueOnceAndRevokedAtKept() {
        store.insert(record("revokeMe0001", "alice", T0));

        assertThat(store.revoke("revokeMe0001", T0.plusSeconds(30))).isTrue();
        assertThat(store.revoke("revokeMe0001", T0.plusSeconds(60))).isFalse();
        assertThat(store.revoke("notThere0001", T0)).isFalse();
        assertThat(store.findById("revokeMe0001"))
                .get()
                .extracting(TokenRecord::revokedAt)
                .isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void revokeByLoginWhenUserHasTokensThenEveryUnrevokedOneRevokedOnceAndAnnouncedAndOthersUntouched() {
        store.insert(record("aliceLive001", "alice", T0));
        store.insert(record("aliceLive002", "alice", T0.plusSeconds(1)));
        store.insert(record("aliceOld0001", "alice", T0.minus(Duration.ofDays(5)))); // expired: revoked too
        store.insert(record("aliceGone001", "alice", T0));
        store.revoke("aliceGone001", T0.plusSeconds(5));
        store.insert(record("bobLive00001", "bob", T0));
        long cursor = store.changesSince(-1).cursor();

        List<String> revoked = store.revokeByLogin("alice", T0.plusSeconds(30));

        assertThat(revoked).containsExactlyInAnyOrder("aliceLive001", "aliceLive002", "aliceOld0001");
        assertThat(store.findByLogin("alice"))
                .allSatisfy(r -> assertThat(r.revokedAt()).isNotNull())
                .filteredOn(r -> r.id().equals("aliceGone001"))
                .extracting(TokenRecord::revokedAt)
                .containsExactly(T0.plusSeconds(5));
        assertThat(store.findById("bobLive00001").orElseThrow().revokedAt()).isNull();
        assertThat(store.changesSince(cursor).tokenIds())
                .containsExactlyInAnyOrder("aliceLive001", "aliceLive002", "aliceOld0001");
        assertThat(store.revokeByLogin("alice", T0.plusSeconds(60))).isEmpty();
        assertThat(store.revokeByLogin("nobody", T0)).isEmpty();
    }

    @Test
    void revokeByLoginWhenAnotherInstanceRevokedThenThisOneDropsThemFromItsCursor() {
        TokenStore cli = openStore();
        store.insert(record("fromGatewy01", "carol", T0));
        long cursor = store.changesSince(-1).cursor();

        assertThat(cli.revokeByLogin("carol", T0.plusSeconds(1))).containsExactly("fromGatewy01");

        TokenStore.Changes changes = store.changesSince(cursor);
        assertThat(changes.tokenIds()).containsExactly("fromGatewy01");
        assertThat(store.changesSince(changes.cursor()).tokenIds()).isEmpty();
    }

    @Test
    void recordUsesWhenOlderUseArrivesThenLastUseOnlyMovesForward() {
        store.insert(record("usedToken001", "alice", T0));
        store.insert(record("otherToken01", "alice", T0));

        store.recordUses(List.of(
                new TokenUse("usedToken001", T0.plusSeconds(20), "10.0.0.2"),
                new TokenUse("otherToken01", T0.plusSeconds(5), "10.0.0.9")));
        store.recordUses(List.of(new TokenUse("usedToken001", T0.plusSeconds(10), "10.0.0.1")));
        store.recordUses(List.of(new TokenUse("usedToken001", T0.plusSeconds(20), "10.0.0.3")));

        TokenRecord used = store.findById("usedToken001").orElseThrow();
        assertThat(used.lastUsedAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(used.lastUsedIp()).isEqualTo("10.0.0.2");
        assertThat(store.findById("otherToken01").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(5));

        store.recordUses(List.of(new TokenUse("usedToken001", T0.plusSeconds(21), "10.0.0.4")));

        used = store.findById("usedToken001").orElseThrow();
        assertThat(used.lastUsedAt()).isEqualTo(T0.plusSeconds(21));
        assertThat(used.lastUsedIp()).isEqualTo("10.0.0.4");
    }

    @Test
    void recordUsesWhenUnknownIdOrEmptyBatchThenNothingChangesAndNoError() {
        store.insert(record("usedToken001", "alice", T0));

        store.recordUses(List.of());
        store.recordUses(List.of(new TokenUse("ghostToken01", T0.plusSeconds(1), "10.0.0.1")));

        assertThat(store.findById("usedToken001").orElseThrow().lastUsedAt()).isNull();
        assertThat(store.findById("ghostToken01")).isEmpty();
    }

    @Test
    void changesSinceWhenCursorNegativeThenCurrentMaxAndNoIds() {
        TokenStore.Changes empty = store.changesSince(-1);
        assertThat(empty.tokenIds()).isEmpty();

        store.insert(record("first0000001", "alice", T0));
        store.insert(record("second000001", "alice", T0));
        store.revoke("first0000001", T0);
        store.revoke("second000001", T0);

        TokenStore.Changes start = store.changesSince(-1);
        assertThat(start.tokenIds()).isEmpty();
        assertThat(start.cursor()).isGreaterThan(empty.cursor());
        assertThat(store.changesSince(start.cursor()).tokenIds()).isEmpty();
        assertThat(store.changesSince(empty.cursor()).tokenIds()).containsExactly("first0000001", "second000001");
    }

    @Test
    void changesSinceWhenRevokedAfterCursorThenThoseIdsOnceInOrder() {
        store.insert(record("first0000001", "alice", T0));
        store.insert(record("second000001", "alice", T0));
        store.insert(record("third0000001", "alice", T0));
        long cursor = store.changesSince(-1).cursor();

        store.revoke("second000001", T0.plusSeconds(1));
        store.revoke("first0000001", T0.plusSeconds(2));
        store.revoke("first0000001", T0.plusSeconds(3));
        TokenStore.Changes changes = store.changesSince(cursor);

        assertThat(changes.tokenIds()).containsExactly("second000001", "first0000001");
        assertThat(changes.cursor()).isGreaterThan(cursor);

        TokenStore.Changes none = store.changesSince(changes.cursor());
        assertThat(none.tokenIds()).isEmpty();
        assertThat(none.cursor()).isEqualTo(changes.cursor());

        store.revoke("third0000001", T0.plusSeconds(4));
        TokenStore.Changes next = store.changesSince(none.cursor());
        assertThat(next.tokenIds()).containsExactly("third0000001");
        assertThat(next.cursor()).isGreaterThan(none.cursor());
    }

    @Test
    void openWhenDatabaseAlreadyHoldsRecordsThenReopenedStoreKeepsThem() {
        store.insert(record("persisted001", "alice", T0));
        store.revoke("persisted001", T0.plusSeconds(9));
        store.close();

        TokenStore reopened = openStore();

        assertThat(reopened.findById("persisted001"))
                .get()
                .extracting(TokenRecord::revokedAt)
                .isEqualTo(T0.plusSeconds(9));
        assertThat(reopened.changesSince(0).tokenIds()).containsExactly("persisted001");
    }

    @Test
    void twoInstancesWhenEitherWritesThenTheOtherSeesItAtOnce() {
        TokenStore cli = openStore();

        cli.insert(record("fromCli00001", "alice", T0));
        assertThat(store.findById("fromCli00001")).isPresent();
        assertThat(store.findByLogin("alice")).extracting(TokenRecord::id).containsExactly("fromCli00001");

        long cursor = store.changesSince(-1).cursor();
        assertThat(cli.revoke("fromCli00001", T0.plusSeconds(1))).isTrue();
        assertThat(store.findById("fromCli00001").orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.changesSince(cursor).tokenIds()).containsExactly("fromCli00001");

        store.insert(record("fromGatewy01", "bob", T0));
        store.recordUses(List.of(new TokenUse("fromGatewy01", T0.plusSeconds(3), "10.1.1.1")));
        assertThat(cli.findById("fromGatewy01").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(store.revoke("fromCli00001", T0.plusSeconds(2))).isFalse();
    }

    @Test
    void twoInstancesWhenWritingConcurrentlyThenEveryWriteLands() throws Exception {
        TokenStore other = openStore();
        int perWriter = 40;
        Thread a = new Thread(() -> insertMany(store, "a", perWriter));
        Thread b = new Thread(() -> insertMany(other, "b", perWriter));
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        a.setUncaughtExceptionHandler((t, e) -> failures.add(e));
        b.setUncaughtExceptionHandler((t, e) -> failures.add(e));

        a.start();
        b.start();
        a.join();
        b.join();

        assertThat(failures).isEmpty();
        assertThat(store.findByLogin("writer")).hasSize(2 * perWriter);
        assertThat(store.changesSince(0).tokenIds()).hasSize(2 * perWriter);
    }

    /**
     * A store made by the hand-written migrator that came before Flyway (its statements copied here
     * as they were) keeps every token, revoked or not, and its change log, and goes on working.
     */
    @Test
    void openWhenTheStoreWasMadeByTheHandWrittenMigratorThenBaselinedAndEveryTokenKept() throws Exception {
        closeStores();
        opened.clear();
        resetDatabase();
        try (java.sql.Connection c = rawConnection();
                java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS patgate_schema (version INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS patgate_tokens (id VARCHAR(12) PRIMARY KEY,"
                    + " login VARCHAR(255) NOT NULL, label VARCHAR(255) NOT NULL, created_at BIGINT NOT NULL,"
                    + " created_by VARCHAR(255) NOT NULL, expires_at BIGINT, refresh_window_s BIGINT,"
                    + " last_used_at BIGINT, last_used_ip VARCHAR(64), scopes VARCHAR(8000) NOT NULL,"
                    + " revoked_at BIGINT, secret_digest VARCHAR(64) NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS patgate_tokens_login ON patgate_tokens (login)");
            s.execute("CREATE TABLE IF NOT EXISTS patgate_token_changes (seq " + legacySerialKey()
                    + ", token_id VARCHAR(12) NOT NULL, changed_at BIGINT NOT NULL)");
            s.execute("INSERT INTO patgate_schema (version) VALUES (1)");
            String digest = java.util.Base64.getEncoder().encodeToString(digest("oldActive001"));
            s.execute("INSERT INTO patgate_tokens VALUES ('oldActive001', 'alice', 'laptop', "
                    + T0.toEpochMilli() + ", 'admin', NULL, 86400, "
                    + T0.plusSeconds(60).toEpochMilli()
                    + ", '10.0.0.7', '" + READ_DOCS + "', NULL, '" + digest + "')");
            s.execute("INSERT INTO patgate_tokens VALUES ('oldRevoked01', 'bob', 'ci', " + T0.toEpochMilli()
                    + ", 'bob', " + T0.plusSeconds(3600).toEpochMilli() + ", NULL, NULL, NULL, '', "
                    + T0.plusSeconds(5).toEpochMilli() + ", '" + digest + "')");
            s.execute("INSERT INTO patgate_token_changes (token_id, changed_at) VALUES ('oldRevoked01', "
                    + T0.plusSeconds(5).toEpochMilli() + ")");
        }

        TokenStore takenOver = openStore();

        TokenRecord active = takenOver.findById("oldActive001").orElseThrow();
        assertThat(active.login()).isEqualTo("alice");
        assertThat(active.refreshWindow()).isEqualTo(Duration.ofDays(1));
        assertThat(active.lastUsedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(active.lastUsedIp()).isEqualTo("10.0.0.7");
        assertThat(active.scopes()).containsExactly(READ_DOCS);
        assertThat(active.secretDigest()).isEqualTo(digest("oldActive001"));
        assertThat(takenOver.findById("oldRevoked01").orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(takenOver.changesSince(0).tokenIds()).containsExactly("oldRevoked01");
        assertThat(takenOver.revoke("oldActive001", T0.plusSeconds(70))).isTrue();
        assertThat(takenOver.changesSince(0).tokenIds()).containsExactly("oldRevoked01", "oldActive001");
        assertThat(appliedVersions()).containsExactly("1 BASELINE", "2 SQL", "3 SQL", "4 SQL");
        openStore(); // a second open finds nothing left to do
        assertThat(appliedVersions()).containsExactly("1 BASELINE", "2 SQL", "3 SQL", "4 SQL");
    }

    @Test
    void openWhenSeveralProcessesOpenANewStoreAtOnceThenEachSucceedsAndEveryMigrationRunsOnce() throws Exception {
        closeStores();
        opened.clear();
        resetDatabase();
        int processes = 4;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(processes);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(processes);
        try {
            List<java.util.concurrent.Future<JdbcTokenStore>> opening = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                opening.add(pool.submit(() -> {
                    start.await();
                    return open();
                }));
            }
            for (java.util.concurrent.Future<JdbcTokenStore> f : opening) {
                opened.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(appliedVersions()).containsExactly("1 SQL", "2 SQL", "3 SQL", "4 SQL");
        opened.get(0).insert(record("afterRace001", "alice", T0));
        assertThat(opened.get(processes - 1).findById("afterRace001")).isPresent();
    }

    @Test
    void openWhenAMigrationNewerThanThisCodeWasAppliedThenRefusedNamingBothVersions() throws Exception {
        try (java.sql.Connection c = rawConnection();
                java.sql.Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + Migrations.HISTORY_TABLE + " (installed_rank, version, description, type,"
                    + " script, checksum, installed_by, execution_time, success)"
                    + " VALUES (99, '99', 'from a newer patgate', 'SQL', 'V99__newer.sql', 0, 'test', 0, TRUE)");
        }

        assertThatThrownBy(this::open)
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("the store's schema version 99 is newer than this patgate understands (4)");
    }

    @Test
    void openWhenNotMigratingThenACurrentStoreOpensAndANewOneIsRefusedUntouched() throws Exception {
        assertThat(((JdbcTokenStore) store).schemaVersion()).isEqualTo("4");
        openStore().close(); // current: nothing to do either way
        closeStores();
        opened.clear();
        resetDatabase();

        assertThatThrownBy(this::openWithoutMigrating)
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(
                        "the store has no schema yet, this patgate needs version 4, and migrating on open is off");
        JdbcTokenStore migrated = open();
        opened.add(migrated);
        assertThat(migrated.migrationsApplied()).isEqualTo(4);
        JdbcTokenStore checked = openWithoutMigrating();
        opened.add(checked);
        assertThat(checked.migrationsApplied()).isZero();
        assertThat(checked.schemaVersion()).isEqualTo("4");
    }

    @Test
    void exportAndInsertAllWhenEveryShapeThenTheSameRecordsInIdOrderAndAllOrNothing() {
        List<TokenRecord> records = new ArrayList<>();
        for (int i = 0; i < 2345; i++) {
            records.add(record(String.format("bulk%08d", i), "bulk", T0.plusSeconds(i)));
        }
        JdbcTokenStore jdbc = (JdbcTokenStore) store;
        assertThat(jdbc.insertAll(records)).isEqualTo(2345);
        jdbc.revoke("bulk00000007", T0.plusSeconds(99));

        List<TokenRecord> read = new ArrayList<>();
        jdbc.forEach(read::add);

        assertThat(read).hasSize(2345);
        assertThat(jdbc.count()).isEqualTo(2345);
        assertThat(read.get(7).revokedAt()).isEqualTo(T0.plusSeconds(99));
        assertThat(read.get(2344).id()).isEqualTo("bulk00002344");
        assertThat(read.get(2344).secretDigest()).isEqualTo(digest("bulk00002344"));
        assertThatThrownBy(() -> jdbc.insertAll(List.of(record("bulkNew00001", "bulk", T0), records.get(0))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("none was added");
        assertThat(jdbc.findById("bulkNew00001")).isEmpty();
    }

    static FailureCounts.Increment failures(String kind, String subject, long n, Instant last) {
        return new FailureCounts.Increment(kind, subject, n, last);
    }

    List<String> recent(FailureCounts counts, long min, Instant since) {
        return counts.recentFailures(List.of("token.address", "token.login"), min, since, 100).stream()
                .map(t -> t.kind() + " " + t.subject() + " " + t.failures() + " "
                        + (t.lastFailure().toEpochMilli() - T0.toEpochMilli()))
                .toList();
    }

    @Test
    void addFailuresWhenTwoInstancesAddToOneSubjectThenTheRowHoldsTheSumAndTheLatestFailure() {
        FailureCounts a = (FailureCounts) store;
        FailureCounts b = (FailureCounts) openStore();
        Instant forgotten = T0.minus(Duration.ofMinutes(15));

        a.addFailures(List.of(failures("token.address", "192.0.2.7", 3, T0.plusMillis(300))), forgotten);
        b.addFailures(
                List.of(
                        failures("token.address", "192.0.2.7", 2, T0.plusMillis(200)),
                        failures("token.login", "aGFzaGVkLWxvZ2lu", 1, T0.plusMillis(250))),
                forgotten);
        a.addFailures(List.of(failures("password.address", "192.0.2.7", 9, T0.plusMillis(400))), forgotten);

        assertThat(recent(b, 1, T0))
                .as("the sum of both, the last failure moved only forward; another kind left out")
                .containsExactly("token.address 192.0.2.7 5 300", "token.login aGFzaGVkLWxvZ2lu 1 250");
        assertThat(recent(a, 2, T0)).as("at least 2").containsExactly("token.address 192.0.2.7 5 300");
        assertThat(recent(a, 1, T0.plusMillis(260)))
                .as("after 260 ms")
                .containsExactly("token.address 192.0.2.7 5 300");
        assertThat(a.recentFailures(List.of("token.address", "token.login"), 1, T0, 1))
                .as("the most recent first, at most the limit")
                .extracting(FailureCounts.Total::subject)
                .containsExactly("192.0.2.7");
    }

    @Test
    void addFailuresWhenTheRowWasLastFailedBeforeForgottenBeforeThenItStartsAgainFromTheIncrement() {
        FailureCounts counts = (FailureCounts) store;
        counts.addFailures(List.of(failures("token.address", "192.0.2.7", 40, T0)), T0.minusSeconds(900));

        Instant later = T0.plus(Duration.ofMinutes(16));
        counts.addFailures(List.of(failures("token.address", "192.0.2.7", 2, later)), later.minusSeconds(900));

        assertThat(recent(counts, 1, T0)).containsExactly("token.address 192.0.2.7 2 960000");
    }

    @Test
    void pruneFailuresWhenRowsAreOlderThanBeforeThenOnlyThoseOfTheKindsGo() {
        FailureCounts counts = (FailureCounts) store;
        counts.addFailures(
                List.of(
                        failures("token.address", "old", 1, T0),
                        failures("token.address", "new", 1, T0.plusSeconds(60)),
                        failures("password.address", "old", 1, T0)),
                T0.minusSeconds(900));

        assertThat(counts.pruneFailures(List.of("token.address", "token.login"), T0.plusSeconds(1)))
                .isEqualTo(1);

        assertThat(recent(counts, 1, T0.minusSeconds(1))).containsExactly("token.address new 1 60000");
        assertThat(counts.recentFailures(List.of("password.address"), 1, T0.minusSeconds(1), 10))
                .hasSize(1);
    }

    @Test
    void addFailuresWhenFourInstancesAddTheSameSubjectsAtOnceThenNoneIsLostAndNoneDeadlocks() throws Exception {
        int instances = 4;
        int rounds = 25;
        List<FailureCounts> stores = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            stores.add((FailureCounts) openStore());
        }
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(instances);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(instances);
        try {
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                FailureCounts mine = stores.get(i);
                boolean reversed = i % 2 == 1;
                running.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        List<FailureCounts.Increment> batch = new ArrayList<>();
                        for (int s = 0; s < 10; s++) {
                            batch.add(failures("token.address", "10.0.0." + s, 1, T0.plusMillis(r)));
                        }
                        if (reversed) {
                            java.util.Collections.reverse(batch);
                        }
                        mine.addFailures(batch, T0.minusSeconds(900));
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : running) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(stores.get(0).recentFailures(List.of("token.address"), 1, T0.minusSeconds(1), 100))
                .hasSize(10)
                .allSatisfy(t -> assertThat(t.failures()).isEqualTo((long) instances * rounds));
    }

    /** The rows of Flyway's history, as "version type", in order. */
    List<String> appliedVersions() throws java.sql.SQLException {
        List<String> rows = new ArrayList<>();
        try (java.sql.Connection c = rawConnection();
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT version, type, success FROM " + Migrations.HISTORY_TABLE
                        + " ORDER BY installed_rank")) {
            while (rs.next()) {
                assertThat(rs.getBoolean(3))
                        .as("migration %s succeeded", rs.getString(1))
                        .isTrue();
                rows.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return rows;
    }

    private static void insertMany(TokenStore s, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            String id = String.format("%s%011d", prefix, i);
            s.insert(record(id, "writer", T0));
            s.recordUses(List.of(new TokenUse(id, T0.plusSeconds(i + 1), "10.0.0." + i)));
            s.revoke(id, T0.plusSeconds(i + 2));
        }
    }
}
