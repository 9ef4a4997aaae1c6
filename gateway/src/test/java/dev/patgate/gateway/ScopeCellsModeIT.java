package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.auth.TokenRequest;
import dev.patgate.demo.RecordedRequest;
import dev.patgate.gateway.config.CellsConfig;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.LimitsConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.testsupport.Challenges;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.Scope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A few routes of the shipped Cells table with the gateway in {@code upstream.identity: cells}
 * (Enterprise) in front of the Cells stand-in: scope roots resolve through
 * {@code GET /a/n/node/{uuid}} as the user, with the user's own Cells token, and the decisions are
 * the same as with the signed identity.
 */
class ScopeCellsModeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    private static final TestClock clock = TestClock.atDefaultStart();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static CellsStandIn cells;
    private static Gateway gateway;
    private static String scoped;
    private static String patgateTokenSeen;

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
                        .withLimits(LimitsConfig.DEFAULT.withFreeFailures(100_000))
                        .withScopes(ScopeCellsRoutesIT.cellsScopes(home)),
                clock);
        create("personal-files/proj/sub", "COLLECTION");
        create("personal-files/proj/a.txt", "LEAF");
        create("personal-files/other/o.txt", "LEAF");
        String proj = JSON.readTree(cells.as("alice", "GET", "/a/tree/stat/personal-files/proj", null)
                        .body())
                .path("Node")
                .path("Uuid")
                .asText();
        scoped = gateway.issuer()
                .issue(new TokenRequest(
                        "alice",
                        "scope-cells",
                        "test",
                        Duration.ofDays(1),
                        null,
                        List.of(Scope.parse("node:" + proj + ":rw"))))
                .plaintext();
        patgateTokenSeen = scoped;
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (cells != null) {
            cells.close();
        }
    }

    @ParameterizedTest(name = "[{index}] {0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GET  | /a/tree/stat/personal-files/proj/a.txt   | -                                                   | 200
            GET  | /a/tree/stat/personal-files/other/o.txt  | -                                                   | 403 read
            POST | /a/tree/stats   | {"NodePaths":["personal-files/proj/*"]}                                      | 200
            POST | /a/tree/stats   | {"NodePaths":["personal-files/*"]}                                           | 403 read
            PUT  | /a/jobs/user/copy | {"JobName":"copy","JsonParameters":"{\\"nodes\\":[\\"personal-files/proj/a.txt\\"],\\"target\\":\\"personal-files/proj/sub\\",\\"targetParent\\":true}"} | 200
            PUT  | /a/jobs/user/copy | {"JobName":"copy","JsonParameters":"{\\"nodes\\":[\\"personal-files/proj/a.txt\\"],\\"target\\":\\"personal-files/other\\",\\"targetParent\\":true}"} | 403 write
            PUT  | /a/jobs/user/move | {"JobName":"move","JsonParameters":"{\\"nodes\\":[\\"personal-files/proj/a.txt\\"],\\"target\\":\\"personal-files/proj/sub\\",\\"target\\":\\"personal-files/other\\"}"} | 400
            POST | /a/search/nodes | {"Query":{"FileName":"o"}}                                                  | 403
            PUT  | /a/share/link   | {"ShareLink":{"RootNodes":[{"Path":"personal-files/proj"}]}}                | 403
            POST | /a/auth/token/document | {"Path":"personal-files/proj/a.txt"}                                 | 403
            POST | /a/jobs/user    | {}                                                                           | 403
            """)
    void routeWhenScopedInCellsModeThenSameDecisions(String method, String path, String body, String outcome)
            throws Exception {
        cells.clearRecorded();

        HttpResponse<String> answer = http.send(
                Requests.builder(URI.create(gateway.uri() + path), method, body, "Authorization", "Bearer " + scoped)
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        List<RecordedRequest> forwarded = cells.recorded(r -> r.uri().startsWith(path));
        if (outcome.startsWith("403") || outcome.equals("400")) {
            assertThat(answer.statusCode())
                    .as("body %s", answer.body())
                    .isEqualTo(Integer.parseInt(outcome.substring(0, 3)));
            List<String> challenges = answer.headers().allValues("WWW-Authenticate");
            if (outcome.equals("400")) {
                assertThat(challenges).containsExactly(Challenges.BASIC, Challenges.INVALID_REQUEST);
            } else {
                assertThat(challenges)
                        .containsExactly(
                                outcome.length() > 3
                                        ? Challenges.insufficientScope(outcome.substring(4))
                                        : Challenges.INSUFFICIENT_SCOPE);
            }
            assertThat(forwarded).as("reached the stand-in").isEmpty();
        } else {
            assertThat(answer.statusCode()).as("body %s", answer.body()).isEqualTo(Integer.parseInt(outcome));
            assertThat(forwarded).hasSize(1);
        }
    }

    @Test
    void resolutionWhenScopedThenAskedAsTheUserWithTheUsersCellsTokenNeverThePatgateToken() throws Exception {
        cells.clearRecorded();
        gateway.close();
        gateway = Gateway.start(
                GatewayConfig.defaults(home)
                        .withListen(ListenConfig.DEFAULT.withPort(0))
                        .withUpstream(UpstreamConfig.DEFAULT
                                .withUrl(cells.uri())
                                .withCells(CellsConfig.enterprise(
                                        cells.adminTokenFile().toString())))
                        .withLimits(LimitsConfig.DEFAULT.withFreeFailures(100_000))
                        .withScopes(ScopeCellsRoutesIT.cellsScopes(home)),
                clock);

        HttpResponse<String> answer = http.send(
                Requests.builder(
                                URI.create(gateway.uri() + "/a/tree/stat/personal-files/proj"),
                                "GET",
                                null,
                                "Authorization",
                                "Bearer " + scoped)
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        List<RecordedRequest> resolutions = cells.recorded(r -> r.uri().startsWith("/a/n/node/"));
        assertThat(resolutions).isNotEmpty();
        for (RecordedRequest resolution : resolutions) {
            assertThat(resolution.header("Authorization"))
                    .singleElement()
                    .satisfies(value -> assertThat(value).startsWith("Bearer ").doesNotContain(patgateTokenSeen));
        }
    }

    private static void create(String path, String type) throws Exception {
        HttpResponse<String> answer = cells.as(
                "alice",
                "POST",
                "/a/tree/create",
                "{\"Nodes\":[{\"Path\":\"" + path + "\",\"Type\":\"" + type + "\"}]}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }
}
