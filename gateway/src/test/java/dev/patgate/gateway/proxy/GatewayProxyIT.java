package dev.patgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.Gateway;
import dev.patgate.gateway.TestHome;
import dev.patgate.gateway.cli.Cli;
import dev.patgate.gateway.cli.CliEnvironment;
import dev.patgate.gateway.config.ConfigLoader;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.store.JdbcTokenStore;
import dev.patgate.testsupport.Challenges;
import dev.patgate.testsupport.IdentityJws;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.KeyFile;
import jakarta.servlet.Filter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ByteBufferPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway in front of a real backend, both on ephemeral ports, driven over HTTP. */
class GatewayProxyIT {

    private static final long LARGE = 64L * 1024 * 1024;

    @TempDir
    static Path home;

    private static final TestClock clock = TestClock.atDefaultStart();
    private static RecordingBackend backend;
    private static Gateway gateway;
    private static HttpClient client;
    private static String token;
    private static String tokenId;
    private static byte[] identityKey;

    @BeforeAll
    static void start() throws Exception {
        backend = new RecordingBackend();
        gateway = startGateway(home, "upstream: {url: '" + backend.uri() + "'}\n");
        identityKey = KeyFile.load(gateway.config().identityKeyFile());
        token = gateway.issuer()
                .issue(new TokenRequest("alice", "it", "test", Duration.ofHours(24), null, List.of()))
                .plaintext();
        tokenId = token.substring(5, 17);
        client = new HttpClient();
        client.start();
    }

    @AfterAll
    static void stop() throws Exception {
        client.stop();
        gateway.close();
        backend.close();
    }

    @Test
    void proxyWhenBearerThenRawTargetKeptAuthorizationDroppedAndIdentitySigned() throws Exception {
        String target = "/dav/personal-files/a%20b/%C3%A9t%C3%A9.txt?x=1&y=%2F%20&z";

        ContentResponse response =
                bearer(client.newRequest(gateway.uri() + target)).send();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).isEqualTo("backend saw 0 bytes");
        RecordingBackend.Seen seen = backend.next();
        assertThat(seen.rawUri()).isEqualTo(target);
        assertThat(seen.header("Authorization")).isEmpty();
        assertThat(seen.header("Host")).containsExactly("127.0.0.1:" + gateway.port());
        assertThat(seen.header("Via")).containsExactly("1.1 patgate");
        assertThat(seen.header("Forwarded")).singleElement().asString().contains("for=\"127.0.0.1\"");
        assertThat(seen.header(IdentityJws.HEADER)).hasSize(1);
        JsonNode claims = IdentityJws.verify(seen.header(IdentityJws.HEADER).get(0), identityKey);
        assertThat(claims.get("sub").asText()).isEqualTo("alice");
        assertThat(claims.get("tid").asText()).isEqualTo(tokenId);
        assertThat(claims.get("scp")).isEmpty();
        assertThat(claims.get("iat").asLong()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(claims.get("exp").asLong()).isEqualTo(clock.instant().getEpochSecond() + 60);
        assertThat(claims.get("htm").asText()).isEqualTo("GET");
        assertThat(claims.get("htt").asText()).isEqualTo(target);
        assertThat(response.getHeaders().get(IdentityJws.HEADER))
                .as("never sent back to the client")
                .isNull();
    }

    @Test
    void proxyWhenClientSendsItsOwnIdentityThenReplacedBySignedOne() throws Exception {
        String forged = "v1.eyJzdWIiOiJhZG1pbiJ9.forged";

        ContentResponse response = bearer(client.newRequest(gateway.uri() + "/a/tree/stat/personal-files"))
                .headers(
                        h -> h.add(IdentityJws.HEADER, forged).add(IdentityJws.HEADER.toLowerCase(Locale.ROOT), forged))
                .send();

        assertThat(response.getStatus()).isEqualTo(200);
        List<String> identities = backend.next().header(IdentityJws.HEADER);
        assertThat(identities).hasSize(1).doesNotContain(forged);
        assertThat(IdentityJws.verify(identities.get(0), identityKey).get("sub").asText())
                .isEqualTo("alice");
    }

    @Test
    void proxyWhenTokenIsBasicAuthPasswordThenForwardedWithoutAuthorization() throws Exception {

        ContentResponse response = client.newRequest(gateway.uri() + "/n/node/0f8e7c1a-3b2d-4c5e-9f60-718293a4b5c6")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, Requests.basic("alice", token)))
                .send();

        assertThat(response.getStatus()).isEqualTo(200);
        RecordingBackend.Seen seen = backend.next();
        assertThat(seen.header("Authorization")).isEmpty();
        assertThat(IdentityJws.verify(seen.header(IdentityJws.HEADER).get(0), identityKey)
                        .get("tid")
                        .asText())
                .isEqualTo(tokenId);
    }

    @Test
    void proxyWhenNoTokenThenChallengedAndBackendNotReached() throws Exception {
        ContentResponse response =
                client.newRequest(gateway.uri() + "/dav/personal-files/").send();

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaders().getValuesList(HttpHeader.WWW_AUTHENTICATE))
                .containsExactly(Challenges.BASIC, Challenges.BEARER);
        assertThat(backend.isQuiet()).isTrue();
    }

    @Test
    void proxyWhenFilterLetsARequestThroughWithoutTokenThen403AndNothingForwarded() throws Exception {
        Filter passThrough = (request, response, chain) -> chain.doFilter(request, response);
        try (GatewayServer open = GatewayServer.start(
                new ListenConfig("127.0.0.1", 0, Duration.ZERO),
                gateway.config().upstream(),
                gateway.config().routes(),
                passThrough,
                (caller, method, target) -> "unused")) {

            ContentResponse response =
                    client.newRequest(open.uri() + "/dav/personal-files/").send();

            assertThat(response.getStatus()).isEqualTo(403);
            assertThat(response.getContentAsString()).isEqualTo("forbidden\n");
        }
        assertThat(backend.isQuiet()).isTrue();
    }

    @Test
    void healthzWhenNoTokenThenOk() throws Exception {
        ContentResponse response = client.newRequest(gateway.uri() + "/healthz").send();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).isEqualTo("ok\n");
        assertThat(response.getMediaType()).isEqualTo("text/plain");
    }

    @Test
    void pathOutsideRoutesWhenRequestedThen404AndBackendNotReached() throws Exception {
        for (String path : List.of("/", "/davx/a", "/admin", "/healthz/x")) {
            ContentResponse response =
                    bearer(client.newRequest(gateway.uri() + path)).send();

            assertThat(response.getStatus()).as(path).isEqualTo(404);
            assertThat(response.getContentAsString()).isEqualTo("not found\n");
        }
        assertThat(backend.isQuiet()).isTrue();
    }

    @Test
    void proxyWhenRawPathLeavesItsRouteThen400AndBackendNotReached() throws Exception {
        for (String path :
                List.of("/foo/../dav/personal-files/", "/dav/../a/tree/delete", "/dav/./x", "/dav/x?bad=%ZZ")) {
            String answer = rawGet(path, "Bearer " + token);

            assertThat(answer).as(path).startsWith("HTTP/1.1 400 ");
            assertThat(answer)
                    .doesNotContain("personal-files")
                    .doesNotContain("tree")
                    .doesNotContain("%ZZ");
        }
        assertThat(backend.isQuiet()).isTrue();
    }

    @Test
    void putWhenLargeChunkedBodyThenBackendReceivesItIntact() throws Exception {
        ContentResponse response = bearer(client.newRequest(gateway.uri() + "/dav/personal-files/large.bin"))
                .method(HttpMethod.PUT)
                .body(new InputStreamRequestContent(
                        "application/octet-stream",
                        RecordingBackend.pattern(LARGE),
                        new ByteBufferPool.Sized(client.getByteBufferPool())))
                .timeout(60, TimeUnit.SECONDS)
                .send();

        assertThat(response.getStatus()).isEqualTo(200);
        RecordingBackend.Seen seen = backend.next();
        assertThat(seen.method()).isEqualTo("PUT");
        assertThat(seen.bodyBytes()).isEqualTo(LARGE);
        assertThat(seen.bodySha256()).isEqualTo(RecordingBackend.sha256(RecordingBackend.pattern(LARGE)));
    }

    @Test
    void putWhenContentLengthThenBackendReceivesTheSameLengthAndBytes() throws Exception {
        byte[] body = RecordingBackend.pattern(16L * 1024 * 1024).readAllBytes();

        ContentResponse response = bearer(client.newRequest(gateway.uri() + "/dav/personal-files/sized.bin"))
                .method(HttpMethod.PUT)
                .body(new BytesRequestContent(body))
                .timeout(60, TimeUnit.SECONDS)
                .send();

        assertThat(response.getStatus()).isEqualTo(200);
        RecordingBackend.Seen seen = backend.next();
        assertThat(seen.header("Content-Length")).containsExactly(Integer.toString(body.length));
        assertThat(seen.header("Transfer-Encoding")).isEmpty();
        assertThat(seen.bodyBytes()).isEqualTo(body.length);
        assertThat(seen.bodySha256()).isEqualTo(RecordingBackend.sha256(new java.io.ByteArrayInputStream(body)));
    }

    @Test
    void putWhenClientExpects100ContinueThenBodyFollowsAndArrivesIntact() throws Exception {
        byte[] body = RecordingBackend.pattern(1024 * 1024).readAllBytes();

        ContentResponse response = bearer(client.newRequest(gateway.uri() + "/dav/personal-files/continued.bin"))
                .method(HttpMethod.PUT)
                .headers(h -> h.put(HttpHeader.EXPECT, "100-continue"))
                .body(new BytesRequestContent(body))
                .timeout(30, TimeUnit.SECONDS)
                .send();

        assertThat(response.getStatus()).isEqualTo(200);
        RecordingBackend.Seen seen = backend.next();
        assertThat(seen.bodyBytes()).isEqualTo(body.length);
        assertThat(seen.bodySha256()).isEqualTo(RecordingBackend.sha256(new java.io.ByteArrayInputStream(body)));
    }

    @Test
    void putWhenChunkedWithTrailersThenBodyArrivesIntactAndTheConnectionStaysUsable() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            String head = "PUT /dav/personal-files/trailed.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + token + "\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n";
            String body = "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n";
            String next = "GET /dav/personal-files/after-trailers.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + token + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write((head + body + next).getBytes(StandardCharsets.US_ASCII));

            String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(answers).startsWith("HTTP/1.1 200");
            assertThat(answers.split("HTTP/1.1 200", -1)).hasSize(3);
        }
        RecordingBackend.Seen seen = backend.next();
        assertThat(seen.bodyBytes()).isEqualTo(11);
        assertThat(seen.bodySha256())
                .isEqualTo(RecordingBackend.sha256(
                        new java.io.ByteArrayInputStream("hello world".getBytes(StandardCharsets.US_ASCII))));
        assertThat(backend.next().rawUri()).isEqualTo("/dav/personal-files/after-trailers.txt");
    }

    @Test
    void refusalWhenTheBodyIsLeftUnreadThenTheAnswerClosesTheConnectionElseNot() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            String head = "PUT /dav/personal-files/refused.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer patg_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n"
                    + "Content-Length: 104857600\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(new byte[64 * 1024]);
            socket.getOutputStream().flush();

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(answer).startsWith("HTTP/1.1 401");
            assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("\r\nconnection: close\r\n");
        }
        assertThat(backend.isQuiet()).isTrue();
        ContentResponse noBody = client.newRequest(gateway.uri() + "/dav/personal-files/x.txt")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer nonsense"))
                .timeout(10, TimeUnit.SECONDS)
                .send();
        assertThat(noBody.getStatus()).isEqualTo(401);
        assertThat(noBody.getHeaders().get(HttpHeader.CONNECTION))
                .as("nothing left unread: keep the connection")
                .isNull();
    }

    @Test
    void putWhenClientGoesAwayMidBodyThenBackendRequestIsAbortedAndGatewayKeepsServing() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            String head = "PUT /dav/personal-files/cut.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + token + "\r\nContent-Length: 4194304\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(new byte[256 * 1024]);
            socket.getOutputStream().flush();
        }

        // the backend's idle timeout is 30 s: seeing the break within next()'s 10 s means the gateway aborted it
        RecordingBackend.Seen cut = backend.next();
        assertThat(cut.rawUri()).isEqualTo("/dav/personal-files/cut.bin");
        assertThat(cut.bodySha256()).isEqualTo(RecordingBackend.INCOMPLETE);
        assertThat(cut.bodyBytes()).isLessThan(4L * 1024 * 1024);
        ContentResponse after = bearer(client.newRequest(gateway.uri() + "/dav/personal-files/after.txt"))
                .timeout(10, TimeUnit.SECONDS)
                .send();
        assertThat(after.getStatus()).isEqualTo(200);
        assertThat(backend.next().rawUri()).isEqualTo("/dav/personal-files/after.txt");
    }

    @Test
    void getWhenLargeResponseThenStreamedIntactToClient() throws Exception {
        InputStreamResponseListener listener = new InputStreamResponseListener();
        bearer(client.newRequest(gateway.uri() + "/dav/big?size=" + LARGE)).send(listener);

        Response response = listener.get(30, TimeUnit.SECONDS);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(RecordingBackend.sha256(listener.getInputStream()))
                .isEqualTo(RecordingBackend.sha256(RecordingBackend.pattern(LARGE)));
        backend.next();
    }

    @Test
    void getWhenBackendBreaksOffMidAnswerThenClientSeesAFailureNotAShortBody() throws Exception {
        InputStreamResponseListener listener = new InputStreamResponseListener();
        bearer(client.newRequest(gateway.uri() + "/dav/big?size=" + LARGE + "&cut=" + (3 * 1024 * 1024)))
                .send(listener);

        Response response = listener.get(30, TimeUnit.SECONDS);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThatThrownBy(() -> listener.getInputStream().readAllBytes()).isInstanceOf(java.io.IOException.class);
        backend.next();
    }

    @Test
    void tokenCreatedByCliWhileGatewayRunsWhenUsedThenAccepted() throws Exception {
        CliEnvironment environment = new CliEnvironment(clock, Map.of("PATGATE_HOME", home.toString()), home);
        StringWriter out = new StringWriter();
        int code = Cli.run(
                environment,
                new PrintWriter(out),
                new PrintWriter(new StringWriter()),
                "admin",
                "user",
                "token",
                "-u",
                "bob",
                "-e",
                "1h",
                "-q");
        assertThat(code).isZero();

        ContentResponse response = client.newRequest(gateway.uri() + "/dav/personal-files/")
                .headers(h -> h.put(
                        HttpHeader.AUTHORIZATION, "Bearer " + out.toString().strip()))
                .send();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(IdentityJws.verify(backend.next().header(IdentityJws.HEADER).get(0), identityKey)
                        .get("sub")
                        .asText())
                .isEqualTo("bob");
    }

    @Test
    void proxyWhenBackendDownThen502PlainTextEchoingNothing(@TempDir Path otherHome) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (Gateway down = startGateway(otherHome, "upstream: {url: 'http://127.0.0.1:" + closedPort + "'}\n")) {
            String bearerToken = issue(down, "alice");

            ContentResponse response = client.newRequest(down.uri() + "/dav/secret-folder/x.txt?q=private")
                    .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + bearerToken))
                    .send();

            assertThat(response.getStatus()).isEqualTo(502);
            assertThat(response.getMediaType()).isEqualTo("text/plain");
            assertThat(response.getContentAsString())
                    .isEqualTo("bad gateway: the file server cannot be reached\n")
                    .doesNotContain("secret-folder")
                    .doesNotContain("private");
        }
    }

    @Test
    void proxyWhenBackendTooSlowThen504(@TempDir Path otherHome) throws Exception {
        try (Gateway slow = startGateway(otherHome, "upstream: {url: '" + backend.uri() + "', timeout: 1s}\n")) {
            String bearerToken = issue(slow, "alice");

            ContentResponse response = client.newRequest(slow.uri() + "/dav/slow")
                    .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + bearerToken))
                    .timeout(20, TimeUnit.SECONDS)
                    .send();

            assertThat(response.getStatus()).isEqualTo(504);
            assertThat(response.getContentAsString())
                    .isEqualTo("gateway timeout: the file server did not answer in time\n");
            backend.next();
        }
    }

    @Test
    void proxyWhenModeNoneThenNeitherAuthorizationNorIdentityForwarded(@TempDir Path otherHome) throws Exception {
        try (Gateway plain = startGateway(otherHome, "upstream: {url: '" + backend.uri() + "', identity: none}\n")) {
            String bearerToken = issue(plain, "alice");

            ContentResponse response = client.newRequest(plain.uri() + "/dav/x")
                    .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + bearerToken)
                            .put(IdentityJws.HEADER, "v1.client.chosen"))
                    .send();

            assertThat(response.getStatus()).isEqualTo(200);
            RecordingBackend.Seen seen = backend.next();
            assertThat(seen.header("Authorization")).isEmpty();
            assertThat(seen.header(IdentityJws.HEADER)).isEmpty();
        }
    }

    @Test
    void closeWhenSlidingTokenWasUsedThenUseIsFlushedToTheStore(@TempDir Path otherHome) throws Exception {
        Gateway sliding =
                startGateway(otherHome, "upstream: {url: '" + backend.uri() + "'}\ntokens: {flush_interval: 1h}\n");
        String slidingToken = sliding.issuer()
                .issue(new TokenRequest("alice", null, "test", null, Duration.ofMinutes(30), List.of()))
                .plaintext();
        clock.advance(Duration.ofSeconds(5));
        try {
            ContentResponse response = client.newRequest(sliding.uri() + "/dav/x")
                    .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + slidingToken))
                    .send();
            assertThat(response.getStatus()).isEqualTo(200);
            backend.next();
        } finally {
            sliding.close();
        }

        try (JdbcTokenStore store = JdbcTokenStore.open(sliding.config().store().url(), null, null)) {
            assertThat(store.findById(slidingToken.substring(5, 17))
                            .orElseThrow()
                            .lastUsedAt())
                    .isEqualTo(clock.instant());
        }
    }

    /** Sends a GET with the path exactly as given (no client-side normalization); returns the whole answer. */
    private static String rawGet(String path, String authorization) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + authorization
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Request bearer(Request request) {
        return request.headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + token));
    }

    private static Gateway startGateway(Path dir, String yaml) throws Exception {
        TestHome.create(dir, "http://unused.invalid");
        Files.writeString(dir.resolve("config/gateway.yaml"), "listen: {port: 0}\n" + yaml);
        GatewayConfig config = ConfigLoader.load(dir.resolve("config/gateway.yaml"), dir, Map.of());
        return Gateway.start(config, clock);
    }

    private static String issue(Gateway target, String login) {
        return target.issuer()
                .issue(new TokenRequest(login, null, "test", Duration.ofHours(1), null, List.of()))
                .plaintext();
    }
}
