package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patgate.auth.TokenRequest;
import dev.patgate.demo.RecordedRequest;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.LimitsConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.testsupport.IdentityJws;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.KeyFile;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gateway in front of a real webdav-demo: every assertion the gateway forwards is bound to the
 * method and raw target the backend receives, lives 60 s, and a captured one is refused (401) by
 * webdav-demo when replayed on any other method or target, or after it expired.
 */
class UpstreamIdentityIT {

    private static final String REFUSAL = "missing or invalid gateway identity\n";
    private static final String FILE = "/dav/personal-files/id%20it/caf%C3%A9.txt";

    @TempDir
    static Path home;

    private static final TestClock clock = TestClock.atDefaultStart();
    private static final List<RecordedRequest> seen = new CopyOnWriteArrayList<>();
    private static DemoBackend backend;
    private static Gateway gateway;
    private static String token;
    private static byte[] identityKey;

    @BeforeAll
    static void start() throws Exception {
        backend = DemoBackend.start(home, clock, seen::add);
        TestHome.create(home, backend.url());
        gateway = Gateway.start(
                GatewayConfig.defaults(home)
                        .withListen(ListenConfig.DEFAULT.withPort(0))
                        .withUpstream(UpstreamConfig.DEFAULT.withUrl(backend.uri()))
                        .withLimits(LimitsConfig.DEFAULT.withFreeFailures(100_000)),
                clock);
        identityKey = KeyFile.load(gateway.config().identityKeyFile());
        token = gateway.issuer()
                .issue(new TokenRequest("alice", "identity-it", "test", Duration.ofDays(30), null, List.of()))
                .plaintext();
        backend.mkdirs("alice", "personal-files/id it/sub");
        backend.put("alice", "personal-files/id it/café.txt", "original");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        backend.close();
    }

    @BeforeEach
    void forget() {
        seen.clear();
    }

    /** Requests as clients send them to the gateway, each answered by webdav-demo with something other than 401. */
    static Stream<Arguments> forwarded() {
        return Stream.of(
                Arguments.of("GET", FILE, 200),
                Arguments.of("HEAD", FILE, 200),
                Arguments.of("GET", FILE + "?x=1&y=%2F%20&z", 200),
                Arguments.of("GET", FILE + "?", 200),
                Arguments.of("GET", "/dav/personal-files/id%20it/caf%c3%a9.txt", 200),
                Arguments.of("GET", "/dav/personal-files/id+it/caf%C3%A9.txt", 404),
                Arguments.of("GET", "/dav/personal-files/%69d%20it/caf%C3%A9.txt", 200),
                Arguments.of("PROPFIND", "/dav/personal-files/id%20it/", 207),
                Arguments.of("PROPFIND", "/dav/personal-files/id%20it", 207),
                Arguments.of("OPTIONS", "/dav/personal-files/id%20it/", 200),
                Arguments.of("MKCOL", "/dav/personal-files/id%20it/new%20%E2%82%AC/", 201),
                Arguments.of("GET", "/a/tree/stat/personal-files/id%20it/caf%C3%A9.txt", 200),
                Arguments.of("GET", "/a/tree/stat/personal-files/id%20it/caf%C3%A9.txt?q=%C3%A9&r", 200));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("forwarded")
    void proxyWhenForwardedThenAssertionBoundToTheMethodAndTargetTheBackendReceived(
            String method, String target, int status) throws Exception {
        Answer answer = raw(gateway.port(), method, target, "Authorization: Bearer " + token, "");

        assertThat(answer.status())
                .as("%s %s: %s", method, target, answer.body())
                .isEqualTo(status);
        RecordedRequest received = single(method);
        JsonNode claims = IdentityJws.verify(received.header(IdentityJws.HEADER).get(0), identityKey);
        assertThat(claims.get("htm").textValue()).isEqualTo(received.method()).isEqualTo(method);
        assertThat(claims.get("htt").textValue()).isEqualTo(received.uri());
        assertThat(claims.get("iat").longValue()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(claims.get("exp").longValue() - claims.get("iat").longValue())
                .isEqualTo(60);
    }

    /** Other requests a captured {@code GET FILE} assertion is replayed on, straight at webdav-demo. */
    static Stream<Arguments> replays() {
        return Stream.of(
                Arguments.of("PUT", FILE),
                Arguments.of("DELETE", FILE),
                Arguments.of("MOVE", FILE),
                Arguments.of("COPY", FILE),
                Arguments.of("PROPPATCH", FILE),
                Arguments.of("LOCK", FILE),
                Arguments.of("PROPFIND", FILE),
                Arguments.of("HEAD", FILE),
                Arguments.of("POST", FILE),
                Arguments.of("get", FILE),
                Arguments.of("GET", FILE + "?x=1"),
                Arguments.of("GET", FILE + "/"),
                Arguments.of("GET", "/dav/personal-files/id%20it/caf%c3%a9.txt"),
                Arguments.of("GET", "/dav/personal-files/%69d%20it/caf%C3%A9.txt"),
                Arguments.of("GET", "/dav/personal-files/id%20it/cafe%CC%81.txt"),
                Arguments.of("GET", "/dav/personal-files/id%20it/"),
                Arguments.of("GET", "/dav/personal-files/id%20it/sub/"),
                Arguments.of("GET", "/dav/common-files/"),
                Arguments.of("GET", "/a/tree/stat/personal-files/id%20it/caf%C3%A9.txt"),
                Arguments.of("POST", "/a/tree/delete"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("replays")
    void replayWhenCapturedAssertionSentWithAnotherMethodOrTargetThenBackendAnswers401(String method, String target)
            throws Exception {
        String captured = captureGetOfFile();

        String body = method.equals("POST") ? "{\"Nodes\":[{\"Path\":\"personal-files/id it\"}]}" : "replaced";
        Answer replayed = raw(
                backend.uri().getPort(),
                method,
                target,
                IdentityJws.HEADER + ": " + captured + "\r\nDestination: " + backend.url()
                        + "/dav/personal-files/id%20it/moved.txt",
                body);

        assertThat(replayed.status()).as("%s %s", method, target).isEqualTo(401);
        if (!method.equals("HEAD")) {
            assertThat(replayed.body()).isEqualTo(REFUSAL);
        }
        assertThat(home.resolve("demo-files/personal/alice/id it/café.txt")).hasContent("original");
        assertThat(home.resolve("demo-files/personal/alice/id it/moved.txt")).doesNotExist();
    }

    @Test
    void replayWhenTheSameRequestWithinTheLifetimeThenAcceptedAndAfterItThen401() throws Exception {
        String captured = captureGetOfFile();
        String header = IdentityJws.HEADER + ": " + captured;

        clock.advance(Duration.ofSeconds(59));
        Answer within = raw(backend.uri().getPort(), "GET", FILE, header, "");
        clock.advance(Duration.ofSeconds(1));
        Answer after = raw(backend.uri().getPort(), "GET", FILE, header, "");

        assertThat(within.status()).isEqualTo(200);
        assertThat(within.body()).isEqualTo("original");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.body()).isEqualTo(REFUSAL);
    }

    @Test
    void proxyWhenClientSendsACapturedAssertionThenGatewayReplacesItWithItsOwn() throws Exception {
        String captured = captureGetOfFile();
        clock.advance(Duration.ofSeconds(1));

        Answer answer = raw(
                gateway.port(),
                "DELETE",
                FILE + ".none",
                "Authorization: Bearer " + token + "\r\n" + IdentityJws.HEADER + ": " + captured,
                "");

        assertThat(answer.status()).isEqualTo(404);
        List<String> identities = single("DELETE").header(IdentityJws.HEADER);
        assertThat(identities).hasSize(1).doesNotContain(captured);
        assertThat(IdentityJws.verify(identities.get(0), identityKey).get("htm").textValue())
                .isEqualTo("DELETE");
    }

    /** A {@code GET FILE} through the gateway; the assertion the backend received with it. */
    private static String captureGetOfFile() throws Exception {
        seen.clear();
        Answer answer = raw(gateway.port(), "GET", FILE, "Authorization: Bearer " + token, "");
        assertThat(answer.status()).isEqualTo(200);
        return single("GET").header(IdentityJws.HEADER).get(0);
    }

    private static RecordedRequest single(String method) {
        List<RecordedRequest> matching =
                seen.stream().filter(r -> r.method().equals(method)).toList();
        assertThat(matching).as("requests the backend received").hasSize(1);
        return matching.get(0);
    }

    record Answer(int status, String body) {}

    /** One request over a socket, the request line exactly as given; {@code headers} are CRLF-separated lines. */
    private static Answer raw(int port, String method, String target, String headers, String body) throws Exception {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + headers + "\r\n"
                + "Content-Length: " + content.length + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String[] status = answer.substring(0, answer.indexOf("\r\n")).split(" ", 3);
            return new Answer(Integer.parseInt(status[1]), end < 0 ? "" : answer.substring(end + 4));
        }
    }
}
