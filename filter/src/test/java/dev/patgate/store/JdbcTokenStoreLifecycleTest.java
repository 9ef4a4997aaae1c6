package dev.patgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation families, listing everything and pruning, on a real SQLite file. */
class JdbcTokenStoreLifecycleTest {

    static final Instant T0 = JdbcTokenStoreContract.T0;

    @TempDir
    Path dir;

    JdbcTokenStore store;

    @BeforeEach
    void open() {
        store = JdbcTokenStore.open("jdbc:sqlite:" + dir.resolve("patgate.db"), null, null);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static TokenRecord record(String id, Instant created, Instant expires, Duration window) {
        return new TokenRecord(
                id,
                "alice",
                "",
                created,
                "admin",
                expires,
                window,
                null,
                null,
                List.of(),
                null,
                JdbcTokenStoreContract.digest(id));
    }

    @Test
    void rotateWhenActiveThenOldRevokedAndRotatedAwayInOneFamilyWithTheNew() {
        store.insert(record("first0000001", T0, T0.plusSeconds(3600), null));

        assertThat(store.rotate(
                        "first0000001",
                        record("second000001", T0.plusSeconds(1), T0.plusSeconds(3600), null),
                        T0.plusSeconds(1)))
                .isTrue();
        assertThat(store.rotate(
                        "second000001",
                        record("third0000001", T0.plusSeconds(2), T0.plusSeconds(3600), null),
                        T0.plusSeconds(2)))
                .isTrue();

        assertThat(store.findById("first0000001").orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.rotatedAwayFamily("first0000001")).hasValue("first0000001");
        assertThat(store.rotatedAwayFamily("second000001")).hasValue("first0000001");
        assertThat(store.rotatedAwayFamily("third0000001"))
                .as("not rotated away")
                .isEmpty();
        assertThat(store.changesSince(0).tokenIds()).containsExactly("first0000001", "second000001");
        assertThat(store.rotate("first0000001", record("other0000001", T0, T0.plusSeconds(3600), null), T0))
                .as("a revoked token cannot be rotated twice")
                .isFalse();
        assertThat(store.findById("other0000001")).isEmpty();

        assertThat(store.revokeFamily("first0000001", T0.plusSeconds(3))).containsExactly("third0000001");
        assertThat(store.revokeFamily("first0000001", T0.plusSeconds(4))).isEmpty();
        assertThat(store.changesSince(0).tokenIds()).endsWith("third0000001");
    }

    @Test
    void revokeWhenPlainThenNotRotatedAway() {
        store.insert(record("plain0000001", T0, T0.plusSeconds(3600), null));
        store.revoke("plain0000001", T0);

        assertThat(store.rotatedAwayFamily("plain0000001")).isEmpty();
    }

    @Test
    void pruneWhenRevokedOrExpiredBeforeThenDeletedAndAnnouncedElseKept() {
        Instant cut = T0.plus(Duration.ofDays(30));
        store.insert(record("revokedOld01", T0, T0.plus(Duration.ofDays(90)), null));
        store.revoke("revokedOld01", cut.minusMillis(1));
        store.insert(record("revokedNew01", T0, T0.plus(Duration.ofDays(90)), null));
        store.revoke("revokedNew01", cut);
        store.insert(record("hardOld00001", T0, cut.minusMillis(1), null));
        store.insert(record("hardAtCut001", T0, cut, null));
        store.insert(record("slideOld0001", T0, null, Duration.ofDays(30).minusMillis(1000)));
        store.insert(record("slideUsed001", T0, null, Duration.ofDays(1)));
        store.recordUses(List.of(new TokenUse("slideUsed001", cut.minus(Duration.ofHours(1)), "10.0.0.1")));
        store.insert(record("cappedOld001", T0, cut.minusMillis(1), Duration.ofDays(60)));
        long cursor = store.changesSince(-1).cursor();

        List<String> pruned = store.prune(cut);

        assertThat(pruned).containsExactly("cappedOld001", "hardOld00001", "revokedOld01", "slideOld0001");
        assertThat(store.findAll().stream().map(TokenRecord::id))
                .containsExactlyInAnyOrder("revokedNew01", "hardAtCut001", "slideUsed001");
        assertThat(store.changesSince(cursor).tokenIds()).containsExactlyInAnyOrderElementsOf(pruned);
        assertThat(store.prune(cut)).isEmpty();
    }

    @Test
    void findAllThenEveryUsersRecordsNewestFirst() {
        store.insert(record("older0000001", T0, T0.plusSeconds(60), null));
        store.insert(new TokenRecord(
                "bobs00000001",
                "bob",
                "",
                T0.plusSeconds(1),
                "admin",
                T0.plusSeconds(60),
                null,
                null,
                null,
                List.of(),
                null,
                JdbcTokenStoreContract.digest("b")));

        assertThat(store.findAll().stream().map(TokenRecord::id)).containsExactly("bobs00000001", "older0000001");
    }
}
