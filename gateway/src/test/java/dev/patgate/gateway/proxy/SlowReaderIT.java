package dev.patgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.Gateway;
import dev.patgate.gateway.TestHome;
import dev.patgate.gateway.config.ConfigLoader;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Slow download readers: a few hundred clients each start a large download and read nothing (a tiny
 * receive buffer), while the gateway's own answers must all come: {@code /healthz}, the token API
 * (the servlet stack and the store) and a token refusal (the filter). The backend's servlet writes
 * block, one backend thread per download, so the backend itself may be saturated; what is tested is
 * the gateway: copying an answer to a client that does not read holds no gateway thread.
 */
class SlowReaderIT {

    // the downloads stay pinned until every normal request is answered or has timed out, so a starved
    // gateway fails this bound however generous it is; 15 s leaves room for a loaded machine
    private static final Duration NORMAL_BOUND = Duration.ofSeconds(15);
    private static final long DOWNLOAD_BYTES = 64L * 1024 * 1024;

    @ParameterizedTest
    @ValueSource(ints = {250, 400})
    void othersWhenHundredsOfDownloadsAreNotReadThenAllAnsweredInTime(int readers, @TempDir Path home)
            throws Exception {
        try (RecordingBackend backend = new RecordingBackend(readers + 100)) {
            TestHome.create(home, "http://unused.invalid");
            Files.writeString(
                    home.resolve("config/gateway.yaml"),
                    "listen: {port: 0}\n"
                            + "upstream: {url: '" + backend.uri() + "'}\n"
                            + "limits: {tokens: {free_failures: 100000}}\n"
                            + "clients: {idle_timeout: 1m}\n");
            GatewayConfig config = ConfigLoader.load(home.resolve("config/gateway.yaml"), home, Map.of());
            try (Gateway gateway = Gateway.start(config, TestClock.atDefaultStart())) {
                String token = gateway.issuer()
                        .issue(new TokenRequest("alice", null, "test", Duration.ofHours(1), null, List.of()))
                        .plaintext();
                List<Socket> sockets = new ArrayList<>();
                try {
                    for (int i = 0; i < readers; i++) {
                        sockets.add(startDownload(gateway, token));
                    }
                    List<String> failures = normalTraffic(gateway, token);
                    assertThat(failures)
                            .as("normal requests that failed or took longer than %s", NORMAL_BOUND)
                            .isEmpty();
                } finally {
                    for (Socket socket : sockets) {
                        socket.close();
                    }
                }
            }
        }
    }

    private static Socket startDownload(Gateway gateway, String token) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(1024);
            socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
            socket.getOutputStream()
                    .write(("GET /dav/big?size=" + DOWNLOAD_BYTES + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Authorization: Bearer " + token + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** 20 rounds of /healthz, a token API list and a refused token, one after another. */
    private static List<String> normalTraffic(Gateway gateway, String token) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(NORMAL_BOUND).build();
        String basic = Requests.basic("alice", "alice-pw");
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            Map<HttpRequest, Integer> requests = Map.of(
                    HttpRequest.newBuilder(URI.create(gateway.uri() + "/healthz"))
                                    .timeout(NORMAL_BOUND)
                                    .build(),
                            200,
                    HttpRequest.newBuilder(URI.create(gateway.uri() + "/patgate/tokens"))
                                    .timeout(NORMAL_BOUND)
                                    .header("Authorization", basic)
                                    .build(),
                            200,
                    HttpRequest.newBuilder(URI.create(gateway.uri() + "/dav/small"))
                                    .timeout(NORMAL_BOUND)
                                    .header("Authorization", "Bearer " + token.substring(0, token.length() - 2) + "xx")
                                    .build(),
                            401);
            for (Map.Entry<HttpRequest, Integer> entry : requests.entrySet()) {
                HttpRequest request = entry.getKey();
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != entry.getValue()) {
                        failures.add(request.uri().getPath() + ": " + response.statusCode());
                    }
                } catch (IOException e) {
                    failures.add(request.uri().getPath() + ": " + e.getClass().getSimpleName());
                    if (failures.size() > 3) {
                        return failures;
                    }
                }
            }
            Thread.sleep(100);
        }
        return failures;
    }
}
