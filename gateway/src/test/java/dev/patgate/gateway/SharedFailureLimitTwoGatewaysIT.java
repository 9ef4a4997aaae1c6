package dev.patgate.gateway;

import static dev.patgate.testsupport.Requests.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.LimitsConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.StoreConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import dev.patgate.testsupport.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways on one PostgreSQL database (from {@code PATGATE_TEST_POSTGRES_URL}, made for the
 * class and dropped after it), 3 free failures for tokens and for passwords: failures spread
 * alternately over both are stopped by one shared budget, where counting per instance would have let
 * each instance allow its own 3 free failures and one more. Each step shares the counts as the background does
 * every 200 ms ({@link Gateway#syncFailures()}), so the test does not wait; the clock stands still.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedFailureLimitTwoGatewaysIT {

    private static final TestPostgres POSTGRES = TestPostgres.server();
    private static final String FILE = "/dav/personal-files/shared/a.txt";
    private static final String BOGUS = "patg_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA000000";

    private final String database = TestPostgres.uniqueName("patgate_failures_it");
    private boolean made;
    private final TestClock clock = TestClock.atDefaultStart();
    private final HttpClient http = HttpClient.newHttpClient();
    private Path home;
    private DemoBackend demo;
    private Gateway first;
    private Gateway second;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        try {
            POSTGRES.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            if ("1".equals(System.getenv("PATGATE_SKIP_POSTGRES"))) {
                Assumptions.abort("PostgreSQL unreachable and PATGATE_SKIP_POSTGRES=1: " + e.getMessage());
            }
            throw e;
        }
        made = true;
        home = dir;
        TestHome.create(home, "http://127.0.0.1:1");
        demo = DemoBackend.start(home, clock, null);
        first = startGateway();
        second = startGateway();
        demo.put("alice", "personal-files/shared/a.txt", "alice's file");
    }

    private Gateway startGateway() throws Exception {
        GatewayConfig defaults = GatewayConfig.defaults(home);
        return Gateway.start(
                defaults.withStore(new StoreConfig(POSTGRES.url(database), POSTGRES.user(), null))
                        .withLimits(LimitsConfig.DEFAULT.withFreeFailures(3))
                        .withListen(ListenConfig.DEFAULT.withPort(0))
                        .withUpstream(UpstreamConfig.DEFAULT.withUrl(demo.uri())),
                clock);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable started : new AutoCloseable[] {second, first, demo}) {
            if (started != null) {
                started.close();
            }
        }
        if (made) {
            POSTGRES.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private HttpResponse<String> call(Gateway target, String method, String path, String authorization)
            throws Exception {
        HttpRequest.Builder request = method.equals("POST")
                ? Requests.builder(URI.create(target.uri() + path), method, "{\"expire\": \"1h\"}")
                        .header("Content-Type", "application/json")
                : Requests.builder(URI.create(target.uri() + path), method, null);
        request.header("Authorization", authorization);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Shares the counts as the background would between two requests further apart than two syncs. */
    private void syncBoth() {
        assertThat(first.syncFailures()).isTrue();
        assertThat(second.syncFailures()).isTrue();
        assertThat(first.syncFailures()).isTrue();
    }

    @Test
    void failuresWhenSpreadAlternatelyOverTwoGatewaysThenTheSharedBudgetAnswers429AndValidTokensStillPass()
            throws Exception {
        String token = new ObjectMapper()
                .readTree(call(first, "POST", "/patgate/tokens", basic("alice", "alice-pw"))
                        .body())
                .get("token")
                .asText();
        assertThat(call(second, "GET", FILE, "Bearer " + token).statusCode()).isEqualTo(200);

        List<String> answers = new ArrayList<>();
        String retryAfter = null;
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> answer = call(i % 2 == 0 ? first : second, "GET", FILE, "Bearer " + BOGUS);
            answers.add((i % 2 == 0 ? "A " : "B ") + answer.statusCode());
            if (answer.statusCode() == 429 && retryAfter == null) {
                retryAfter = answer.headers().firstValue("Retry-After").orElse("none");
            }
            syncBoth();
        }

        assertThat(answers)
                .as("3 free, the 4th earns 1 s; per instance, A's 5th attempt would be its 3rd failure: 401")
                .containsExactly("A 401", "B 401", "A 401", "B 401", "A 429", "B 429", "A 429", "B 429");
        assertThat(retryAfter).as("the wait the 4th failure earned, in seconds").isEqualTo("1");
        assertThat(call(first, "GET", FILE, "Bearer " + token).statusCode())
                .as("a valid token from the same address is served on both")
                .isEqualTo(200);
        assertThat(call(second, "GET", FILE, "Bearer " + token).statusCode()).isEqualTo(200);
        try (java.sql.Connection c =
                        java.sql.DriverManager.getConnection(POSTGRES.url(database), POSTGRES.user(), null);
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery(
                        "SELECT failures FROM patgate_failures WHERE kind = 'token.address' AND subject = '127.0.0.1'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).as("every failure of both, once").isEqualTo(8);
        }
    }

    @Test
    void wrongPasswordsWhenSpreadOverTwoGatewaysThenTheLoginWaitsOnBothEvenForTheRightPassword() throws Exception {
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(call(i % 2 == 0 ? first : second, "GET", "/patgate/tokens", basic("bob", "wrong" + i))
                    .statusCode());
            syncBoth();
        }
        HttpResponse<String> right = call(first, "GET", "/patgate/tokens", basic("bob", "bob-pw"));

        assertThat(answers).as("3 free, the 4th earns a wait").containsExactly(401, 401, 401, 401);
        assertThat(right.statusCode())
                .as("waiting on A for what was tried on both; not even checked")
                .isEqualTo(429);
        assertThat(right.headers().firstValue("Retry-After")).isPresent();
        clock.advance(Duration.ofSeconds(2));
        assertThat(call(second, "GET", "/patgate/tokens", basic("bob", "bob-pw"))
                        .statusCode())
                .as("once the wait is over")
                .isEqualTo(200);
    }
}
