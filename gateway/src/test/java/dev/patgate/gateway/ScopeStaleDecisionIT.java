package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.config.ScopesConfig;
import dev.patgate.testsupport.TestClock;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property 2: a decision never outlives the change that invalidated it. The first request after a
 * MOVE, DELETE, overwriting COPY or REST delete through the gateway is decided on the new state,
 * even when a resolution that describes the old state was in flight during the change: the
 * backend's node lookup is held (after its answer is computed, before it is sent) until the change
 * is over, deterministically, with latches; nothing sleeps.
 */
class ScopeStaleDecisionIT {

    @TempDir
    static Path home;

    private static final TestClock clock = TestClock.atDefaultStart();
    private static final HeldAnswers held = new HeldAnswers();
    private static final AtomicInteger names = new AtomicInteger();
    private static ScopeFixture fx;
    private static String aliceUnscoped;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void start() throws Exception {
        fx = ScopeFixture.start(home, clock, ScopesConfig.DEFAULT, held);
        aliceUnscoped = fx.issue("alice");
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @AfterEach
    void releaseAndStop() {
        held.release();
        executor.shutdownNow();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"MOVE", "DELETE", "COPY Overwrite T", "REST delete", "MOVE by a scoped token"})
    void resolutionWhenInFlightDuringAChangeThenNeitherItNorItsDecisionIsKept(String change) throws Exception {
        String dir = "personal-files/race" + names.incrementAndGet();
        fx.mkdirs("alice", dir);
        fx.put("alice", dir + "/f.txt", "original");
        fx.put("alice", dir + "/g.txt", "original g");
        String token = fx.issue("alice", fx.scope(dir, "rw"));
        String mover = fx.issue("alice", fx.scope("personal-files", "rw"));
        String nodeRoute = "/n/node/" + fx.uuid("alice", dir);
        if (change.startsWith("COPY")) {
            fx.mkdirs("alice", dir + "-src");
            fx.put("alice", dir + "-src/f.txt", "copied over");
        }

        held.hold(nodeRoute);
        Future<ScopeFixture.Exchange> inFlight = executor.submit(
                () -> fx.call("GET", "/dav/" + dir + "/f.txt").token(token).send());
        held.awaitHeld();
        change(change, dir, mover);
        held.release();
        assertThat(inFlight.get(20, TimeUnit.SECONDS).status()).isLessThan(500);
        if (!change.startsWith("COPY")) {
            fx.mkdirs("alice", dir);
            fx.put("alice", dir + "/f.txt", "impostor at the old path");
        }

        fx.call("GET", "/dav/" + dir + "/f.txt").token(token).expect("403 read");
        fx.call("GET", "/dav/" + dir + "/g.txt").token(token).expect("403 read");
        fx.call("PUT", "/dav/" + dir + "/h.txt").token(token).body("h").expect("403 write");
        fx.call("OPTIONS", "/dav/" + dir + "/").token(token).expect("403 read");
        if (change.startsWith("MOVE")) {
            assertThat(fx.call("GET", "/dav/" + dir + "-moved/f.txt")
                            .token(token)
                            .expect("200")
                            .body())
                    .isEqualTo("original");
        }
    }

    /**
     * The gateway takes a COPY without {@code Overwrite} as the RFC 4918 §10.6 default, T, and
     * invalidates; webdav-demo (milton) takes it as F and answers 412, so that row shows only that
     * a refused overwrite changes nothing.
     */
    @ParameterizedTest(name = "[{index}] Overwrite {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            T    | 204
            F    | 412
            none | 412
            """)
    void copyWhenOntoTheScopedFolderThenTheNextRequestIsDecidedOnWhatIsThereNow(String overwrite, int status)
            throws Exception {
        String dir = "personal-files/copied" + names.incrementAndGet();
        fx.mkdirs("alice", dir);
        fx.put("alice", dir + "/f.txt", "original");
        fx.mkdirs("alice", dir + "-src");
        fx.put("alice", dir + "-src/f.txt", "copied over");
        String token = fx.issue("alice", fx.scope(dir, "r"));
        fx.call("GET", "/dav/" + dir + "/f.txt").token(token).expect("200");
        fx.call("PROPFIND", "/dav/" + dir + "/").token(token).depth("1").expect("207");

        ScopeFixture.Call copy =
                fx.call("COPY", "/dav/" + dir + "-src/").token(aliceUnscoped).destination("/dav/" + dir + "/");
        if (overwrite != null) {
            copy.header("Overwrite", overwrite);
        }
        copy.expect(String.valueOf(status));

        if (status == 412) {
            assertThat(fx.call("GET", "/dav/" + dir + "/f.txt")
                            .token(token)
                            .expect("200")
                            .body())
                    .isEqualTo("original");
        } else {
            fx.call("GET", "/dav/" + dir + "/f.txt").token(token).expect("403 read");
            fx.call("PROPFIND", "/dav/" + dir + "/").token(token).depth("1").expect("403 read");
        }
    }

    /**
     * Once every change is over, caching resumes: the second identical request costs the backend no
     * node lookup (no change is left counted as in flight, whichever way it ended).
     */
    @org.junit.jupiter.api.Test
    void cacheWhenEveryChangeIsOverThenDecisionsAreCachedAgain() throws Exception {
        String dir = "personal-files/resume" + names.incrementAndGet();
        fx.mkdirs("alice", dir);
        fx.put("alice", dir + "/f.txt", "f");
        fx.put("alice", dir + "/g.txt", "g");
        String token = fx.issue("alice", fx.scope(dir, "rw"));
        String nodeRoute = "/n/node/" + fx.uuid("alice", dir);
        fx.call("PUT", "/dav/" + dir + "/put.txt")
                .token(aliceUnscoped)
                .body("p")
                .expect("201");
        fx.call("PUT", "/dav/" + dir + "/put.txt").token(token).body("p2").expect("204");
        fx.call("COPY", "/dav/" + dir + "/f.txt")
                .token(aliceUnscoped)
                .destination("/dav/" + dir + "/c.txt")
                .expect("201");
        fx.call("MOVE", "/dav/" + dir + "/c.txt")
                .token(token)
                .destination("/dav/" + dir + "/m.txt")
                .expect("201");
        fx.call("DELETE", "/dav/" + dir + "/m.txt").token(aliceUnscoped).expect("204");
        fx.call("DELETE", "/dav/" + dir + "/nothing.txt").token(aliceUnscoped).expect("404");
        fx.call("DELETE", "/dav/personal-files/other/").token(token).expect("403 write");
        fx.call("POST", "/a/tree/delete")
                .token(aliceUnscoped)
                .body("{\"Nodes\":[{\"Path\":\"" + dir + "/put.txt\"}]}")
                .expect("200");

        fx.call("GET", "/dav/" + dir + "/f.txt").token(token).expect("200");
        int lookups = held.count(nodeRoute);
        fx.call("GET", "/dav/" + dir + "/f.txt").token(token).expect("200");
        fx.call("GET", "/dav/" + dir + "/g.txt").token(token).expect("200");
        fx.call("PROPFIND", "/dav/" + dir + "/").token(token).depth("1").expect("207");

        assertThat(lookups).isPositive();
        assertThat(held.count(nodeRoute))
                .as("node lookups after the first request")
                .isEqualTo(lookups);
    }

    private static void change(String change, String dir, String mover) throws Exception {
        switch (change) {
            case "MOVE" ->
                fx.call("MOVE", "/dav/" + dir + "/")
                        .token(aliceUnscoped)
                        .destination("/dav/" + dir + "-moved/")
                        .expect("201");
            case "MOVE by a scoped token" ->
                fx.call("MOVE", "/dav/" + dir + "/")
                        .token(mover)
                        .destination("/dav/" + dir + "-moved/")
                        .expect("201");
            case "DELETE" ->
                fx.call("DELETE", "/dav/" + dir + "/").token(aliceUnscoped).expect("204");
            case "COPY Overwrite T" ->
                fx.call("COPY", "/dav/" + dir + "-src/")
                        .token(aliceUnscoped)
                        .destination("/dav/" + dir + "/")
                        .header("Overwrite", "T")
                        .expect("204");
            case "REST delete" ->
                fx.call("POST", "/a/tree/delete")
                        .token(aliceUnscoped)
                        .body("{\"Nodes\":[{\"Path\":\"" + dir + "\"}]}")
                        .expect("200");
            default -> throw new IllegalArgumentException(change);
        }
    }

    /**
     * Holds the backend's answer to one REST route, once armed, until released: the answer is
     * computed before the change and delivered after it.
     */
    static final class HeldAnswers implements Consumer<String> {
        private volatile String route;
        private volatile CountDownLatch arrived = new CountDownLatch(0);
        private volatile CountDownLatch released = new CountDownLatch(0);
        private final java.util.Map<String, AtomicInteger> answers = new java.util.concurrent.ConcurrentHashMap<>();

        int count(String answeredRoute) {
            AtomicInteger n = answers.get(answeredRoute);
            return n == null ? 0 : n.get();
        }

        void hold(String heldRoute) {
            arrived = new CountDownLatch(1);
            released = new CountDownLatch(1);
            route = heldRoute;
        }

        void awaitHeld() throws InterruptedException {
            assertThat(arrived.await(20, TimeUnit.SECONDS))
                    .as("the held lookup arrived")
                    .isTrue();
        }

        void release() {
            route = null;
            released.countDown();
        }

        @Override
        public void accept(String answered) {
            answers.computeIfAbsent(answered, r -> new AtomicInteger()).incrementAndGet();
            if (answered.equals(route)) {
                route = null;
                arrived.countDown();
                try {
                    released.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
