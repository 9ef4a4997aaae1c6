package dev.patgate.gateway;

import static dev.patgate.testsupport.Requests.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.LimitsConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.testsupport.LogCapture;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation and reuse detection, and the expiry headers, on a real gateway before a real webdav-demo. */
class TokenRotationIT {

    private static final String API = "/patgate/tokens";
    private static final String FILE = "/dav/personal-files/rot/a.txt";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    private static final TestClock clock = TestClock.atDefaultStart();
    private static DemoBackend demo;
    private static Gateway gateway;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        TestHome.create(home, "http://127.0.0.1:1");
        demo = DemoBackend.start(home, clock, null);
        gateway = Gateway.start(
                GatewayConfig.defaults(home)
                        .withLimits(LimitsConfig.DEFAULT.withFreeFailures(10_000))
                        .withListen(ListenConfig.DEFAULT.withPort(0))
                        .withUpstream(UpstreamConfig.DEFAULT.withUrl(demo.uri())),
                clock);
        demo.put("alice", "personal-files/rot/a.txt", "alice's file");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        demo.close();
    }

    private static HttpResponse<String> call(String method, String path, String authorization, String body)
            throws Exception {
        HttpRequest.Builder request = Requests.builder(URI.create(gateway.uri() + path), method, body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static JsonNode create(String body) throws Exception {
        HttpResponse<String> response = call("POST", API, basic("alice", "alice-pw"), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    private static HttpResponse<String> rotate(String id, String authorization) throws Exception {
        return call("POST", API + "/" + id + "/rotate", authorization, null);
    }

    private static int use(String token) throws Exception {
        return call("GET", FILE, "Bearer " + token, null).statusCode();
    }

    @Test
    void rotateWhenActiveThenNewWorksOldIsRefusedAndKeepsLabelScopesAndExpiry() throws Exception {
        String uuid = demo.uuid("alice", "personal-files/rot");
        JsonNode old = create("{\"expire\": \"2h\", \"auto\": \"10m\", \"label\": \"laptop\", \"scopes\": [\"node:"
                + uuid + ":r\"]}");
        clock.advance(Duration.ofMinutes(5));

        HttpResponse<String> response = rotate(old.get("id").asText(), basic("alice", "alice-pw"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode rotated = json(response);
        assertThat(response.headers().firstValue("Location"))
                .hasValue(API + "/" + rotated.get("id").asText());
        assertThat(rotated.get("id").asText()).isNotEqualTo(old.get("id").asText());
        assertThat(rotated.get("label").asText()).isEqualTo("laptop");
        assertThat(rotated.get("scopes")).isEqualTo(old.get("scopes"));
        assertThat(rotated.get("refresh_window").asText()).isEqualTo("10m");
        assertThat(rotated.get("expires_at").asText())
                .as("a hard expiry stays absolute")
                .isEqualTo(old.get("expires_at").asText());
        assertThat(use(rotated.get("token").asText())).isEqualTo(200);
        assertThat(json(call("GET", API + "/" + old.get("id").asText(), basic("alice", "alice-pw"), null))
                        .get("state")
                        .asText())
                .isEqualTo("revoked");
    }

    @Test
    void useOfRotatedAwayTokenWhenAfterRotationThenWholeFamilyRevokedWithOneAuditLine() throws Exception {
        JsonNode first = create("{\"expire\": \"1h\"}");
        JsonNode second = json(rotate(first.get("id").asText(), basic("alice", "alice-pw")));
        JsonNode third = json(rotate(second.get("id").asText(), basic("alice", "alice-pw")));
        String newest = third.get("token").asText();
        assertThat(use(newest)).isEqualTo(200);

        try (LogCapture log = LogCapture.start()) {
            assertThat(use(second.get("token").asText())).as("rotated away").isEqualTo(401);

            assertThat(log.events().stream()
                            .filter(e -> e.getLoggerName().equals("patgate.audit"))
                            .filter(e -> e.getFormattedMessage().contains("rotated token reused"))
                            .toList())
                    .singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage())
                            .contains(
                                    "revoked rotation family " + first.get("id").asText())
                            .contains(third.get("id").asText())
                            .doesNotContain(newest));
        }
        assertThat(use(newest))
                .as("the family is revoked: the thief's copy too")
                .isEqualTo(401);
        assertThat(use(first.get("token").asText())).isEqualTo(401);
    }

    @Test
    void rotateWhenRevokedOrNotTheCallersThenRefused() throws Exception {
        JsonNode token = create("{\"expire\": \"1h\"}");
        String id = token.get("id").asText();

        assertThat(rotate(id, basic("bob", "bob-pw")).statusCode())
                .as("not bob's: as if none")
                .isEqualTo(404);
        assertThat(rotate(id, "Bearer " + token.get("token").asText()).statusCode())
                .as("a token cannot rotate a token")
                .isEqualTo(401);
        assertThat(call("GET", API + "/" + id + "/rotate", basic("alice", "alice-pw"), null)
                        .statusCode())
                .isEqualTo(405);
        assertThat(call("DELETE", API + "/" + id, basic("alice", "alice-pw"), null)
                        .statusCode())
                .isEqualTo(204);
        HttpResponse<String> revoked = rotate(id, basic("alice", "alice-pw"));
        assertThat(revoked.statusCode()).isEqualTo(409);
        assertThat(json(revoked).get("message").asText()).contains("revoked");
        assertThat(rotate("nosuchtoken1", basic("alice", "alice-pw")).statusCode())
                .isEqualTo(404);
    }

    @Test
    void acceptedResponseWhenHardTokenThenExpiresHeaderIsTheHardLimitAndNoCap() throws Exception {
        JsonNode token = create("{\"expire\": \"2h\"}");

        HttpResponse<String> response =
                call("GET", FILE, "Bearer " + token.get("token").asText(), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Patgate-Token-Expires"))
                .hasValue(seconds(Instant.parse(token.get("expires_at").asText())));
        assertThat(response.headers().firstValue("Patgate-Token-Expires-Cap")).isEmpty();
    }

    @Test
    void acceptedResponseWhenCappedSlidingTokenThenWindowEndAndCap() throws Exception {
        JsonNode token = create("{\"expire\": \"2h\", \"auto\": \"10m\"}");
        clock.advance(Duration.ofMinutes(3));

        HttpResponse<String> response =
                call("GET", FILE, "Bearer " + token.get("token").asText(), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Patgate-Token-Expires"))
                .hasValue(seconds(clock.instant().plus(Duration.ofMinutes(10))));
        assertThat(response.headers().firstValue("Patgate-Token-Expires-Cap"))
                .hasValue(seconds(Instant.parse(token.get("expires_at").asText())));
    }

    private static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
