package dev.patgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.Gateway;
import dev.patgate.gateway.TestHome;
import dev.patgate.gateway.config.ConfigLoader;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.tls.ServerCertificate;
import dev.patgate.gateway.tls.TestCertificates;
import dev.patgate.testsupport.TestClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code patgate serve} over TLS, with real handshakes against certificates made for the test: the
 * protocols and cipher suites offered, the proxy over HTTP/1.1 and HTTP/2, a certificate renewed on
 * disk, and the plain-HTTP listener that only redirects.
 */
class TlsIT {

    @TempDir
    static Path home;

    private static TestCertificates ca;
    private static RecordingBackend backend;
    private static Gateway gateway;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCertificates.newCa();
        Path tls = Files.createDirectories(home.resolve("tls"));
        TestCertificates.Issued server = ca.server("RSA", 1001);
        ca.writeChain(server, tls.resolve("fullchain.pem"));
        TestCertificates.writePkcs8(server, tls.resolve("privkey.pem"));
        backend = new RecordingBackend();
        TestHome.create(home, "http://unused.invalid");
        Files.writeString(home.resolve("config/gateway.yaml"), """
                listen:
                  port: 0
                  redirect_port: 0
                  tls: {cert: tls/fullchain.pem, key: tls/privkey.pem, http2: true}
                upstream: {url: '%s'}
                """.formatted(backend.uri()));
        GatewayConfig config = ConfigLoader.load(home.resolve("config/gateway.yaml"), home, Map.of());
        gateway = Gateway.start(config, TestClock.atDefaultStart());
        token = gateway.issuer()
                .issue(new TokenRequest("alice", "it", "test", Duration.ofHours(24), null, List.of()))
                .plaintext();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        backend.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void handshakeWhenTls12Or13ThenAcceptedWithAnAllowedSuite(String protocol) throws Exception {
        try (SSLSocket socket = handshake(protocol)) {
            assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
            assertThat(ServerCertificate.CIPHER_SUITES)
                    .contains(socket.getSession().getCipherSuite());
        }
    }

    @Test
    void handshakeWhenTls11ThenRefusedWhileTheSameHelloAsTls12IsAnswered() throws Exception {
        // ECDHE with AES128-GCM (RSA and ECDSA: the certificate may have been renewed as EC), AES128-SHA,
        // RSA-AES128-SHA
        int[] suites = {0xc02f, 0xc02b, 0xc013, 0xc009, 0x002f};

        assertThat(firstRecordType(clientHello(0x0303, suites))).as("TLS 1.2").isEqualTo(HANDSHAKE);
        assertThat(firstRecordType(clientHello(0x0302, suites))).as("TLS 1.1").isIn(ALERT, CLOSED);
        assertThat(firstRecordType(clientHello(0x0301, suites))).as("TLS 1.0").isIn(ALERT, CLOSED);
    }

    @Test
    void handshakeWhenTls12OffersOnlyCbcOrStaticRsaSuitesThenRefused() throws Exception {
        // ECDHE-RSA/ECDSA with AES-CBC, then static RSA with AES-CBC and AES-GCM
        assertThat(firstRecordType(clientHello(0x0303, 0xc013, 0xc014, 0xc009, 0xc00a, 0x002f, 0x009c)))
                .isIn(ALERT, CLOSED);
    }

    @Test
    void handshakeWhenClientAllowsOnlyTls11ThenNoConnection() {
        assertThatThrownBy(() -> handshake("TLSv1.1")).isInstanceOf(IOException.class);
    }

    @Test
    void proxyWhenHttp11OverTlsThenTheBackendGetsTheRequestAsHttps() throws Exception {
        HttpClient client = client(HttpClient.Version.HTTP_1_1);

        HttpResponse<String> answer = client.send(
                HttpRequest.newBuilder(gateway.uri().resolve("/dav/personal-files/tls.txt?x=1"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        RecordingBackend.Seen seen = backend.next();
        assertThat(seen.rawUri()).isEqualTo("/dav/personal-files/tls.txt?x=1");
        assertThat(seen.header("X-Forwarded-Proto")).containsExactly("https");
        assertThat(seen.header("Authorization")).isEmpty();
    }

    @Test
    void proxyWhenHttp2ThenGetAndPutReachTheBackend() throws Exception {
        HttpClient client = client(HttpClient.Version.HTTP_2);
        byte[] body = "sent over HTTP/2\n".repeat(5000).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> put = client.send(
                HttpRequest.newBuilder(gateway.uri().resolve("/dav/personal-files/h2.txt"))
                        .header("Authorization", "Bearer " + token)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        RecordingBackend.Seen putSeen = backend.next();
        HttpResponse<String> get = client.send(
                HttpRequest.newBuilder(gateway.uri().resolve("/dav/personal-files/h2.txt"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        RecordingBackend.Seen getSeen = backend.next();

        assertThat(put.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(putSeen.method()).isEqualTo("PUT");
        assertThat(putSeen.bodyBytes()).isEqualTo(body.length);
        assertThat(putSeen.bodySha256()).isEqualTo(RecordingBackend.sha256(new java.io.ByteArrayInputStream(body)));
        assertThat(get.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(getSeen.method()).isEqualTo("GET");
        String authority = "127.0.0.1:" + gateway.port();
        assertThat(getSeen.header("Host")).containsExactly(authority);
        assertThat(getSeen.header("X-Forwarded-Proto")).containsExactly("https");
        assertThat(getSeen.header("Authorization")).isEmpty();
    }

    @Test
    void pageSignInOverTlsThenTheSessionCookieIsSecure() throws Exception {
        String origin = "https://127.0.0.1:" + gateway.port();
        HttpResponse<String> answer = client(HttpClient.Version.HTTP_1_1)
                .send(
                        HttpRequest.newBuilder(gateway.uri().resolve("/patgate/session"))
                                .header("Content-Type", "application/json")
                                .header("Origin", origin)
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"login\": \"alice\", \"password\": \"alice-pw\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Set-Cookie").orElseThrow())
                .contains("HttpOnly")
                .contains("SameSite=Strict")
                .containsPattern("; ?Secure(;|$)");
        assertThat(backend.isQuiet()).isTrue();
    }

    @Test
    void proxyWhenHttp2WithoutTokenThen401AndNothingForwarded() throws Exception {
        HttpResponse<String> answer = client(HttpClient.Version.HTTP_2)
                .send(
                        HttpRequest.newBuilder(gateway.uri().resolve("/dav/personal-files/h2.txt"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(backend.isQuiet()).isTrue();
    }

    @Test
    void checkCertificateWhenFilesReplacedThenNewConnectionsGetTheNewCertificate() throws Exception {
        BigInteger before = servedSerial();
        TestCertificates.Issued renewed = ca.server("EC", before.longValue() + 1);
        Path tls = home.resolve("tls");

        assertThat(gateway.checkCertificate()).as("nothing changed yet").isFalse();
        ca.writeChain(renewed, tls.resolve("fullchain.pem.new"));
        TestCertificates.writePkcs8(renewed, tls.resolve("privkey.pem.new"));
        Files.move(
                tls.resolve("fullchain.pem.new"),
                tls.resolve("fullchain.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(gateway.checkCertificate()).as("certificate without its key").isFalse();
        assertThat(servedSerial()).isEqualTo(before);
        Files.move(
                tls.resolve("privkey.pem.new"),
                tls.resolve("privkey.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(gateway.checkCertificate()).isTrue();

        assertThat(servedSerial()).isEqualTo(before.add(BigInteger.ONE));
        HttpResponse<String> answer = client(HttpClient.Version.HTTP_1_1)
                .send(
                        HttpRequest.newBuilder(gateway.uri().resolve("/dav/personal-files/renewed.txt"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(backend.next().rawUri()).isEqualTo("/dav/personal-files/renewed.txt");
    }

    @Test
    void redirectListenerWhenAnyRequestThen308ToHttpsAndNothingForwarded() throws Exception {
        String request = "PUT /dav/personal-files/plain.txt?a=1&b=2 HTTP/1.1\r\nHost: 127.0.0.1:"
                + gateway.redirectPort() + "\r\nAuthorization: Bearer " + token
                + "\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";

        RawHttp.Answer answer = RawHttp.exchange(gateway.redirectPort(), request, 10_000);

        assertThat(answer.firstStatus()).isEqualTo(308);
        assertThat(answer.header("Location"))
                .containsExactly("https://127.0.0.1:" + gateway.port() + "/dav/personal-files/plain.txt?a=1&b=2");
        assertThat(backend.isQuiet()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/healthz", "/patgate/tokens", "/elsewhere"})
    void redirectListenerWhenGatewaysOwnPathsThenAlsoOnlyRedirects(String path) throws Exception {
        String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWRtaW46YWRtaW4tcHc=\r\n"
                + "Connection: close\r\n\r\n";

        RawHttp.Answer answer = RawHttp.exchange(gateway.redirectPort(), request, 10_000);

        assertThat(answer.firstStatus()).isEqualTo(308);
        assertThat(answer.header("Location")).containsExactly("https://localhost:" + gateway.port() + path);
        assertThat(answer.text()).doesNotContain("ok\n").doesNotContain("[");
        assertThat(backend.isQuiet()).isTrue();
    }

    @Test
    void plainHttpOnTheTlsPortThenNoAnswerIsServed() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(
                gateway.port(),
                "GET /dav/personal-files/x HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                        + "\r\nConnection: close\r\n\r\n",
                10_000);

        assertThat(answer.firstStatus()).isEqualTo(-1);
        assertThat(backend.isQuiet()).isTrue();
    }

    private static SSLSocket handshake(String protocol) throws IOException {
        SSLSocket socket = (SSLSocket) ca.clientContext().getSocketFactory().createSocket("127.0.0.1", gateway.port());
        try {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            return socket;
        } catch (IOException | IllegalArgumentException e) {
            socket.close();
            throw e instanceof IOException io ? io : new SSLHandshakeException(e.getMessage());
        }
    }

    private static BigInteger servedSerial() throws IOException {
        try (SSLSocket socket = handshake("TLSv1.3")) {
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder()
                .sslContext(ca.clientContext())
                .version(version)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static final int HANDSHAKE = 0x16;
    private static final int ALERT = 0x15;
    private static final int CLOSED = -1;

    /** The content type of the first TLS record the gateway answers a raw ClientHello with, or -1 when it closes. */
    private static int firstRecordType(byte[] hello) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(hello);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            try {
                return in.read();
            } catch (java.net.SocketException e) {
                return CLOSED;
            }
        }
    }

    /**
     * A ClientHello written byte by byte, so that the client is not limited by its own JDK's policy
     * (which refuses TLS 1.1 before sending anything): the version asked for, the cipher suites given,
     * and the extensions an ECDHE handshake needs (groups x25519 and P-256, uncompressed points, RSA
     * and ECDSA signatures with SHA-256).
     */
    private static byte[] clientHello(int version, int... suites) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        short16(body, version);
        body.writeBytes(new byte[32]); // client random: any bytes will do for the first answer
        body.write(0); // no session id
        short16(body, suites.length * 2);
        for (int suite : suites) {
            short16(body, suite);
        }
        body.write(1);
        body.write(0); // null compression
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        extension(extensions, 0x000a, new byte[] {0, 4, 0, 0x1d, 0, 0x17});
        extension(extensions, 0x000b, new byte[] {1, 0});
        extension(extensions, 0x000d, new byte[] {0, 6, 0x08, 0x04, 0x04, 0x01, 0x04, 0x03});
        short16(body, extensions.size());
        body.writeBytes(extensions.toByteArray());
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(HANDSHAKE);
        short16(record, 0x0301);
        short16(record, body.size() + 4);
        record.write(1); // ClientHello
        record.write(0);
        short16(record, body.size());
        record.writeBytes(body.toByteArray());
        return record.toByteArray();
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        short16(out, type);
        short16(out, data.length);
        out.writeBytes(data);
    }

    private static void short16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value & 0xff);
    }
}
