package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.LimitsConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.PersonalToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /patgate/metrics} on real gateways: what it counts, and who may read it. */
class MetricsIT {

    private static final String METRICS = "/patgate/metrics";
    /** Well formed, checksum and all, but in no store: its refusal takes a store read. */
    private static final String UNKNOWN_TOKEN =
            PersonalToken.generate(new SecureRandom()).value();

    @TempDir
    Path home;

    private final TestClock clock = TestClock.atDefaultStart();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void createHome() throws Exception {
        TestHome.create(home, "http://127.0.0.1:1");
    }

    Gateway startGateway(URI upstream) throws Exception {
        return Gateway.start(
                GatewayConfig.defaults(home)
                        .withListen(ListenConfig.DEFAULT.withPort(0))
                        .withUpstream(UpstreamConfig.DEFAULT.withUrl(upstream)),
                clock);
    }

    static String issue(Gateway gateway, String login) {
        return gateway.issuer()
                .issue(new TokenRequest(login, null, "test", Duration.ofHours(1), null, List.of()))
                .plaintext();
    }

    HttpResponse<String> get(Gateway gateway, String path, String authorization) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(gateway.uri() + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The samples of an exposition text, by name and labels. */
    static Map<String, Long> samples(String text) {
        Map<String, Long> samples = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
            }
        }
        return samples;
    }

    @Test
    void metricsWhenRequestsWereAcceptedAndRefusedThenEachIsCountedOnce() throws Exception {
        try (DemoBackend demo = DemoBackend.start(home, clock, null);
                Gateway gateway = startGateway(demo.uri())) {
            demo.put("alice", "personal-files/m.txt", "m");
            String token = issue(gateway, "alice");
            assertThat(get(gateway, "/dav/personal-files/m.txt", "Bearer " + token)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(get(gateway, "/dav/personal-files/m.txt", "Bearer " + token)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(get(gateway, "/dav/personal-files/m.txt", "Bearer " + UNKNOWN_TOKEN)
                            .statusCode())
                    .isEqualTo(401);
            assertThat(get(gateway, "/dav/personal-files/m.txt", null).statusCode())
                    .isEqualTo(401);
            assertThat(get(gateway, "/dav/personal-files/m.txt", "Bearer x y").statusCode())
                    .isEqualTo(400);

            HttpResponse<String> metrics = get(gateway, METRICS, Requests.basic("admin", "admin-pw"));

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
            Map<String, Long> samples = samples(metrics.body());
            assertThat(samples)
                    .containsEntry("patgate_requests_total{outcome=\"accepted\"}", 2L)
                    .containsEntry("patgate_requests_total{outcome=\"invalid_token\"}", 1L)
                    .containsEntry("patgate_requests_total{outcome=\"missing\"}", 1L)
                    .containsEntry("patgate_requests_total{outcome=\"invalid_request\"}", 1L)
                    .containsEntry("patgate_requests_total{outcome=\"insufficient_scope\"}", 0L)
                    .containsEntry("patgate_requests_total{outcome=\"unavailable\"}", 0L)
                    .containsEntry("patgate_token_cache_entries", 1L)
                    .containsEntry("patgate_token_store_reads_total", 2L)
                    .containsEntry("patgate_upstream_failures_total", 0L);
            assertThat(metrics.body()).doesNotContain("alice").doesNotContain(token.substring(5, 17));
        }
    }

    @Test
    void metricsWhenBackendDownThenUpstreamFailuresCounted() throws Exception {
        try (Gateway gateway = startGateway(URI.create("http://127.0.0.1:1"))) {
            String token = issue(gateway, "alice");
            assertThat(get(gateway, "/dav/personal-files/m.txt", "Bearer " + token)
                            .statusCode())
                    .isEqualTo(502);

            Map<String, Long> samples = samples(
                    get(gateway, METRICS, Requests.basic("admin", "admin-pw")).body());

            assertThat(samples)
                    .containsEntry("patgate_upstream_failures_total", 1L)
                    .containsEntry("patgate_requests_total{outcome=\"accepted\"}", 1L);
        }
    }

    @Test
    void passwordWhenItFailsOnTheMetricsThenTheTokenApiCountsItToo() throws Exception {
        try (Gateway gateway = Gateway.start(
                GatewayConfig.defaults(home)
                        .withListen(ListenConfig.DEFAULT.withPort(0))
                        .withLimits(LimitsConfig.DEFAULT.withFreeFailures(1)),
                clock)) {
            assertThat(get(gateway, METRICS, Requests.basic("admin", "guess1")).statusCode())
                    .isEqualTo(401);
            assertThat(get(gateway, METRICS, Requests.basic("admin", "guess2")).statusCode())
                    .isEqualTo(401);

            assertThat(get(gateway, "/patgate/tokens", Requests.basic("admin", "admin-pw"))
                            .statusCode())
                    .isEqualTo(429);
        }
    }

    @Test
    void metricsWhenNotAnAdminsPasswordThenRefused() throws Exception {
        try (Gateway gateway = startGateway(URI.create("http://127.0.0.1:1"))) {
            String token = issue(gateway, "admin");

            assertThat(get(gateway, METRICS, null).statusCode()).isEqualTo(401);
            assertThat(get(gateway, METRICS, "Bearer " + token).statusCode()).isEqualTo(401);
            assertThat(get(gateway, METRICS, Requests.basic("admin", token)).statusCode())
                    .isEqualTo(401);
            assertThat(get(gateway, METRICS, Requests.basic("alice", "alice-pw"))
                            .statusCode())
                    .isEqualTo(403);
            assertThat(get(gateway, METRICS, Requests.basic("admin", "admin-pw"))
                            .statusCode())
                    .isEqualTo(200);
        }
    }
}
