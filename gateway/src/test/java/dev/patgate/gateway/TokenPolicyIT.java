package dev.patgate.gateway;

import static dev.patgate.testsupport.Requests.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.gateway.config.CellsTokenApi;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.LimitsConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.TokenPolicyConfig;
import dev.patgate.gateway.config.TokensConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expiry rules, the operator's policy and the label rule through both token APIs, and the token
 * API's listing (paging, every field) on a real gateway before a real webdav-demo.
 */
class TokenPolicyIT {

    private static final String API = "/patgate/tokens";
    private static final String PERSONAL = "/a/auth/token/personal";
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
        gateway = start(new TokenPolicyConfig(Duration.ofDays(1), true, 8));
    }

    private static Gateway start(TokenPolicyConfig policy) throws Exception {
        return Gateway.start(
                GatewayConfig.defaults(home)
                        .withLimits(LimitsConfig.DEFAULT.withFreeFailures(10_000))
                        .withListen(ListenConfig.DEFAULT.withPort(0))
                        .withUpstream(UpstreamConfig.DEFAULT.withUrl(demo.uri()))
                        .withTokens(TokensConfig.DEFAULT
                                .withCellsApi(CellsTokenApi.ON)
                                .withPolicy(policy)),
                clock);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        demo.close();
    }

    private static HttpResponse<String> call(Gateway target, String method, String path, String login, String body)
            throws Exception {
        HttpRequest.Builder request = Requests.builder(URI.create(target.uri() + path), method, body);
        request.header("Authorization", basic(login, login + "-pw"));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> call(String method, String path, String login, String body) throws Exception {
        return call(gateway, method, path, login, body);
    }

    private static String message(HttpResponse<String> response) throws Exception {
        JsonNode body = JSON.readTree(response.body());
        return body.has("message") ? body.get("message").asText() : body.toString();
    }

    @Test
    void createWhenWindowNotShorterThanHardExpiryThenBothApisRefuseSayingWhy() throws Exception {
        HttpResponse<String> patgate = call("POST", API, "alice", "{\"expire\": \"1h\", \"auto\": \"2h\"}");
        long in1h = clock.instant().plus(Duration.ofHours(1)).getEpochSecond();
        HttpResponse<String> cells =
                call("POST", PERSONAL, "alice", "{\"ExpiresAt\": \"" + in1h + "\", \"AutoRefresh\": 3600}");

        for (HttpResponse<String> response : List.of(patgate, cells)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(message(response))
                    .contains("must be shorter than the hard expiry (1h)")
                    .contains("the window would never apply");
        }
    }

    @Test
    void createWhenLabelHoldsBidiOverrideThenBothApisRefuse() throws Exception {
        HttpResponse<String> patgate =
                call("POST", API, "alice", "{\"expire\": \"1h\", \"label\": \"cod\\u202Egnp.exe\"}");
        HttpResponse<String> cells =
                call("POST", PERSONAL, "alice", "{\"AutoRefresh\": 600, \"Label\": \"a\\u2066b\"}");

        assertThat(patgate.statusCode()).isEqualTo(400);
        assertThat(message(patgate)).startsWith("label: at most 100 printable characters");
        assertThat(cells.statusCode()).isEqualTo(400);
        assertThat(message(cells)).startsWith("Label: at most 100 printable characters");
    }

    @Test
    void createWhenPolicyLimitBrokenThenRefusedNamingTheLimit() throws Exception {
        HttpResponse<String> window = call("POST", API, "bob", "{\"auto\": \"2d\"}");
        assertThat(window.statusCode()).isEqualTo(400);
        assertThat(message(window))
                .isEqualTo("policy tokens.policy.max_sliding_window is 1d: the sliding window must not be longer");

        for (int i = 0; i < 8; i++) {
            assertThat(call("POST", API, "bob", "{\"expire\": \"1h\"}").statusCode())
                    .isEqualTo(201);
        }
        HttpResponse<String> ninth = call("POST", API, "bob", "{\"expire\": \"1h\"}");
        assertThat(ninth.statusCode()).isEqualTo(400);
        assertThat(message(ninth))
                .isEqualTo("policy tokens.policy.max_active_per_user is 8: bob has 8 active tokens already;"
                        + " revoke one first");
    }

    @Test
    void createWhenUnscopedNotAllowedThenRefusedNamingTheLimit() throws Exception {
        try (Gateway strict = start(new TokenPolicyConfig(null, false, 0))) {
            HttpResponse<String> response = call(strict, "POST", API, "alice", "{\"expire\": \"1h\"}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(message(response))
                    .isEqualTo("policy tokens.policy.allow_unscoped is false: a token needs at least one scope");
        }
    }

    @Test
    void listWhenPagedThenEveryTokenOnceWithEveryFieldAndAllOnlyForAdmins() throws Exception {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(
                    0,
                    JSON.readTree(call("POST", API, "admin", "{\"expire\": \"2h\", \"auto\": \"10m\"}")
                                    .body())
                            .get("id")
                            .asText());
            clock.advance(Duration.ofSeconds(1));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        JsonNode first = null;
        do {
            HttpResponse<String> page =
                    call("GET", API + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), "admin", null);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(page.body());
            assertThat(body.get("tokens").size()).isLessThanOrEqualTo(2);
            body.get("tokens").forEach(t -> seen.add(t.get("id").asText()));
            first = first == null ? body.get("tokens").get(0) : first;
            cursor = body.get("next_cursor").isNull()
                    ? null
                    : body.get("next_cursor").asText();
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(made);
        List<String> fields = new ArrayList<>();
        for (Iterator<String> names = first.fieldNames(); names.hasNext(); ) {
            fields.add(names.next());
        }
        assertThat(fields)
                .containsExactly(
                        "id",
                        "user",
                        "label",
                        "created_at",
                        "created_by",
                        "expiry_kind",
                        "expires_at",
                        "refresh_window",
                        "valid_until",
                        "last_used_at",
                        "last_used_ip",
                        "scopes",
                        "revoked_at",
                        "state");
        assertThat(first.get("id").asText()).isEqualTo(made.get(0));
        assertThat(first.get("user").asText()).isEqualTo("admin");
        assertThat(first.get("label").isNull()).as("a missing label is null").isTrue();
        assertThat(first.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(first.get("created_by").asText()).isEqualTo("admin");
        assertThat(first.get("expiry_kind").asText()).isEqualTo("sliding_capped");
        assertThat(first.get("refresh_window").asText()).isEqualTo("10m");
        assertThat(first.get("last_used_at").isNull()).isTrue();
        assertThat(first.get("last_used_ip").isNull()).isTrue();
        assertThat(first.get("scopes").isArray()).isTrue();
        assertThat(first.get("revoked_at").isNull()).isTrue();
        assertThat(first.get("state").asText()).isEqualTo("active");

        HttpResponse<String> all = call("GET", API + "?all=true&limit=1000", "admin", null);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(call("GET", API + "?all=true", "alice", null).statusCode()).isEqualTo(403);
        assertThat(call("GET", API + "?limit=0", "alice", null).statusCode()).isEqualTo(400);
        assertThat(call("GET", API + "?state=revoked", "admin", null).body()).contains("\"tokens\":[]");
    }
}
