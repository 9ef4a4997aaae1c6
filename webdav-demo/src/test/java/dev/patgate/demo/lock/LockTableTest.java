package dev.patgate.demo.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.demo.lock.Lock.Depth;
import dev.patgate.demo.lock.Lock.Scope;
import dev.patgate.demo.store.NodePath;
import dev.patgate.demo.store.Workspace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LockTableTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private Instant now = START;
    private final LockTable table = new LockTable(new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    });

    private static NodePath path(String... names) {
        return new NodePath(Workspace.COMMON, null, List.of(names));
    }

    static Stream<Arguments> pairs() {
        return Stream.of(
                // held lock, new lock, conflicts?
                Arguments.of(
                        "shared, shared on same",
                        path("a"),
                        Scope.SHARED,
                        Depth.ZERO,
                        path("a"),
                        Scope.SHARED,
                        Depth.ZERO,
                        false),
                Arguments.of(
                        "shared, exclusive on same",
                        path("a"),
                        Scope.SHARED,
                        Depth.ZERO,
                        path("a"),
                        Scope.EXCLUSIVE,
                        Depth.ZERO,
                        true),
                Arguments.of(
                        "exclusive, shared on same",
                        path("a"),
                        Scope.EXCLUSIVE,
                        Depth.ZERO,
                        path("a"),
                        Scope.SHARED,
                        Depth.ZERO,
                        true),
                Arguments.of(
                        "exclusive on siblings",
                        path("a"),
                        Scope.EXCLUSIVE,
                        Depth.INFINITY,
                        path("b"),
                        Scope.EXCLUSIVE,
                        Depth.INFINITY,
                        false),
                Arguments.of(
                        "exclusive infinity above",
                        path("a"),
                        Scope.EXCLUSIVE,
                        Depth.INFINITY,
                        path("a", "b"),
                        Scope.SHARED,
                        Depth.ZERO,
                        true),
                Arguments.of(
                        "exclusive depth 0 above",
                        path("a"),
                        Scope.EXCLUSIVE,
                        Depth.ZERO,
                        path("a", "b"),
                        Scope.EXCLUSIVE,
                        Depth.ZERO,
                        false),
                Arguments.of(
                        "exclusive below new infinity",
                        path("a", "b"),
                        Scope.EXCLUSIVE,
                        Depth.ZERO,
                        path("a"),
                        Scope.SHARED,
                        Depth.INFINITY,
                        true),
                Arguments.of(
                        "exclusive below new depth 0",
                        path("a", "b"),
                        Scope.EXCLUSIVE,
                        Depth.ZERO,
                        path("a"),
                        Scope.EXCLUSIVE,
                        Depth.ZERO,
                        false),
                Arguments.of(
                        "name prefix is no ancestor",
                        path("a"),
                        Scope.EXCLUSIVE,
                        Depth.INFINITY,
                        path("ab"),
                        Scope.EXCLUSIVE,
                        Depth.ZERO,
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void lockWhenAnotherIsHeldThenConflictFollowsScopeAndDepth(
            String name,
            NodePath heldRoot,
            Scope heldScope,
            Depth heldDepth,
            NodePath newRoot,
            Scope newScope,
            Depth newDepth,
            boolean conflicts)
            throws Exception {
        Lock held = table.lock(heldRoot, heldScope, heldDepth, "", "alice", HOUR);

        if (conflicts) {
            assertThatThrownBy(() -> table.lock(newRoot, newScope, newDepth, "", "bob", HOUR))
                    .isInstanceOfSatisfying(
                            LockConflictException.class,
                            e -> assertThat(e.conflicting()).containsExactly(held));
        } else {
            assertThat(table.lock(newRoot, newScope, newDepth, "", "bob", HOUR).token())
                    .isNotEqualTo(held.token());
        }
    }

    @Test
    void lockWhenSameUserAsksAgainForExclusiveThenStillConflicts() throws Exception {
        table.lock(path("a"), Scope.EXCLUSIVE, Depth.ZERO, "", "alice", HOUR);

        assertThatThrownBy(() -> table.lock(path("a"), Scope.EXCLUSIVE, Depth.ZERO, "", "alice", HOUR))
                .isInstanceOf(LockConflictException.class);
    }

    @Test
    void lockWhenGrantedThenTokenIsARandomOpaqueLockToken() throws Exception {
        Lock lock =
                table.lock(path("a"), Scope.SHARED, Depth.ZERO, "<o:href xmlns:o=\"DAV:\">me</o:href>", "alice", HOUR);

        assertThat(lock.token())
                .matches("opaquelocktoken:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(lock.expires()).isEqualTo(START.plus(HOUR));
        assertThat(table.find(lock.token())).contains(lock);
    }

    @Test
    void coveringWhenDepthInfinityAboveThenIncludedAndDepthZeroAboveNot() throws Exception {
        Lock deep = table.lock(path("a"), Scope.SHARED, Depth.INFINITY, "", "alice", HOUR);
        table.lock(path("a", "b"), Scope.SHARED, Depth.ZERO, "", "alice", HOUR);
        Lock leaf = table.lock(path("a", "b", "c"), Scope.SHARED, Depth.ZERO, "", "alice", HOUR);

        assertThat(table.covering(path("a", "b", "c"))).containsExactlyInAnyOrder(deep, leaf);
        assertThat(table.rootedWithin(path("a", "b"))).hasSize(2).contains(leaf);
    }

    @Test
    void findWhenClockReachesExpiryThenLockIsGone() throws Exception {
        Lock lock = table.lock(path("a"), Scope.EXCLUSIVE, Depth.ZERO, "", "alice", Duration.ofSeconds(60));

        now = START.plusSeconds(59);
        assertThat(table.find(lock.token())).isPresent();
        assertThat(lock.remaining(now)).isEqualTo(Duration.ofSeconds(1));
        now = START.plusSeconds(60);
        assertThat(table.find(lock.token())).isEmpty();
        assertThat(table.covering(path("a"))).isEmpty();
        assertThat(table.lock(path("a"), Scope.EXCLUSIVE, Depth.ZERO, "", "bob", HOUR)
                        .principal())
                .isEqualTo("bob");
    }

    @Test
    void refreshWhenActiveThenExpiryRestartsFromNow() throws Exception {
        Lock lock = table.lock(path("a"), Scope.EXCLUSIVE, Depth.ZERO, "", "alice", Duration.ofSeconds(60));
        now = START.plusSeconds(50);

        Lock refreshed = table.refresh(lock.token(), Duration.ofSeconds(30)).orElseThrow();

        assertThat(refreshed.expires()).isEqualTo(START.plusSeconds(80));
        assertThat(refreshed.timeout()).isEqualTo(Duration.ofSeconds(30));
        now = START.plusSeconds(80);
        assertThat(table.refresh(lock.token(), HOUR)).isEmpty();
    }

    @Test
    void removeRootedWithinWhenFolderRemovedThenLocksBelowGoAndAboveStay() throws Exception {
        Lock above = table.lock(path("a"), Scope.SHARED, Depth.INFINITY, "", "alice", HOUR);
        Lock at = table.lock(path("a", "b"), Scope.SHARED, Depth.ZERO, "", "alice", HOUR);
        Lock below = table.lock(path("a", "b", "c"), Scope.SHARED, Depth.ZERO, "", "alice", HOUR);

        table.removeRootedWithin(path("a", "b"));

        assertThat(table.find(above.token())).isPresent();
        assertThat(table.find(at.token())).isEmpty();
        assertThat(table.find(below.token())).isEmpty();
        assertThat(table.remove(above.token())).isTrue();
        assertThat(table.remove(above.token())).isFalse();
    }
}
