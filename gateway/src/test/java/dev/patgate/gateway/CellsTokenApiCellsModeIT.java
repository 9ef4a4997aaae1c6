package dev.patgate.gateway;

import static dev.patgate.testsupport.Requests.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.demo.RecordedRequest;
import dev.patgate.gateway.config.CellsConfig;
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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cells' token API in upstream mode {@code cells} (Enterprise) with the default
 * {@code tokens.cells_api: auto}, in front of the Cells stand-in: patgate answers it, the stand-in's
 * own token API never sees the client's request, and the token minted works through the gateway
 * with the user's Cells token.
 */
class CellsTokenApiCellsModeIT {

    private static final String PERSONAL = "/a/auth/token/personal";
    private static final String IMPERSONATE = "/a/auth/token/impersonate";
    private static final String TOKENS = "/a/auth/tokens";
    private static final String STAT = "/a/tree/stat/personal-files";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    private static final TestClock clock = TestClock.atDefaultStart();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static CellsStandIn cells;
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        cells = CellsStandIn.start(home, clock);
        TestHome.create(home, cells.url());
        gateway = Gateway.start(
                GatewayConfig.defaults(home)
                        .withListen(ListenConfig.DEFAULT.withPort(0))
                        .withUpstream(UpstreamConfig.DEFAULT
                                .withUrl(cells.uri())
                                .withCells(CellsConfig.enterprise(
                                        cells.adminTokenFile().toString())))
                        .withLimits(LimitsConfig.DEFAULT.withFreeFailures(100_000)),
                clock);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        cells.close();
    }

    @BeforeEach
    void forget() {
        cells.clearRecorded();
    }

    private static HttpResponse<String> call(String method, String path, String authorization, String body)
            throws Exception {
        HttpRequest.Builder request = Requests.builder(URI.create(gateway.uri() + path), method, body);
        request.header("Authorization", authorization);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Requests from a client to the token API paths that reached the stand-in (patgate's own calls excluded). */
    private static List<RecordedRequest> clientTokenApiCallsAtCells() {
        return cells.recorded(request -> request.uri().startsWith(PERSONAL)
                || request.uri().startsWith(TOKENS)
                || request.uri().startsWith(IMPERSONATE)
                        && !request.header("Authorization").equals(List.of("Bearer " + cells.adminToken())));
    }

    @Test
    void personalWhenModeCellsThenAnsweredByPatgateAndTheTokenReachesCellsAsTheUser() throws Exception {
        int cellsTokensBefore = cells.tokens("alice").size();

        HttpResponse<String> minted =
                call("POST", PERSONAL, basic("alice", "alice-pw"), "{\"AutoRefresh\": 600, \"Label\": \"script\"}");

        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
        String token = JSON.readTree(minted.body()).get("AccessToken").textValue();
        assertThat(token).startsWith("patg_");
        assertThat(clientTokenApiCallsAtCells()).isEmpty();

        HttpResponse<String> stat = call("GET", STAT, "Bearer " + token, null);
        assertThat(stat.statusCode()).as(stat.body()).isEqualTo(200);
        List<RecordedRequest> forwarded =
                cells.recorded(request -> request.uri().equals(STAT));
        assertThat(forwarded).hasSize(1);
        assertThat(forwarded.get(0).header("Authorization"))
                .singleElement()
                .satisfies(value -> assertThat(value)
                        .startsWith("Bearer ")
                        .doesNotContain(token)
                        .doesNotContain("patg_"));
        assertThat(cells.tokens("alice").size())
                .as("at most the one Cells token patgate keeps for alice, none minted for the client")
                .isLessThanOrEqualTo(cellsTokensBefore + 1);
    }

    @Test
    void listAndDeleteWhenModeCellsThenPatgateTokensNotCellsOnes() throws Exception {
        String token = JSON.readTree(call(
                                "POST",
                                PERSONAL,
                                basic("bob", "bob-pw"),
                                "{\"ExpiresAt\": \"" + (clock.instant().getEpochSecond() + 3600) + "\"}")
                        .body())
                .get("AccessToken")
                .textValue();
        String id = token.substring(5, 17);

        HttpResponse<String> listing = call("POST", TOKENS, basic("bob", "bob-pw"), "{\"ByUser\": \"bob\"}");
        assertThat(listing.statusCode()).isEqualTo(200);
        JsonNode tokens = JSON.readTree(listing.body()).get("Tokens");
        assertThat(tokens.findValuesAsText("Uuid")).contains(id);
        assertThat(listing.body()).doesNotContain("patgate gateway (bob)").as("Cells' own tokens are not listed");

        HttpResponse<String> deleted = call("DELETE", TOKENS + "/" + id, basic("bob", "bob-pw"), null);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(deleted.body()).get("Success").booleanValue()).isTrue();
        assertThat(call("GET", STAT, "Bearer " + token, null).statusCode()).isEqualTo(401);
        assertThat(clientTokenApiCallsAtCells()).isEmpty();
    }

    @Test
    void impersonateWhenUserLockedInCellsThen400AndNoToken() throws Exception {
        cells.lock("bob");
        try {
            HttpResponse<String> refused = call(
                    "POST", IMPERSONATE, basic("admin", "admin-pw"), "{\"UserLogin\": \"bob\", \"AutoRefresh\": 600}");

            assertThat(refused.statusCode()).isEqualTo(400);
            JsonNode body = JSON.readTree(refused.body());
            assertThat(body.get("message").textValue()).isEqualTo("UserLogin: the user is locked in Cells");
            assertThat(body.get("Code").intValue()).isEqualTo(400);
            assertThat(refused.body()).doesNotContain("AccessToken");
        } finally {
            cells.unlock("bob");
        }
        assertThat(clientTokenApiCallsAtCells()).isEmpty();
    }
}
