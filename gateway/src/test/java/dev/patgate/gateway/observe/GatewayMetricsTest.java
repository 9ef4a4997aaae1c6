package dev.patgate.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

    private static Exchange answered(String path, int status) {
        return new Exchange(0, "127.0.0.1", "alice", null, "POST", path, status, 0, 0, 1_000, -1);
    }

    @Test
    void acceptWhenAPathInsideTheRoutesIsAnsweredAsATokenApiThenCountedAsTokenApiNotProxy() {
        try (GatewayMetrics metrics = new GatewayMetrics(List.of("/a/"), path -> path.startsWith("/a/auth/tokens"))) {
            metrics.accept(answered("/a/auth/tokens", 200));
            metrics.accept(answered("/a/tree/stats", 200));
            metrics.accept(answered("/patgate/tokens", 201));

            String text = metrics.scrape();
            assertThat(text)
                    .contains("patgate_http_responses_total{endpoint=\"token_api\",status=\"200\"} 1.0")
                    .contains("patgate_http_responses_total{endpoint=\"proxy\",status=\"200\"} 1.0")
                    .contains("patgate_http_responses_total{endpoint=\"token_api\",status=\"201\"} 1.0");
        }
    }

    @Test
    void acceptWhenNoPathIsAnsweredInsideTheRoutesThenEveryRoutePathIsProxy() {
        try (GatewayMetrics metrics = new GatewayMetrics(List.of("/a/"))) {
            metrics.accept(answered("/a/auth/tokens", 200));

            assertThat(metrics.scrape())
                    .contains("patgate_http_responses_total{endpoint=\"proxy\",status=\"200\"} 1.0")
                    .doesNotContain("endpoint=\"token_api\"");
        }
    }
}
