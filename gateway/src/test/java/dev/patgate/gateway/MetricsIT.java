package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.api.MetricsServlet;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.MetricsConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.PersonalToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /patgate/metrics} on real gateways: what it counts (Micrometer's Prometheus registry), and
 * who may read it: the holder of the metrics secret, never an admin's password; or anyone who can
 * reach the listener of {@code metrics.bind}.
 */
class MetricsIT {

    private static final String METRICS = "/patgate/metrics";
    private static final String SECRET = "metrics-secret-0123456789abcdef";
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
        Files.writeString(home.resolve("config/metrics.token"), SECRET + "\n");
    }

    GatewayConfig config(URI upstream) {
        return GatewayConfig.defaults(home)
                .withListen(ListenConfig.DEFAULT.withPort(0))
                .withUpstream(UpstreamConfig.DEFAULT.withUrl(upstream))
                .withMetrics(MetricsConfig.DEFAULT.withTokenFile(
                        home.resolve("config/metrics.token").toString()));
    }

    Gateway startGateway(URI upstream) throws Exception {
        return Gateway.start(config(upstream), clock);
    }

    static String issue(Gateway gateway, String login) {
        return gateway.issuer()
                .issue(new TokenRequest(login, null, "test", Duration.ofHours(1), null, List.of()))
                .plaintext();
    }

    HttpResponse<String> get(URI base, String path, String authorization) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(Gateway gateway, String path, String authorization) throws Exception {
        return get(gateway.uri(), path, authorization);
    }

    /** The samples of an exposition text, by name and labels. */
    static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    /** Whether a sample whose name and labels start with {@code prefix} exists. */
    static boolean hasSample(Map<String, Double> samples, String prefix) {
        return samples.keySet().stream().anyMatch(key -> key.startsWith(prefix));
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

            HttpResponse<String> metrics = get(gateway, METRICS, "Bearer " + SECRET);

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
            Map<String, Double> samples = samples(metrics.body());
            assertThat(samples)
                    .containsEntry("patgate_requests_total{outcome=\"accepted\"}", 2.0)
                    .containsEntry("patgate_requests_total{outcome=\"invalid_token\"}", 1.0)
                    .containsEntry("patgate_requests_total{outcome=\"missing\"}", 1.0)
                    .containsEntry("patgate_requests_total{outcome=\"invalid_request\"}", 1.0)
                    .containsEntry("patgate_requests_total{outcome=\"insufficient_scope\"}", 0.0)
                    .containsEntry("patgate_requests_total{outcome=\"unavailable\"}", 0.0)
                    .containsEntry("patgate_token_cache_entries", 1.0)
                    .containsEntry("patgate_store_listening", 0.0) // SQLite: polling only
                    .containsEntry("patgate_store_away", 0.0)
                    .containsEntry("patgate_token_store_reads_total", 2.0)
                    .containsEntry("patgate_upstream_failures_total", 0.0)
                    .containsEntry("patgate_http_responses_total{endpoint=\"proxy\",status=\"200\"}", 2.0)
                    .containsEntry("patgate_http_responses_total{endpoint=\"proxy\",status=\"401\"}", 2.0)
                    .containsEntry("patgate_http_responses_total{endpoint=\"proxy\",status=\"400\"}", 1.0)
                    // every decision of the filter is timed, the backend's part of the two accepted ones
                    .containsEntry("patgate_filter_duration_seconds_count", 5.0)
                    .containsEntry("patgate_upstream_duration_seconds_count", 2.0)
                    .containsEntry("patgate_upstream_duration_seconds_bucket{le=\"+Inf\"}", 2.0);
            assertThat(hasSample(samples, "patgate_filter_duration_seconds_bucket{le="))
                    .isTrue();
            // Caffeine's statistics of the token cache: the two store reads were misses, the second use a hit
            assertThat(samples)
                    .containsEntry("cache_gets_total{cache=\"tokens\",result=\"hit\"}", 1.0)
                    .containsEntry("cache_size{cache=\"tokens\"}", 1.0);
            assertThat(samples.get("cache_gets_total{cache=\"tokens\",result=\"miss\"}"))
                    .isGreaterThanOrEqualTo(2.0);
            // HikariCP's pool and the JVM
            assertThat(hasSample(samples, "hikaricp_connections{pool=\"patgate-store\"}"))
                    .isTrue();
            assertThat(hasSample(samples, "hikaricp_connections_max{pool=\"patgate-store\"}"))
                    .isTrue();
            assertThat(hasSample(samples, "jvm_memory_used_bytes{")).isTrue();
            assertThat(hasSample(samples, "jvm_threads_live_threads")).isTrue();
            assertThat(hasSample(samples, "jvm_gc_")).isTrue();
            assertThat(hasSample(samples, "process_cpu_usage")).isTrue();
            assertThat(metrics.body())
                    .doesNotContain("alice")
                    .doesNotContain(token.substring(5, 17))
                    .doesNotContain(SECRET);
        }
    }

    @Test
    void metricsWhenBackendDownThenUpstreamFailuresCounted() throws Exception {
        try (Gateway gateway = startGateway(URI.create("http://127.0.0.1:1"))) {
            String token = issue(gateway, "alice");
            assertThat(get(gateway, "/dav/personal-files/m.txt", "Bearer " + token)
                            .statusCode())
                    .isEqualTo(502);

            // Jetty logs an exchange (and so counts its response) just after the client has the
            // answer; scrape until that has happened, a bounded number of times.
            String responses = "patgate_http_responses_total{endpoint=\"proxy\",status=\"502\"}";
            Map<String, Double> samples =
                    samples(get(gateway, METRICS, "Bearer " + SECRET).body());
            for (int scrape = 1; scrape < 200 && !samples.containsKey(responses); scrape++) {
                samples = samples(get(gateway, METRICS, "Bearer " + SECRET).body());
            }

            assertThat(samples)
                    .containsEntry("patgate_upstream_failures_total", 1.0)
                    .containsEntry("patgate_requests_total{outcome=\"accepted\"}", 1.0)
                    .containsEntry(responses, 1.0);
        }
    }

    @Test
    void metricsWhenNotTheMetricsSecretThenRefusedWithTheBearerChallenge() throws Exception {
        try (Gateway gateway = startGateway(URI.create("http://127.0.0.1:1"))) {
            String token = issue(gateway, "admin");

            for (String authorization : new String[] {
                null,
                "Bearer " + SECRET + "x",
                "Bearer " + SECRET.substring(1),
                "Bearer " + token,
                Requests.basic("admin", "admin-pw"),
                Requests.basic("admin", SECRET),
                Requests.basic("admin", token),
                "Basic " + SECRET,
                "Bearer"
            }) {
                HttpResponse<String> answer = get(gateway, METRICS, authorization);
                assertThat(answer.statusCode())
                        .as(String.valueOf(authorization))
                        .isEqualTo(401);
                assertThat(answer.headers().allValues("WWW-Authenticate")).containsExactly(MetricsServlet.CHALLENGE);
                assertThat(answer.body()).doesNotContain("patgate_requests_total");
            }
            assertThat(get(gateway, METRICS, "Bearer " + SECRET).statusCode()).isEqualTo(200);
            assertThat(get(gateway, METRICS, "bearer " + SECRET).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void metricsWhenNoSecretAndNoListenerThenNotServed() throws Exception {
        try (Gateway gateway =
                Gateway.start(config(URI.create("http://127.0.0.1:1")).withMetrics(MetricsConfig.DEFAULT), clock)) {
            assertThat(gateway.metricsListenerUri()).isNull();

            assertThat(get(gateway, METRICS, Requests.basic("admin", "admin-pw"))
                            .statusCode())
                    .isEqualTo(404);
            assertThat(get(gateway, METRICS, "Bearer " + SECRET).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void metricsWhenOwnListenerThenServedThereOnlyAtMetrics() throws Exception {
        try (Gateway gateway = Gateway.start(
                config(URI.create("http://127.0.0.1:1")).withMetrics(new MetricsConfig(null, null, "127.0.0.1:0")),
                clock)) {
            URI listener = gateway.metricsListenerUri();
            assertThat(listener.getPort()).isNotEqualTo(gateway.port());

            HttpResponse<String> metrics = get(listener, "/metrics", null);

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(samples(metrics.body())).containsKey("patgate_requests_total{outcome=\"accepted\"}");
            assertThat(get(listener, "/patgate/tokens", Requests.basic("admin", "admin-pw"))
                            .statusCode())
                    .isEqualTo(404);
            assertThat(get(listener, "/dav/", null).statusCode()).isEqualTo(404);
            assertThat(get(gateway, METRICS, null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void metricsWhenOwnListenerAndSecretThenTheListenerAsksForItToo() throws Exception {
        try (Gateway gateway = Gateway.start(
                config(URI.create("http://127.0.0.1:1"))
                        .withMetrics(new MetricsConfig(
                                home.resolve("config/metrics.token").toString(), null, "127.0.0.1:0")),
                clock)) {
            URI listener = gateway.metricsListenerUri();

            assertThat(get(listener, "/metrics", null).statusCode()).isEqualTo(401);
            assertThat(get(listener, "/metrics", Requests.basic("admin", "admin-pw"))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(get(listener, "/metrics", "Bearer " + SECRET).statusCode())
                    .isEqualTo(200);
            assertThat(get(gateway, METRICS, "Bearer " + SECRET).statusCode()).isEqualTo(200);
        }
    }
}
