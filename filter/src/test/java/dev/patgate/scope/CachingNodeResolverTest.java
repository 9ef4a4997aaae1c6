package dev.patgate.scope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.testsupport.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CachingNodeResolverTest {

    private static final String UUID = "3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f10";
    private static final AuthenticatedToken ALICE = new AuthenticatedToken("alice", "id", List.of(), null);

    private final TestClock clock = TestClock.atDefaultStart();
    private final Map<String, String> tree = new ConcurrentHashMap<>(Map.of(UUID, "personal-files/old"));
    private final AtomicInteger lookups = new AtomicInteger();
    private volatile CountDownLatch answered = new CountDownLatch(0);
    private volatile CountDownLatch deliver = new CountDownLatch(0);
    private final NodeResolver backend = (uuid, user) -> {
        lookups.incrementAndGet();
        Optional<TargetPath> answer = Optional.ofNullable(tree.get(uuid)).map(TargetPath::ofNodePath);
        answered.countDown();
        try {
            deliver.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return answer;
    };
    private final CachingNodeResolver resolver = new CachingNodeResolver(backend, Duration.ofSeconds(10), 100, clock);
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        deliver.countDown();
        executor.shutdownNow();
    }

    @Test
    void resolveWhenAskedTwiceWithinTheTtlThenTheBackendIsAskedOnce() {
        assertThat(resolver.resolve(UUID, ALICE)).contains(TargetPath.ofNodePath("personal-files/old"));
        assertThat(resolver.resolve(UUID, ALICE)).contains(TargetPath.ofNodePath("personal-files/old"));
        assertThat(lookups).hasValue(1);

        clock.advance(Duration.ofSeconds(11));
        resolver.resolve(UUID, ALICE);
        assertThat(lookups).hasValue(2);
    }

    /** How the change ends relative to the answer that describes the old state. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "completed before the answer is stored",
                "still in flight when it is stored",
                "started and completed, then another started",
                "invalidated once"
            })
    void resolveWhenTheAnswerRacesWithAChangeThenItIsNotKept(String how) throws Exception {
        answered = new CountDownLatch(1);
        deliver = new CountDownLatch(1);
        Future<Optional<TargetPath>> inFlight = executor.submit(() -> resolver.resolve(UUID, ALICE));
        assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();

        tree.put(UUID, "personal-files/new");
        switch (how) {
            case "completed before the answer is stored" -> {
                resolver.changes().changeStarted();
                resolver.changes().changeCompleted();
            }
            case "still in flight when it is stored" -> resolver.changes().changeStarted();
            case "started and completed, then another started" -> {
                resolver.changes().changeStarted();
                resolver.changes().changeCompleted();
                resolver.changes().changeStarted();
            }
            default -> resolver.invalidateAll();
        }
        deliver.countDown();
        assertThat(inFlight.get(10, TimeUnit.SECONDS)).contains(TargetPath.ofNodePath("personal-files/old"));

        assertThat(resolver.resolve(UUID, ALICE)).contains(TargetPath.ofNodePath("personal-files/new"));
        assertThat(lookups).hasValue(2);
    }

    @Test
    void resolveWhileAChangeIsInFlightThenNothingIsStoredUntilItCompletes() {
        resolver.changes().changeStarted();
        resolver.resolve(UUID, ALICE);
        resolver.resolve(UUID, ALICE);
        assertThat(lookups).hasValue(2);

        resolver.changes().changeCompleted();
        resolver.resolve(UUID, ALICE);
        resolver.resolve(UUID, ALICE);
        assertThat(lookups).hasValue(3);
    }

    @Test
    void derivedWhenComputedUnderAnOlderGenerationThenNotStoredAndNotServed() {
        DecisionCache decisions = DecisionCache.following(resolver, 10);
        long before = decisions.generation();
        decisions.allow(key("kept"), before);
        assertThat(decisions.isAllowed(key("kept"))).isTrue();

        resolver.changes().changeStarted();
        decisions.allow(key("during"), before);
        decisions.allow(key("during-current"), decisions.generation());
        resolver.changes().changeCompleted();
        decisions.allow(key("after-with-old-generation"), before);

        assertThat(decisions.isAllowed(key("kept"))).isFalse();
        assertThat(decisions.isAllowed(key("during"))).isFalse();
        assertThat(decisions.isAllowed(key("during-current"))).isFalse();
        assertThat(decisions.isAllowed(key("after-with-old-generation"))).isFalse();
        decisions.allow(key("after"), decisions.generation());
        assertThat(decisions.isAllowed(key("after"))).isTrue();
    }

    @Test
    void derivedWhenTheTtlPassesThenExpiresLikeAResolution() {
        DecisionCache decisions = DecisionCache.following(resolver, 10);
        decisions.allow(key("d"), decisions.generation());
        clock.advance(Duration.ofSeconds(9));
        assertThat(decisions.isAllowed(key("d"))).isTrue();
        clock.advance(Duration.ofSeconds(2));
        assertThat(decisions.isAllowed(key("d"))).isFalse();
    }

    @Test
    void derivedWhenResolutionsAreInvalidatedThenStaleToo() {
        DecisionCache decisions = DecisionCache.following(resolver, 10);
        decisions.allow(key("d"), decisions.generation());
        resolver.invalidateAll();
        assertThat(decisions.isAllowed(key("d"))).isFalse();
    }

    private static DecisionCache.Key key(String path) {
        return new DecisionCache.Key("id", "GET", "/dav/" + path, null);
    }
}
