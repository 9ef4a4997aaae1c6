package dev.patgate.gateway;

import static dev.patgate.testsupport.Requests.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.LimitsConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.TokensConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.testsupport.Challenges;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The token management API on a real gateway in front of a real webdav-demo. */
class TokenApiIT {

    private static final String API = "/patgate/tokens";
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
        gateway = startGateway(GatewayConfig.defaults(home).withLimits(LimitsConfig.DEFAULT.withFreeFailures(10_000)));
        demo.put("alice", "personal-files/api/a.txt", "alice's file");
    }

    private static Gateway startGateway(GatewayConfig config) throws Exception {
        return Gateway.start(
                config.withListen(ListenConfig.DEFAULT.withPort(0))
                        .withUpstream(UpstreamConfig.DEFAULT.withUrl(demo.uri())),
                clock);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        demo.close();
    }

    static HttpResponse<String> call(
            Gateway target, String method, String path, String authorization, String body, String contentType)
            throws Exception {
        HttpRequest.Builder request = Requests.builder(URI.create(target.uri() + path), method, body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> call(String method, String path, String authorization, String body) throws Exception {
        return call(gateway, method, path, authorization, body, body == null ? null : "application/json");
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static JsonNode create(String login, String body) throws Exception {
        HttpResponse<String> response = call("POST", API, basic(login, login + "-pw"), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    static int useToken(String token, String method, String path) throws Exception {
        return call(gateway, method, path, "Bearer " + token, method.equals("PUT") ? "x" : null, null)
                .statusCode();
    }

    @Test
    void createWhenPasswordGivenThenTokenShownOnceWorksAndIsListedWithoutIt() throws Exception {
        HttpResponse<String> response = call(
                "POST",
                API,
                basic("alice", "alice-pw"),
                "{\"expire\": \"1h\", \"auto\": \"10m\", \"label\": \"laptop\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode created = json(response);
        String token = created.get("token").asText();
        String id = created.get("id").asText();
        assertThat(token).matches("patg_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}").contains(id);
        assertThat(response.headers().firstValue("Location")).hasValue(API + "/" + id);
        assertThat(created.get("user").asText()).isEqualTo("alice");
        assertThat(created.get("created_by").asText()).isEqualTo("alice");
        assertThat(created.get("label").asText()).isEqualTo("laptop");
        assertThat(created.get("refresh_window").asText()).isEqualTo("10m");
        assertThat(created.get("expires_at").asText())
                .isEqualTo(clock.instant().plus(Duration.ofHours(1)).toString());
        assertThat(created.get("state").asText()).isEqualTo("active");
        assertThat(useToken(token, "GET", "/dav/personal-files/api/a.txt")).isEqualTo(200);

        HttpResponse<String> list = call("GET", API, basic("alice", "alice-pw"), null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(id).doesNotContain(token).doesNotContain(token.substring(18));
        HttpResponse<String> one = call("GET", API + "/" + id, basic("alice", "alice-pw"), null);
        assertThat(json(one).get("id").asText()).isEqualTo(id);
        assertThat(one.body()).doesNotContain(token.substring(18)).doesNotContain("digest");
    }

    @Test
    void revokeWhenDeletedThenRefusedAtOnceAndShownRevoked() throws Exception {
        JsonNode created = create("alice", "{\"expire\": \"1h\"}");
        String token = created.get("token").asText();
        String id = created.get("id").asText();
        assertThat(useToken(token, "GET", "/dav/personal-files/api/a.txt")).isEqualTo(200);

        assertThat(call("DELETE", API + "/" + id, basic("alice", "alice-pw"), null)
                        .statusCode())
                .isEqualTo(204);

        assertThat(useToken(token, "GET", "/dav/personal-files/api/a.txt"))
                .as("no poll needed here")
                .isEqualTo(401);
        assertThat(json(call("GET", API + "/" + id, basic("alice", "alice-pw"), null))
                        .get("state")
                        .asText())
                .isEqualTo("revoked");
        assertThat(call("DELETE", API + "/" + id, basic("alice", "alice-pw"), null)
                        .statusCode())
                .isEqualTo(204);
    }

    @Test
    void callWhenNotAPasswordThen401WithTheBasicChallenge() throws Exception {
        String token = create("alice", "{\"expire\": \"1h\"}").get("token").asText();

        for (String authorization : new String[] {
            null, "Bearer " + token, basic("alice", token), basic("alice", "wrong"), basic("nobody", "nobody-pw")
        }) {
            HttpResponse<String> response = call("GET", API, authorization, null);
            assertThat(response.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(Challenges.BASIC);
            assertThat(response.body())
                    .doesNotContain(token)
                    .doesNotContain("wrong\"")
                    .contains("\"unauthorized\"");
        }
        assertThat(call("POST", API, "Bearer " + token, "{\"expire\": \"30d\"}").statusCode())
                .as("a token cannot mint a token")
                .isEqualTo(401);
    }

    @Test
    void otherUsersTokensWhenNotAdminThenNeitherSeenNorTouched() throws Exception {
        JsonNode alices = create("alice", "{\"expire\": \"1h\"}");
        String id = alices.get("id").asText();
        String bob = basic("bob", "bob-pw");

        assertThat(call("GET", API + "/" + id, bob, null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", API + "/" + id, bob, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", API + "?user=alice", bob, null).statusCode()).isEqualTo(403);
        assertThat(call("POST", API, bob, "{\"user\": \"alice\", \"expire\": \"1h\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(call("GET", API, bob, null).body()).doesNotContain(id);
        assertThat(useToken(alices.get("token").asText(), "GET", "/dav/personal-files/api/a.txt"))
                .isEqualTo(200);
    }

    @Test
    void adminWhenActingForAnotherUserThenAllowed() throws Exception {
        String admin = basic("admin", "admin-pw");
        HttpResponse<String> created = call("POST", API, admin, "{\"user\": \"bob\", \"expire\": \"2h\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = json(created).get("id").asText();
        assertThat(json(created).get("user").asText()).isEqualTo("bob");
        assertThat(json(created).get("created_by").asText()).isEqualTo("admin");

        assertThat(call("GET", API + "?user=bob", admin, null).body()).contains(id);
        assertThat(call("GET", API, basic("bob", "bob-pw"), null).body()).contains(id);
        assertThat(call("DELETE", API + "/" + id, admin, null).statusCode()).isEqualTo(204);
        assertThat(call("POST", API, admin, "{\"user\": \"nobody\", \"expire\": \"2h\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void scopesWhenNodeReachableThenTheTokenIsHeldToIt() throws Exception {
        String uuid = demo.uuid("alice", "personal-files/api");
        JsonNode created = create("alice", "{\"expire\": \"1h\", \"scopes\": [\"node:" + uuid + ":r\"]}");
        String token = created.get("token").asText();

        assertThat(created.get("scopes").get(0).asText()).isEqualTo("node:" + uuid + ":r");
        assertThat(useToken(token, "GET", "/dav/personal-files/api/a.txt")).isEqualTo(200);
        assertThat(useToken(token, "PUT", "/dav/personal-files/api/b.txt")).isEqualTo(403);
        HttpResponse<String> bobs = call(
                "POST", API, basic("bob", "bob-pw"), "{\"expire\": \"1h\", \"scopes\": [\"node:" + uuid + ":r\"]}");
        assertThat(bobs.statusCode()).as("bob cannot reach alice's folder").isEqualTo(400);
        assertThat(json(bobs).get("message").asText()).contains("no such node, or bob cannot reach it");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{}                                            | no expiry",
                "{\"expire\": \"0\"}                           | expire: zero is not a duration",
                "{\"expire\": \"10x\"}                         | expire: unknown unit",
                "{\"auto\": 600}                               | auto: must be a string",
                "{\"expire\": \"1h\", \"scopes\": \"node:x\"}  | scopes: must be a list",
                "{\"expire\": \"1h\", \"scopes\": [\"x\"]}     | scopes: not a node scope",
                "{\"expire\": \"1h\", \"owner\": \"alice\"}    | unknown field",
                "{\"expire\": \"1h\", \"label\": \"a\\u0007\"} | label: at most 100 printable characters",
                "[\"expire\"]                                  | must be a JSON object",
                "{\"expire\":                                  | not valid JSON"
            })
    void createWhenBodyWrongThen400NamingTheProblem(String body, String message) throws Exception {
        HttpResponse<String> response = call("POST", API, basic("alice", "alice-pw"), body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("invalid_request");
        assertThat(json(response).get("message").asText()).contains(message);
    }

    @Test
    void requestWhenMethodTypeSizeOrIdWrongThenTheMatchingStatus() throws Exception {
        String alice = basic("alice", "alice-pw");

        HttpResponse<String> put = call("PUT", API, alice, "{}");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST");
        assertThat(call(gateway, "POST", API, alice, "expire=1h", "application/x-www-form-urlencoded")
                        .statusCode())
                .isEqualTo(415);
        assertThat(call("POST", API, alice, "{\"label\": \"" + "x".repeat(20_000) + "\"}")
                        .statusCode())
                .isEqualTo(413);
        String tooMany =
                String.join(",", java.util.Collections.nCopies(21, "\"node:6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab:r\""));
        HttpResponse<String> scopes = call("POST", API, alice, "{\"expire\": \"1h\", \"scopes\": [" + tooMany + "]}");
        assertThat(scopes.statusCode()).isEqualTo(400);
        assertThat(json(scopes).get("message").asText()).contains("at most 20");
        HttpResponse<String> malformed = call("GET", API, "Basic !!!", null);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).get("message").asText()).isEqualTo("malformed Authorization header");
        HttpResponse<String> preflight = call(gateway, "OPTIONS", API + "/AAAAAAAAAAAA", null, null, null);
        assertThat(preflight.statusCode()).isEqualTo(401);
        assertThat(preflight.headers().map().keySet())
                .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("access-control-"));
        assertThat(call("GET", API + "/not-an-id", alice, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", API + "/AAAAAAAAAAAA", alice, null).statusCode()).isEqualTo(404);
    }

    @Test
    void createWhenPolicyCapsLifetimeThenExpireIsNeededAndBounded() throws Exception {
        try (Gateway capped = startGateway(GatewayConfig.defaults(home)
                .withTokens(new TokensConfig(
                        Duration.ofDays(1),
                        1000,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(1),
                        true,
                        Duration.ofSeconds(1),
                        dev.patgate.gateway.config.CellsTokenApi.AUTO)))) {
            String alice = basic("alice", "alice-pw");
            assertThat(call(capped, "POST", API, alice, "{\"auto\": \"10m\"}", "application/json")
                            .statusCode())
                    .isEqualTo(400);
            assertThat(call(capped, "POST", API, alice, "{\"expire\": \"2d\"}", "application/json")
                            .statusCode())
                    .isEqualTo(400);
            assertThat(call(capped, "POST", API, alice, "{\"expire\": \"1d\", \"auto\": \"1h\"}", "application/json")
                            .statusCode())
                    .isEqualTo(201);
        }
    }

    @Test
    void createWhenBackendOrStoreUnreachableThen502Or503AndNothingCreated() throws Exception {
        String uuid = demo.uuid("alice", "personal-files/api");
        String alice = basic("alice", "alice-pw");
        try (Gateway orphan = Gateway.start(
                GatewayConfig.defaults(home)
                        .withListen(ListenConfig.DEFAULT.withPort(0))
                        .withUpstream(UpstreamConfig.DEFAULT.withUrl(URI.create("http://127.0.0.1:1"))),
                clock)) {
            int before = orphan.store().findByLogin("alice").size();

            HttpResponse<String> noBackend = call(
                    orphan,
                    "POST",
                    API,
                    alice,
                    "{\"expire\": \"1h\", \"scopes\": [\"node:" + uuid + ":r\"]}",
                    "application/json");

            assertThat(noBackend.statusCode()).isEqualTo(502);
            assertThat(json(noBackend).get("error").asText()).isEqualTo("upstream_unavailable");
            assertThat(orphan.store().findByLogin("alice")).hasSize(before);
            orphan.store().close();
            HttpResponse<String> noStore = call(orphan, "GET", API, alice, null, null);
            assertThat(noStore.statusCode()).isEqualTo(503);
            assertThat(noStore.headers().firstValue("Retry-After")).hasValue("5");
        }
    }

    @Test
    void loginWhenPasswordsKeepFailingThen429EvenForTheRightOne() throws Exception {
        try (Gateway strict =
                startGateway(GatewayConfig.defaults(home).withLimits(LimitsConfig.DEFAULT.withFreeFailures(1)))) {
            assertThat(call(strict, "GET", API, basic("alice", "guess1"), null, null)
                            .statusCode())
                    .isEqualTo(401);
            assertThat(call(strict, "GET", API, basic("alice", "guess2"), null, null)
                            .statusCode())
                    .isEqualTo(401);

            HttpResponse<String> right = call(strict, "GET", API, basic("alice", "alice-pw"), null, null);

            assertThat(right.statusCode()).isEqualTo(429);
            assertThat(right.headers().firstValue("Retry-After")).isPresent();
            clock.advance(Duration.ofMinutes(2));
            assertThat(call(strict, "GET", API, basic("alice", "alice-pw"), null, null)
                            .statusCode())
                    .isEqualTo(200);
        }
    }
}
