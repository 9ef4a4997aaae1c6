package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.auth.TokenRequest;
import dev.patgate.demo.DemoConfig;
import dev.patgate.demo.DemoServer;
import dev.patgate.demo.RecordedRequest;
import dev.patgate.gateway.cli.Cli;
import dev.patgate.gateway.cli.CliEnvironment;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.LimitsConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.testsupport.Challenges;
import dev.patgate.testsupport.IdentityJws;
import dev.patgate.testsupport.LogCapture;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.KeyFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path, with nothing stubbed: a real webdav-demo backend and a real gateway on ephemeral
 * loopback ports, a real SQLite file, and HTTP from a real client. Both servers share one clock
 * that the tests move, so expiry is tested without sleeping.
 */
class EndToEndIT {

    @TempDir
    static Path home;

    private static final TestClock clock = TestClock.atDefaultStart();
    private static final List<RecordedRequest> backendSaw = new CopyOnWriteArrayList<>();
    private static final List<String> issuedTokens = new CopyOnWriteArrayList<>();
    private static LogCapture logs;
    private static DemoServer backend;
    private static Gateway gateway;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        logs = LogCapture.start();
        TestHome.create(home, "http://127.0.0.1:1");
        GatewayConfig defaults = GatewayConfig.defaults(home);
        backend = DemoServer.start(DemoConfig.builder()
                .port(0)
                .dataDir(home.resolve("demo-files"))
                .identityKeyFile(keyFile(defaults))
                .clock(clock)
                .requestListener(backendSaw::add)
                .build());
        gateway = Gateway.start(
                defaults.withListen(ListenConfig.DEFAULT.withPort(0))
                        .withUpstream(UpstreamConfig.DEFAULT.withUrl(backend.uri()))
                        .withLimits(LimitsConfig.DEFAULT.withFreeFailures(10_000)),
                clock);
        http = HttpClient.newHttpClient();
    }

    private static Path keyFile(GatewayConfig config) throws Exception {
        Path file = config.identityKeyFile();
        KeyFile.loadOrCreate(file);
        return file;
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
            }
            if (backend != null) {
                backend.close();
            }
        } finally {
            logs.close();
        }
        String logged = logs.text();
        assertThat(logged).contains("outcome=accepted", "outcome=invalid_token");
        for (String token : issuedTokens) {
            assertThat(logged).doesNotContain(token).doesNotContain(token.substring(18));
            assertThat(logged)
                    .doesNotContain(Requests.basicCredentials("alice", token))
                    .doesNotContain(Requests.basicCredentials("bob", token));
        }
    }

    @Test
    void propfindWhenBearerThenListsAlicesPersonalFiles() throws Exception {
        String token = issue("alice", Duration.ofHours(24), null);

        HttpResponse<String> response = send(request("/dav/personal-files/", "PROPFIND")
                .header("Authorization", "Bearer " + token)
                .header("Depth", "1"));

        assertThat(response.statusCode()).isEqualTo(207);
        assertThat(response.body()).contains("welcome.txt");
    }

    @Test
    void putWhenTokenIsBasicAuthPasswordThenStoredAndReadBack() throws Exception {
        String token = issue("alice", Duration.ofHours(24), null);
        String basic = Requests.basic("alice", token);

        HttpResponse<String> put = send(request(
                        "/dav/personal-files/e2e-put.txt",
                        "PUT",
                        HttpRequest.BodyPublishers.ofString("hello through the gateway"))
                .header("Authorization", basic));
        HttpResponse<String> get =
                send(request("/dav/personal-files/e2e-put.txt", "GET").header("Authorization", basic));

        assertThat(put.statusCode()).isIn(201, 204);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("hello through the gateway");
    }

    @Test
    void restWhenBearerThenStatAndNodeByUuidAnswer() throws Exception {
        String token = issue("alice", Duration.ofHours(24), null);

        HttpResponse<String> stat = send(
                request("/a/tree/stat/personal-files/welcome.txt", "GET").header("Authorization", "Bearer " + token));
        String uuid = stat.body().replaceAll("(?s).*\"Uuid\"\\s*:\\s*\"([0-9a-f-]{36})\".*", "$1");
        HttpResponse<String> node = send(request("/n/node/" + uuid, "GET").header("Authorization", "Bearer " + token));

        assertThat(stat.statusCode()).isEqualTo(200);
        assertThat(stat.body()).contains("\"Path\"", "personal-files/welcome.txt");
        assertThat(node.statusCode()).isEqualTo(200);
        assertThat(node.body()).contains(uuid);
    }

    @Test
    void requestWhenNoCredentialsThen401WithBothChallengesAndBackendNotReached() throws Exception {
        int before = backendSaw.size();

        HttpResponse<String> response =
                send(request("/dav/personal-files/", "PROPFIND").header("Depth", "1"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly(Challenges.BASIC, Challenges.BEARER);
        assertThat(backendSaw).hasSize(before);
    }

    @Test
    void requestWhenTokenIsWrongInAnyWayThen401InvalidTokenWithOneBodyForAll() throws Exception {
        String alices = issue("alice", Duration.ofHours(24), null);
        String unknown = rechecksum("patg_" + "A".repeat(12) + "_" + "b".repeat(32));
        String wrongSecret = rechecksum(alices.substring(0, 18) + "c".repeat(32));
        String badChecksum = alices.substring(0, alices.length() - 1) + (alices.endsWith("0") ? "1" : "0");
        Map<String, String> cases = Map.of(
                "wrong user", Requests.basic("bob", alices),
                "unknown token", "Bearer " + unknown,
                "wrong secret", "Bearer " + wrongSecret,
                "bad checksum", "Bearer " + badChecksum,
                "password instead of token", Requests.basic("alice", "alice-pw"));
        int before = backendSaw.size();

        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> response =
                    send(request("/dav/personal-files/", "GET").header("Authorization", c.getValue()));
            assertThat(response.statusCode()).as(c.getKey()).isEqualTo(401);
            assertThat(response.headers().allValues("WWW-Authenticate"))
                    .as(c.getKey())
                    .containsExactly(Challenges.BASIC, Challenges.INVALID_TOKEN);
            assertThat(response.body()).as(c.getKey()).isEqualTo(sameBodyForEveryBadToken());
        }
        assertThat(backendSaw).hasSize(before);
    }

    @Test
    void requestWhenHardExpiryHasPassedThen401InvalidToken() throws Exception {
        String token = issue("alice", Duration.ofMinutes(30), null);
        assertThat(get(token).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(31));
        HttpResponse<String> response = get(token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly(Challenges.BASIC, Challenges.INVALID_TOKEN);
        assertThat(response.body()).isEqualTo(sameBodyForEveryBadToken());
    }

    @Test
    void slidingTokenWhenKeptInUseThenOutlivesItsWindowAndDiesOnceUnused() throws Exception {
        String token = issue("alice", null, Duration.ofMinutes(10));

        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofMinutes(6));
            assertThat(get(token).statusCode())
                    .as("use %d, %d min after creation", i, 6 * (i + 1))
                    .isEqualTo(200);
            if (i % 2 == 0) {
                gateway.flush();
            }
        }
        clock.advance(Duration.ofMinutes(10));
        HttpResponse<String> response = get(token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly(Challenges.BASIC, Challenges.INVALID_TOKEN);
    }

    @Test
    void slidingTokenWhenHardLimitAlsoGivenThenDiesAtTheHardLimitDespiteUse() throws Exception {
        String token = issue("alice", Duration.ofMinutes(15), Duration.ofMinutes(10));

        clock.advance(Duration.ofMinutes(8));
        assertThat(get(token).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(6));
        assertThat(get(token).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(2));

        assertThat(get(token).statusCode()).isEqualTo(401);
    }

    @Test
    void tokenCreatedThroughTheCliWhileGatewayRunsWhenUsedAtOnceThenAccepted() throws Exception {
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
        String token = out.toString().strip();
        issuedTokens.add(token);

        HttpResponse<String> response = send(request("/dav/personal-files/", "PROPFIND")
                .header("Authorization", Requests.basic("bob", token))
                .header("Depth", "1"));

        assertThat(code).isZero();
        assertThat(response.statusCode()).isEqualTo(207);
    }

    @Test
    void tokenRevokedThroughTheCliWhileGatewayRunsWhenNextPollDoneThenRefused() throws Exception {
        String token = issue("alice", Duration.ofHours(1), null);
        assertThat(get(token).statusCode()).isEqualTo(200);
        CliEnvironment environment = new CliEnvironment(clock, Map.of("PATGATE_HOME", home.toString()), home);

        int code = Cli.run(
                environment,
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                "admin",
                "token",
                "revoke",
                token.substring(5, 17));
        gateway.pollRevocations();
        HttpResponse<String> response = get(token);

        assertThat(code).isZero();
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly(Challenges.BASIC, Challenges.INVALID_TOKEN);
    }

    @Test
    void acceptedRequestWhenForwardedThenBackendSeesSignedIdentityButNeverTheToken() throws Exception {
        String token = issue("alice", Duration.ofHours(1), null);
        backendSaw.clear();

        assertThat(get(token).statusCode()).isEqualTo(200);
        assertThat(send(request("/dav/personal-files/welcome.txt", "GET")
                                .header("Authorization", Requests.basic("alice", token)))
                        .statusCode())
                .isEqualTo(200);

        assertThat(backendSaw).hasSize(2);
        for (RecordedRequest seen : backendSaw) {
            assertThat(seen.hasHeader("Authorization")).isFalse();
            assertThat(seen.header(IdentityJws.HEADER)).hasSize(1);
            String everything = seen.uri() + seen.headers();
            assertThat(everything)
                    .doesNotContain(token)
                    .doesNotContain(token.substring(18))
                    .doesNotContain(Requests.basicCredentials("alice", token));
        }
    }

    private static HttpResponse<String> get(String token) throws Exception {
        return send(request("/dav/personal-files/welcome.txt", "GET").header("Authorization", "Bearer " + token));
    }

    private static String issue(String login, Duration hard, Duration sliding) {
        String token = gateway.issuer()
                .issue(new TokenRequest(login, "e2e", "test", hard, sliding, List.of()))
                .plaintext();
        issuedTokens.add(token);
        return token;
    }

    private static String sameBodyForEveryBadToken() throws Exception {
        return send(request("/dav/personal-files/", "GET")
                        .header(
                                "Authorization",
                                "Bearer " + rechecksum("patg_" + "Z".repeat(12) + "_" + "z".repeat(32))))
                .body();
    }

    /** Appends the right checksum, so the token is well-formed but unknown or wrong. */
    private static String rechecksum(String body) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        char[] out = new char[6];
        for (int i = 5; i >= 0; i--) {
            out[i] = alphabet.charAt((int) (value % 62));
            value /= 62;
        }
        return body + new String(out);
    }

    private static HttpRequest.Builder request(String path, String method) {
        return request(path, method, HttpRequest.BodyPublishers.noBody());
    }

    private static HttpRequest.Builder request(String path, String method, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .method(method, body);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
