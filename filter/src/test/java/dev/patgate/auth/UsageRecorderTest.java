package dev.patgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.store.JdbcTokenStore;
import dev.patgate.store.TokenRecord;
import dev.patgate.store.TokenUse;
import dev.patgate.testing.CountingTokenStore;
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

class UsageRecorderTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path dir;

    JdbcTokenStore sqlite;
    CountingTokenStore store;
    UsageRecorder usage;

    @BeforeEach
    void openStore() {
        sqlite = JdbcTokenStore.open("jdbc:sqlite:" + dir.resolve("patgate.db"), null, null);
        store = new CountingTokenStore(sqlite);
        usage = new UsageRecorder(store);
        for (String id : List.of("tokenAAAAAAA", "tokenBBBBBBB")) {
            sqlite.insert(new TokenRecord(
                    id, "alice", "", T0, "cli", null, Duration.ofHours(1), null, null, List.of(), null, new byte[32]));
        }
    }

    @AfterEach
    void closeStore() {
        sqlite.close();
    }

    @Test
    void flushWhenManyUsesOfFewTokensThenOneRowPerTokenPerFlush() {
        for (int i = 1; i <= 1000; i++) {
            usage.record("tokenAAAAAAA", T0.plusMillis(i), "10.0.0." + (i % 250));
        }
        usage.record("tokenBBBBBBB", T0.plusSeconds(2), "10.9.9.9");

        assertThat(usage.flush()).isEqualTo(2);

        assertThat(store.useBatches()).hasSize(1);
        assertThat(store.useBatches().get(0))
                .containsExactlyInAnyOrder(
                        new TokenUse("tokenAAAAAAA", T0.plusMillis(1000), "10.0.0." + (1000 % 250)),
                        new TokenUse("tokenBBBBBBB", T0.plusSeconds(2), "10.9.9.9"));
        assertThat(sqlite.findById("tokenAAAAAAA").orElseThrow().lastUsedAt()).isEqualTo(T0.plusMillis(1000));
        assertThat(usage.pendingUse("tokenAAAAAAA")).isNull();
    }

    @Test
    void flushWhenNothingPendingThenNoWrite() {
        assertThat(usage.flush()).isZero();
        usage.record("tokenAAAAAAA", T0, "10.0.0.1");
        usage.flush();

        assertThat(usage.flush()).isZero();
        assertThat(store.useBatches()).hasSize(1);
    }

    @Test
    void flushWhenWriteFailsThenUsesKeptAndWrittenByTheNextFlush() {
        usage.record("tokenAAAAAAA", T0.plusSeconds(1), "10.0.0.1");
        store.failWrites(true);

        assertThat(usage.flush()).isZero();
        assertThat(usage.pendingUse("tokenAAAAAAA")).isEqualTo(T0.plusSeconds(1));
        assertThat(sqlite.findById("tokenAAAAAAA").orElseThrow().lastUsedAt()).isNull();

        usage.record("tokenBBBBBBB", T0.plusSeconds(2), "10.0.0.2");
        store.failWrites(false);

        assertThat(usage.flush()).isEqualTo(2);
        assertThat(sqlite.findById("tokenAAAAAAA").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(sqlite.findById("tokenBBBBBBB").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(usage.pendingUse("tokenAAAAAAA")).isNull();
    }

    static Stream<Arguments> orders() {
        return Stream.of(
                Arguments.of("in order", List.of(1, 2, 3), false, 3),
                Arguments.of("newest first", List.of(3, 1, 2), false, 3),
                Arguments.of("same instant twice", List.of(2, 2), false, 2),
                Arguments.of("newer than a failed flush", List.of(1, 5), true, 5),
                Arguments.of("older than a failed flush", List.of(5, 1), true, 5));
    }

    /**
     * @param seconds uses in the order they are recorded; with {@code failBetween} the first is
     *        caught in a failed flush before the rest are recorded
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void recordWhenUsesArriveInAnyOrderThenLatestWins(
            String name, List<Integer> seconds, boolean failBetween, int expectedSecond) {
        usage.record("tokenAAAAAAA", T0.plusSeconds(seconds.get(0)), "ip" + seconds.get(0));
        if (failBetween) {
            store.failWrites(true);
            usage.flush();
            store.failWrites(false);
        }
        for (int s : seconds.subList(1, seconds.size())) {
            usage.record("tokenAAAAAAA", T0.plusSeconds(s), "ip" + s);
        }

        assertThat(usage.pendingUse("tokenAAAAAAA")).isEqualTo(T0.plusSeconds(expectedSecond));
        usage.flush();

        TokenRecord stored = sqlite.findById("tokenAAAAAAA").orElseThrow();
        assertThat(stored.lastUsedAt()).isEqualTo(T0.plusSeconds(expectedSecond));
        assertThat(stored.lastUsedIp()).isEqualTo("ip" + expectedSecond);
    }
}
