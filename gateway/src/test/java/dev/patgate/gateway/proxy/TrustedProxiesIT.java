package dev.patgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.Gateway;
import dev.patgate.gateway.TestHome;
import dev.patgate.gateway.config.ConfigLoader;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.testsupport.LogCapture;
import dev.patgate.testsupport.TestClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code listen.trusted_proxies}: the gateway trusts 127.0.0.1 (the "load balancer"); a client that
 * connects from 127.0.0.2 or 127.0.0.3 is anyone else. From the trusted address, {@code X-Forwarded-For}
 * names the client that the backend, the audit line and the failure limiter see; from another address
 * it is removed and ignored.
 */
class TrustedProxiesIT {

    private static final String TRUSTED = "127.0.0.1";
    private static final String UNTRUSTED = "127.0.0.2";
    private static final String BAD_TOKEN = "patg_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    @TempDir
    static Path home;

    private static RecordingBackend backend;
    private static Gateway gateway;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        backend = new RecordingBackend();
        gateway = TestHome.startGateway(home, """
                listen: {port: 0, trusted_proxies: [127.0.0.1/32, "::1"]}
                upstream: {url: '%s'}
                limits: {tokens: {free_failures: 2, base_delay: 1m, max_delay: 1m, forget_after: 1h}}
                """.formatted(backend.uri()));
        token = TestHome.aliceToken(gateway);
    }

    /** Each test reads the backend's requests from an empty queue, whatever an earlier failure left. */
    @BeforeEach
    void forgetEarlierRequests() {
        backend.drain();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        backend.close();
    }

    @Test
    void proxyWhenTrustedPeerForwardsThenBackendAndAuditSeeTheRealClient() throws Exception {
        RawHttp.Answer answer;
        try (LogCapture logs = LogCapture.start()) {
            answer = get(
                    TRUSTED,
                    token,
                    "X-Forwarded-For: 6.6.6.6, 203.0.113.7\r\nX-Forwarded-Proto: https\r\n"
                            + "X-Forwarded-Host: files.example.org");
            assertThat(logs.text()).contains("client=203.0.113.7").doesNotContain("client=127.0.0.1");
        }

        assertThat(answer.firstStatus()).isEqualTo(200);
        RecordingBackend.Seen seen = backend.next();
        assertThat(seen.header("X-Forwarded-For")).containsExactly("203.0.113.7");
        assertThat(seen.header("X-Forwarded-Proto")).containsExactly("https");
        assertThat(seen.header("X-Forwarded-Host")).containsExactly("files.example.org");
        assertThat(seen.header("Host")).containsExactly("files.example.org");
        assertThat(seen.header("Forwarded"))
                .containsExactly("for=\"203.0.113.7\";host=\"files.example.org\";proto=https");
        assertThat(seen.headers().values()).flatMap(values -> values).noneMatch(value -> value.contains("6.6.6.6"));
    }

    @Test
    void proxyWhenUntrustedPeerSendsForwardingHeadersThenTheyAreRemovedAndIgnored() throws Exception {
        RawHttp.Answer answer;
        try (LogCapture logs = LogCapture.start()) {
            answer = get(
                    UNTRUSTED,
                    token,
                    "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\n"
                            + "X-Forwarded-Host: files.example.org\r\nForwarded: for=203.0.113.8");
            assertThat(logs.text()).contains("client=" + UNTRUSTED).doesNotContain("203.0.113");
        }

        assertThat(answer.firstStatus()).isEqualTo(200);
        RecordingBackend.Seen seen = backend.next();
        assertThat(seen.header("X-Forwarded-For")).containsExactly(UNTRUSTED);
        assertThat(seen.header("X-Forwarded-Proto")).containsExactly("http");
        assertThat(seen.header("Host")).containsExactly("127.0.0.1:" + gateway.port());
        assertThat(seen.headers().values())
                .flatMap(values -> values)
                .noneMatch(value -> value.contains("203.0.113") || value.contains("files.example.org"));
    }

    @Test
    void proxyWhenTrustedPeerSendsForwardedInsteadOfXForwardedThenItIsNotBelieved() throws Exception {
        RawHttp.Answer answer = get(TRUSTED, token, "Forwarded: for=203.0.113.9;proto=https");

        assertThat(answer.firstStatus()).isEqualTo(200);
        RecordingBackend.Seen seen = backend.next();
        assertThat(seen.header("X-Forwarded-For")).containsExactly(TRUSTED);
        assertThat(seen.header("X-Forwarded-Proto")).containsExactly("http");
    }

    @Test
    void failureLimitWhenClientsShareTheTrustedProxyThenEachClientIsCountedApart() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get(TRUSTED, BAD_TOKEN, "X-Forwarded-For: 198.51.100.1").firstStatus())
                    .isEqualTo(401);
        }
        assertThat(get(TRUSTED, BAD_TOKEN, "X-Forwarded-For: 198.51.100.1").firstStatus())
                .as("the failing client, through the proxy")
                .isEqualTo(429);
        assertThat(get(TRUSTED, BAD_TOKEN, "X-Forwarded-For: 198.51.100.2").firstStatus())
                .as("another client behind the same proxy")
                .isEqualTo(401);
        assertThat(backend.isQuiet()).isTrue();
    }

    @Test
    void failureLimitWhenUntrustedPeerClaimsOtherClientsThenItsOwnAddressIsCounted() throws Exception {
        String peer = "127.0.0.3";
        for (int i = 0; i < 3; i++) {
            assertThat(get(peer, BAD_TOKEN, "X-Forwarded-For: 198.51.100." + (10 + i))
                            .firstStatus())
                    .isEqualTo(401);
        }
        assertThat(get(peer, BAD_TOKEN, "X-Forwarded-For: 198.51.100.20").firstStatus())
                .isEqualTo(429);
        assertThat(backend.isQuiet()).isTrue();
    }

    @Test
    void proxyWhenTrustedPeerSetsForwardedAndThatFamilyIsConfiguredThenItIsBelievedAndXForwardedIsNot(
            @TempDir Path otherHome) throws Exception {
        TestHome.create(otherHome, "http://unused.invalid");
        Files.writeString(otherHome.resolve("config/gateway.yaml"), """
                listen: {port: 0, trusted_proxies: [127.0.0.1/32], forwarded_header: forwarded}
                upstream: {url: '%s'}
                """.formatted(backend.uri()));
        GatewayConfig config = ConfigLoader.load(otherHome.resolve("config/gateway.yaml"), otherHome, Map.of());
        try (Gateway rfc7239 = Gateway.start(config, TestClock.atDefaultStart())) {
            String other = rfc7239.issuer()
                    .issue(new TokenRequest("alice", "it", "test", Duration.ofHours(24), null, List.of()))
                    .plaintext();

            RawHttp.Answer believed = get(
                    rfc7239.port(),
                    TRUSTED,
                    other,
                    "Forwarded: for=6.6.6.6, for=\"[2001:db8::7]:4711\";proto=https;host=files.example.org");
            RawHttp.Answer ignored = get(rfc7239.port(), TRUSTED, other, "X-Forwarded-For: 203.0.113.7");

            assertThat(believed.firstStatus()).isEqualTo(200);
            RecordingBackend.Seen seen = backend.next();
            assertThat(seen.header("X-Forwarded-For")).containsExactly("2001:db8:0:0:0:0:0:7");
            assertThat(seen.header("Forwarded"))
                    .containsExactly("for=\"[2001:db8:0:0:0:0:0:7]\";host=\"files.example.org\";proto=https");
            assertThat(ignored.firstStatus()).isEqualTo(200);
            assertThat(backend.next().header("X-Forwarded-For")).containsExactly(TRUSTED);
        }
    }

    private static RawHttp.Answer get(String source, String bearer, String extraHeaders) throws IOException {
        return get(gateway.port(), source, bearer, extraHeaders);
    }

    /** A GET written by hand over a connection made from {@code source} (any 127.0.0.0/8 address). */
    private static RawHttp.Answer get(int port, String source, String bearer, String extraHeaders) throws IOException {
        String request = "GET /dav/personal-files/proxied.txt HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAuthorization: Bearer " + bearer + "\r\n" + extraHeaders + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return RawHttp.readAll(socket.getInputStream());
        }
    }
}
