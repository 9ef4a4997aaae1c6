package dev.patgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.Gateway;
import dev.patgate.gateway.TestHome;
import dev.patgate.gateway.config.ConfigLoader;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.testsupport.IdentityJws;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.KeyFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property 5: what the client says about the network is not believed, and {@code Connection} cannot
 * strip the headers a request is made of. The gateway in front of a {@link RecordingBackend}, which
 * records exactly what arrives; requests are written by hand ({@link RawHttp}) so that every
 * spelling, case and repetition reaches the gateway as given.
 */
class ForwardedHeadersIT {

    @TempDir
    static Path home;

    private static RecordingBackend backend;
    private static Gateway gateway;
    private static String token;
    private static byte[] identityKey;
    private static String host;

    @BeforeAll
    static void start() throws Exception {
        backend = new RecordingBackend();
        TestHome.create(home, "http://unused.invalid");
        Files.writeString(
                home.resolve("config/gateway.yaml"), "listen: {port: 0}\nupstream: {url: '" + backend.uri() + "'}\n");
        GatewayConfig config = ConfigLoader.load(home.resolve("config/gateway.yaml"), home, Map.of());
        gateway = Gateway.start(config, TestClock.atDefaultStart());
        identityKey = KeyFile.load(gateway.config().identityKeyFile());
        token = gateway.issuer()
                .issue(new TokenRequest("alice", "it", "test", Duration.ofHours(24), null, List.of()))
                .plaintext();
        host = "127.0.0.1:" + gateway.port();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        backend.close();
    }

    static Stream<String> networkClaims() {
        return Stream.of(
                "Forwarded: for=6.6.6.6;host=evil.example;proto=https",
                "forwarded: for=\"[2001:db8::6]\";by=evil",
                "FORWARDED: for=unknown, for=6.6.6.6;host=evil.example",
                "Forwarded: for=6.6.6.6\r\nForwarded: host=evil.example",
                "X-Forwarded-For: 6.6.6.6",
                "x-forwarded-for: 6.6.6.6, 7.7.7.7",
                "X-FORWARDED-FOR: 6.6.6.6",
                "X-Forwarded-For: 6.6.6.6\r\nx-forwarded-for: 7.7.7.7",
                "X-Forwarded-For:6.6.6.6",
                "X-Forwarded-For: \t6.6.6.6 \t",
                "X-Forwarded-Proto: https-evil",
                "x-forwarded-proto: HTTPS-evil",
                "X-Forwarded-Host: evil.example",
                "X-Forwarded-Host: evil.example:443\r\nX-Forwarded-Host: evil2.example",
                "X-Forwarded-Port: 6666",
                "X-Forwarded-Server: evil.example",
                "X-Forwarded-Prefix: /evil",
                "X-Forwarded-Ssl: on-evil",
                "X-Forwarded-Scheme: https-evil",
                "X-Forwarded-Uri: /evil",
                "X-Forwarded-Path: /evil",
                "X-Forwarded: for=6.6.6.6",
                "X-Forwarded-By: evil",
                "X-Real-IP: 6.6.6.6",
                "x-real-ip: 6.6.6.6",
                "X-REAL-IP: 6.6.6.6",
                "X-Client-IP: 6.6.6.6",
                "Client-IP: 6.6.6.6",
                "True-Client-IP: 6.6.6.6",
                "X-Cluster-Client-IP: 6.6.6.6",
                "CF-Connecting-IP: 6.6.6.6",
                "Fastly-Client-IP: 6.6.6.6",
                "X-Originating-IP: 6.6.6.6",
                "X-Remote-IP: 6.6.6.6",
                "X-Remote-Addr: 6.6.6.6",
                "X-ProxyUser-Ip: 6.6.6.6",
                "WL-Proxy-Client-IP: 6.6.6.6",
                "Proxy-Client-IP: 6.6.6.6",
                "X-Host: evil.example",
                "X-HTTP-Host: evil.example",
                "X-Url-Scheme: https-evil",
                "X-Scheme: https-evil",
                "Front-End-Https: on-evil",
                "X-Rewrite-URL: /evil",
                "X-Original-URL: /evil",
                "X-Original-Host: evil.example",
                "X-Original-Forwarded-For: 6.6.6.6",
                "Via: 1.0 evil-proxy",
                "via: 1.1 evil, 1.1 6.6.6.6",
                // naming the claim in Connection changes nothing: it is dropped, and the gateway's own stays
                "Connection: X-Forwarded-For\r\nX-Forwarded-For: 6.6.6.6",
                "Connection: Forwarded, X-Forwarded-Host, Via\r\nForwarded: for=6.6.6.6\r\nX-Forwarded-Host: evil\r\n"
                        + "Via: 1.0 evil",
                "Connection: x-real-ip\r\nX-Real-IP: 6.6.6.6");
    }

    @ParameterizedTest
    @MethodSource("networkClaims")
    void proxyWhenClientClaimsANetworkOriginThenBackendSeesOnlyTheGatewaysView(String claim) throws Exception {
        RecordingBackend.Seen seen = forward("GET", "/dav/personal-files/claims.txt", claim, "");

        assertThat(seen.headers().values())
                .flatMap(values -> values)
                .noneMatch(value -> value.contains("6.6.6.6") || value.contains("evil") || value.contains("2001:db8"));
        assertGatewaysOwnView(seen);
        for (String line : claim.split("\r\n")) {
            String name = line.substring(0, line.indexOf(':')).toLowerCase(Locale.ROOT);
            if (!isSetByGateway(name) && !name.equals("connection")) {
                assertThat(seen.header(name)).as(name).isEmpty();
            }
        }
    }

    @Test
    void proxyWhenNoClaimsThenGatewaySetsHostViaForwardedAndXForwardedHeaders() throws Exception {
        assertGatewaysOwnView(forward("GET", "/dav/personal-files/plain.txt", null, ""));
    }

    @Test
    void proxyWhenHttp10WithoutHostThenBackendGetsTheAddressTheRequestArrivedOn() throws Exception {
        String request = "GET /dav/personal-files/old.txt HTTP/1.0\r\nAuthorization: Bearer " + token + "\r\n\r\n";

        RawHttp.Answer answer = RawHttp.exchange(gateway.port(), request, 10_000);

        assertThat(answer.firstStatus()).isEqualTo(200);
        RecordingBackend.Seen seen = backend.next();
        assertThat(seen.header("Host")).containsExactly(host);
        assertThat(seen.header("X-Forwarded-Host")).containsExactly(host);
        assertThat(seen.header("Forwarded")).containsExactly("for=\"127.0.0.1\";host=\"" + host + "\";proto=http");
    }

    @Test
    void proxyWhenAbsoluteFormTargetNamesTheHostThenForwardedInOriginForm() throws Exception {
        String request = "GET http://" + host + "/dav/personal-files/abs.txt?q=1 HTTP/1.1\r\nHost: " + host
                + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n";

        RawHttp.Answer answer = RawHttp.exchange(gateway.port(), request, 10_000);

        assertThat(answer.firstStatus()).isEqualTo(200);
        RecordingBackend.Seen seen = backend.next();
        assertThat(seen.rawUri()).isEqualTo("/dav/personal-files/abs.txt?q=1");
        assertGatewaysOwnView(seen);
    }

    @Test
    void failureLimitWhenEachFailureClaimsAnotherAddressThenTheSocketsAddressIsLimited(@TempDir Path otherHome)
            throws Exception {
        TestHome.create(otherHome, "http://unused.invalid");
        Files.writeString(
                otherHome.resolve("config/gateway.yaml"),
                "listen: {port: 0}\nupstream: {url: '" + backend.uri() + "'}\nlimits: {tokens: {free_failures: 4}}\n");
        GatewayConfig config = ConfigLoader.load(otherHome.resolve("config/gateway.yaml"), otherHome, Map.of());
        try (Gateway limited = Gateway.start(config, TestClock.atDefaultStart())) {
            List<String> claims = List.of(
                    "X-Forwarded-For: 10.0.0.%d",
                    "X-Real-IP: 10.0.1.%d",
                    "Forwarded: for=10.0.2.%d",
                    "True-Client-IP: 10.0.3.%d",
                    "X-Client-IP: 10.0.4.%d",
                    "CF-Connecting-IP: 10.0.5.%d");
            for (int i = 0; i < claims.size(); i++) {
                String request = "GET /dav/personal-files/x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer patg_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n"
                        + claims.get(i).formatted(i + 1) + "\r\nConnection: close\r\n\r\n";

                RawHttp.Answer answer = RawHttp.exchange(limited.port(), request, 10_000);

                assertThat(answer.firstStatus()).as(claims.get(i)).isEqualTo(i < 5 ? 401 : 429);
            }
            String upload = "PUT /dav/personal-files/x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer patg_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n"
                    + "X-Forwarded-For: 10.9.9.9\r\nContent-Length: 4096\r\n"
                    + "Expect: 100-continue\r\n\r\n";

            RawHttp.Answer limitedUpload = RawHttp.exchange(limited.port(), upload, 10_000);

            assertThat(limitedUpload.statusLines())
                    .as("a failing upload from a waiting address: the limit comes before any 100 Continue")
                    .first()
                    .asString()
                    .startsWith("HTTP/1.1 429 ");
        }
        assertThat(backend.isQuiet()).isTrue();
    }

    /** Connection values that name headers a request is made of; none of them may be dropped. */
    static Stream<String> connectionNamingEssentials() {
        return Stream.of(
                "Host",
                "host",
                "HOST",
                "close, Host",
                " Host ,Authorization",
                "Host,,Depth",
                "\tHost\t",
                "keep-alive, Host",
                "Authorization",
                IdentityJws.HEADER,
                IdentityJws.HEADER.toLowerCase(Locale.ROOT),
                "X-Forwarded-For",
                "Forwarded",
                "Via",
                "Content-Length",
                "content-length",
                "Content-Type",
                "Destination",
                "Depth",
                "Overwrite",
                "If",
                "Lock-Token",
                "Timeout",
                "If-Match",
                "If-None-Match",
                "If-Modified-Since",
                "If-Unmodified-Since",
                "If-Range",
                "Range",
                "Content-Encoding",
                "Destination, Depth, Overwrite, If, Lock-Token",
                "host, authorization, x-patgate-identity, x-forwarded-for, content-length, destination, depth,"
                        + " overwrite, if, lock-token",
                "Host\r\nConnection: Depth\r\nConnection: Overwrite",
                ",,, Host ,,, Destination ,,,",
                "HoSt, DePtH, oVeRwRiTe");
    }

    @ParameterizedTest
    @MethodSource("connectionNamingEssentials")
    void proxyWhenConnectionNamesAnEssentialHeaderThenItStillReachesTheBackend(String named) throws Exception {
        String destination = "http://" + host + "/dav/personal-files/moved.txt";
        String essentials = String.join(
                "\r\n",
                "Connection: " + named,
                IdentityJws.HEADER + ": v1.forged.by-client",
                "Content-Type: text/plain",
                "Content-Encoding: identity",
                "Destination: " + destination,
                "Depth: 0",
                "Overwrite: F",
                "If: (<urn:uuid:181d4fae-7d8c-11d0-a765-00a0c91e6bf2>)",
                "Lock-Token: <urn:uuid:181d4fae-7d8c-11d0-a765-00a0c91e6bf2>",
                "Timeout: Second-60",
                "If-Match: \"v1\"",
                "If-None-Match: \"v2\"",
                "If-Modified-Since: Tue, 01 Dec 2026 00:00:00 GMT",
                "If-Unmodified-Since: Tue, 01 Dec 2026 00:00:00 GMT",
                "If-Range: \"v1\"",
                "Range: bytes=0-1");

        RecordingBackend.Seen seen = forward("PUT", "/dav/personal-files/essential.txt", essentials, "hello");

        assertGatewaysOwnView(seen);
        assertThat(seen.header("Content-Length")).containsExactly("5");
        assertThat(seen.bodyBytes()).isEqualTo(5);
        assertThat(seen.header("Content-Type")).singleElement().asString().startsWith("text/plain");
        assertThat(seen.header("Content-Encoding")).containsExactly("identity");
        assertThat(seen.header("Destination")).containsExactly(destination);
        assertThat(seen.header("Depth")).containsExactly("0");
        assertThat(seen.header("Overwrite")).containsExactly("F");
        assertThat(seen.header("If")).containsExactly("(<urn:uuid:181d4fae-7d8c-11d0-a765-00a0c91e6bf2>)");
        assertThat(seen.header("Lock-Token")).containsExactly("<urn:uuid:181d4fae-7d8c-11d0-a765-00a0c91e6bf2>");
        assertThat(seen.header("Timeout")).containsExactly("Second-60");
        assertThat(seen.header("If-Match")).containsExactly("\"v1\"");
        assertThat(seen.header("If-None-Match")).containsExactly("\"v2\"");
        assertThat(seen.header("If-Modified-Since")).hasSize(1);
        assertThat(seen.header("If-Unmodified-Since")).hasSize(1);
        assertThat(seen.header("If-Range")).containsExactly("\"v1\"");
        assertThat(seen.header("Range")).containsExactly("bytes=0-1");
        assertThat(seen.header("Authorization")).isEmpty();
        assertThat(seen.header("Connection"))
                .noneMatch(value -> value.toLowerCase(Locale.ROOT).contains("host"));
    }

    static Stream<Arguments> connectionNamingOtherHeaders() {
        return Stream.of(
                Arguments.of("X-Custom", List.of("x-custom")),
                Arguments.of("x-custom", List.of("x-custom")),
                Arguments.of("X-CUSTOM, X-Other", List.of("x-custom", "x-other")),
                Arguments.of(" x-custom ,\tx-other\t,", List.of("x-custom", "x-other")),
                Arguments.of("X-Custom\r\nConnection: X-Other", List.of("x-custom", "x-other")),
                Arguments.of("close, X-Custom, Host", List.of("x-custom")),
                Arguments.of("Cookie", List.of("cookie")));
    }

    @ParameterizedTest
    @MethodSource("connectionNamingOtherHeaders")
    void proxyWhenConnectionNamesOtherHeadersThenThoseAreDroppedAndTheRestKept(String named, List<String> dropped)
            throws Exception {
        String lines = "Connection: " + named + "\r\nX-Custom: 1\r\nX-Other: 2\r\nCookie: c=3\r\nX-Kept: 4";

        RecordingBackend.Seen seen = forward("GET", "/dav/personal-files/named.txt", lines, "");

        for (String name : List.of("x-custom", "x-other", "cookie")) {
            assertThat(seen.header(name)).as(name).hasSize(dropped.contains(name) ? 0 : 1);
        }
        assertThat(seen.header("X-Kept")).containsExactly("4");
        assertGatewaysOwnView(seen);
    }

    static Stream<String> hopByHopHeaders() {
        return Stream.of(
                "Proxy-Authorization: Basic YWxpY2U6c2VjcmV0",
                "proxy-authorization: Bearer " + "patg_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "TE: trailers",
                "Connection: TE\r\nTE: trailers, deflate",
                "Upgrade: websocket\r\nConnection: Upgrade",
                "Upgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA",
                "Keep-Alive: timeout=600, max=1000",
                "Connection: keep-alive\r\nKeep-Alive: timeout=600",
                "Proxy-Connection: keep-alive",
                "Trailer: X-Checksum",
                "Proxy-Authenticate: Basic realm=\"evil\"");
    }

    @ParameterizedTest
    @MethodSource("hopByHopHeaders")
    void proxyWhenClientSendsHopByHopHeadersThenNoneReachTheBackend(String lines) throws Exception {
        RecordingBackend.Seen seen = forward("GET", "/dav/personal-files/hop.txt", lines, "");

        for (String name : List.of(
                "proxy-authorization",
                "te",
                "upgrade",
                "keep-alive",
                "proxy-connection",
                "trailer",
                "http2-settings",
                "proxy-authenticate")) {
            assertThat(seen.header(name)).as(name).isEmpty();
        }
        assertThat(seen.headers().values())
                .flatMap(values -> values)
                .noneMatch(value -> value.contains("YWxpY2U6c2VjcmV0") || value.contains("patg_"));
        assertGatewaysOwnView(seen);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "X-Secret",
                "x-secret",
                "X-SECRET, X-Other",
                " x-secret ,, x-other ",
                "close, X-Secret",
                "X-Secret, Content-Type, ETag",
                "keep-alive, X-Other, X-Secret"
            })
    void answerWhenBackendsConnectionNamesHeadersThenThoseAreDroppedAndTheMessageKept(String named) throws Exception {
        String request = "GET /dav/connection HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token + "\r\n"
                + RecordingBackend.ANSWER_CONNECTION + ": " + named + "\r\nConnection: close\r\n\r\n";

        RawHttp.Answer answer = RawHttp.exchange(gateway.port(), request, 10_000);

        assertThat(answer.firstStatus()).isEqualTo(200);
        backend.next();
        String lower = named.toLowerCase(Locale.ROOT);
        assertThat(answer.header("X-Secret")).hasSize(lower.contains("x-secret") ? 0 : 1);
        assertThat(answer.header("X-Other")).hasSize(lower.contains("x-other") ? 0 : 1);
        assertThat(answer.header("X-Kept")).containsExactly("end-to-end");
        assertThat(answer.header("Content-Type")).singleElement().asString().startsWith("text/plain");
        assertThat(answer.header("ETag")).hasSize(lower.contains("etag") ? 0 : 1);
        assertThat(answer.header(IdentityJws.HEADER)).isEmpty();
        assertThat(answer.text()).endsWith("backend saw 0 bytes");
    }

    /** Sends one request (with {@code extraLines}, CRLF-separated, when not null) and returns what the backend saw. */
    private static RecordingBackend.Seen forward(String method, String path, String extraLines, String body)
            throws Exception {
        StringBuilder request = new StringBuilder()
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(host)
                .append("\r\n")
                .append("Authorization: Bearer ")
                .append(token)
                .append("\r\n");
        if (extraLines != null) {
            request.append(extraLines).append("\r\n");
        }
        if (!body.isEmpty()) {
            request.append("Content-Length: ").append(body.length()).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n").append(body);

        RawHttp.Answer answer = RawHttp.exchange(gateway.port(), request.toString(), 10_000);

        assertThat(answer.firstStatus()).as(answer.text()).isEqualTo(200);
        RecordingBackend.Seen seen = backend.next();
        assertThat(seen.rawUri()).isEqualTo(path);
        return seen;
    }

    private static void assertGatewaysOwnView(RecordingBackend.Seen seen) throws Exception {
        assertThat(seen.header("Host")).containsExactly(host);
        assertThat(seen.header("Via")).containsExactly("1.1 patgate");
        assertThat(seen.header("Forwarded")).containsExactly("for=\"127.0.0.1\";host=\"" + host + "\";proto=http");
        assertThat(seen.header("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(seen.header("X-Forwarded-Proto")).containsExactly("http");
        assertThat(seen.header("X-Forwarded-Host")).containsExactly(host);
        assertThat(seen.header(IdentityJws.HEADER)).hasSize(1);
        assertThat(IdentityJws.verify(seen.header(IdentityJws.HEADER).get(0), identityKey)
                        .get("sub")
                        .asText())
                .isEqualTo("alice");
        for (String name : seen.headers().keySet()) {
            if (!isSetByGateway(name)) {
                assertThat(ProxyHeaders.isNetworkClaim(name))
                        .as("unexpected network header %s", name)
                        .isFalse();
            }
        }
    }

    private static boolean isSetByGateway(String lowerName) {
        return List.of("host", "via", "forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host")
                .contains(lowerName);
    }
}
