package dev.patgate.gateway;

import static dev.patgate.testsupport.Requests.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.LimitsConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.StoreConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation across two gateways sharing one store (a SQLite file here; PostgreSQL in
 * {@link TokenRotationTwoGatewaysPostgresIT}): the old token is refused on the other gateway after
 * its revocation poll, and its reuse there revokes the family on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenRotationTwoGatewaysIT {

    private static final String FILE = "/dav/personal-files/two/a.txt";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path home;

    private final TestClock clock = TestClock.atDefaultStart();
    private final HttpClient http = HttpClient.newHttpClient();
    private DemoBackend demo;
    private Gateway first;
    private Gateway second;

    /** The store both gateways share; the default is the SQLite file in the data directory. */
    StoreConfig store(GatewayConfig defaults) throws Exception {
        return defaults.store();
    }

    /** Drops what {@link #store} made. */
    void dropStore() throws Exception {}

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        home = dir;
        TestHome.create(home, "http://127.0.0.1:1");
        demo = DemoBackend.start(home, clock, null);
        first = startGateway();
        second = startGateway();
        demo.put("alice", "personal-files/two/a.txt", "alice's file");
    }

    private Gateway startGateway() throws Exception {
        GatewayConfig defaults = GatewayConfig.defaults(home);
        return Gateway.start(
                defaults.withStore(store(defaults))
                        .withLimits(LimitsConfig.DEFAULT.withFreeFailures(10_000))
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
        dropStore();
    }

    private HttpResponse<String> call(Gateway target, String method, String path, String authorization)
            throws Exception {
        HttpRequest.Builder request = Requests.builder(URI.create(target.uri() + path), method, null);
        request.header("Authorization", authorization);
        if (method.equals("POST")) {
            request = Requests.builder(URI.create(target.uri() + path), method, "{\"expire\": \"1h\"}")
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int use(Gateway target, String token) throws Exception {
        return call(target, "GET", FILE, "Bearer " + token).statusCode();
    }

    @Test
    void rotateOnOneGatewayThenOldRefusedOnTheOtherAndItsReuseThereRevokesTheFamilyOnBoth() throws Exception {
        String alice = basic("alice", "alice-pw");
        JsonNode old =
                JSON.readTree(call(first, "POST", "/patgate/tokens", alice).body());
        String oldToken = old.get("token").asText();
        assertThat(use(second, oldToken)).as("cached on the second gateway").isEqualTo(200);

        HttpResponse<String> rotated =
                call(first, "POST", "/patgate/tokens/" + old.get("id").asText() + "/rotate", alice);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        String newToken = JSON.readTree(rotated.body()).get("token").asText();
        assertThat(use(first, newToken)).isEqualTo(200);
        second.pollRevocations();
        assertThat(use(second, newToken)).isEqualTo(200);

        assertThat(use(second, oldToken))
                .as("the old one, reused on the other gateway")
                .isEqualTo(401);

        assertThat(use(second, newToken)).as("revoked there at once").isEqualTo(401);
        first.pollRevocations();
        assertThat(use(first, newToken)).as("and here after the poll").isEqualTo(401);
    }
}
