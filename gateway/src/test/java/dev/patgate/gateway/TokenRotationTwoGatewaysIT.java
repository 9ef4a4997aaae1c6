package dev.patgate.gateway;

import static dev.patgate.testsupport.Requests.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.LimitsConfig;
import dev.patgate.gateway.config.ListenConfig;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation across two gateways sharing one store (a SQLite file here): the old token is refused on
 * the other gateway after its revocation poll, and its reuse there revokes the family on both.
 */
class TokenRotationTwoGatewaysIT {

    private static final String FILE = "/dav/personal-files/two/a.txt";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    private static final TestClock clock = TestClock.atDefaultStart();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static DemoBackend demo;
    private static Gateway first;
    private static Gateway second;

    @BeforeAll
    static void start() throws Exception {
        TestHome.create(home, "http://127.0.0.1:1");
        demo = DemoBackend.start(home, clock, null);
        first = startGateway();
        second = startGateway();
        demo.put("alice", "personal-files/two/a.txt", "alice's file");
    }

    private static Gateway startGateway() throws Exception {
        return Gateway.start(
                GatewayConfig.defaults(home)
                        .withLimits(LimitsConfig.DEFAULT.withFreeFailures(10_000))
                        .withListen(ListenConfig.DEFAULT.withPort(0))
                        .withUpstream(UpstreamConfig.DEFAULT.withUrl(demo.uri())),
                clock);
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
        demo.close();
    }

    private static HttpResponse<String> call(Gateway target, String method, String path, String authorization)
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

    private static int use(Gateway target, String token) throws Exception {
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
