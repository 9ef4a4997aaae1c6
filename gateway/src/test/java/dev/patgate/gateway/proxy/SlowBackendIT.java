package dev.patgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.Gateway;
import dev.patgate.gateway.TestHome;
import dev.patgate.gateway.config.ConfigLoader;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.testsupport.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A slow backend is not a slow client: with {@code clients.idle_timeout} at 1 s, a request whose
 * backend takes 3 s to answer still gets its answer (the client connection is silent meanwhile, but
 * the gateway is waiting on the backend, not on the client).
 */
class SlowBackendIT {

    @ParameterizedTest
    @CsvSource({"GET, ''", "PUT, 'a small upload sent at once'", "POST, '{\"NodePaths\":[\"x\"]}'"})
    void requestWhenBackendSlowerThanClientIdleTimeoutThenAnswered(String method, String body, @TempDir Path home)
            throws Exception {
        try (RecordingBackend backend = new RecordingBackend()) {
            TestHome.create(home, "http://unused.invalid");
            Files.writeString(
                    home.resolve("config/gateway.yaml"),
                    "listen: {port: 0}\n"
                            + "upstream: {url: '" + backend.uri() + "', idle_timeout: 20s}\n"
                            + "clients: {idle_timeout: 1s, header_timeout: 1s, body_timeout: 1s}\n");
            GatewayConfig config = ConfigLoader.load(home.resolve("config/gateway.yaml"), home, Map.of());
            HttpClient client = new HttpClient();
            client.start();
            try (Gateway gateway = Gateway.start(config, TestClock.atDefaultStart())) {
                String token = gateway.issuer()
                        .issue(new TokenRequest("alice", null, "test", Duration.ofHours(1), null, List.of()))
                        .plaintext();
                var request = client.newRequest(gateway.uri() + "/dav/pause?ms=3000")
                        .method(HttpMethod.fromString(method))
                        .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + token))
                        .timeout(20, TimeUnit.SECONDS);
                if (!body.isEmpty()) {
                    request.body(new StringRequestContent("application/json", body));
                }

                ContentResponse response = request.send();

                assertThat(response.getStatus()).isEqualTo(200);
                assertThat(backend.next().bodyBytes()).isEqualTo(body.length());
            } finally {
                client.stop();
            }
        }
    }
}
