package dev.patgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.Gateway;
import dev.patgate.gateway.TestHome;
import dev.patgate.gateway.config.ConfigLoader;
import dev.patgate.testsupport.IdentityJws;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.KeyFile;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the assertion binds is what the backend receives: for raw request lines of every shape the
 * gateway forwards, to an upstream URL with a base path, {@code htm} equals the method the backend
 * saw and {@code htt} the raw target it saw, byte for byte.
 */
class IdentityBindingIT {

    @TempDir
    static Path home;

    private static final TestClock clock = TestClock.atDefaultStart();
    private static RecordingBackend backend;
    private static Gateway gateway;
    private static String token;
    private static byte[] identityKey;

    @BeforeAll
    static void start() throws Exception {
        backend = new RecordingBackend();
        TestHome.create(home, "http://unused.invalid");
        Files.writeString(
                home.resolve("config/gateway.yaml"),
                "listen: {port: 0}\nupstream: {url: '" + backend.uri() + "/base/'}\n");
        gateway = Gateway.start(ConfigLoader.load(home.resolve("config/gateway.yaml"), home, Map.of()), clock);
        identityKey = KeyFile.load(gateway.config().identityKeyFile());
        token = gateway.issuer()
                .issue(new TokenRequest("alice", "it", "test", Duration.ofHours(1), null, List.of()))
                .plaintext();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        backend.close();
    }

    static Stream<Arguments> requestLines() {
        return Stream.of(
                Arguments.of("GET", "/dav/personal-files/"),
                Arguments.of("GET", "/dav/personal-files"),
                Arguments.of("PROPFIND", "/dav/personal-files/a%20b/"),
                Arguments.of("PUT", "/dav/personal-files/caf%C3%A9.txt"),
                Arguments.of("PUT", "/dav/personal-files/caf%c3%a9.txt"),
                Arguments.of("PUT", "/dav/personal-files/cafe%CC%81.txt"),
                Arguments.of("DELETE", "/dav/personal-files/a+b"),
                Arguments.of("MKCOL", "/dav/personal-files/%E2%82%AC/"),
                Arguments.of("COPY", "/dav/personal-files/x'y(z)!*~"),
                Arguments.of("LOCK", "/dav/personal-files/%41"),
                Arguments.of("GET", "/dav/personal-files/x?"),
                Arguments.of("GET", "/dav/personal-files/x?a=1&b=%2F%20&c"),
                Arguments.of("GET", "/dav/personal-files/x?b=2&a=1"),
                Arguments.of("GET", "/dav/personal-files/x?q=%C3%A9+%26"),
                Arguments.of("GET", "/dav/personal-files/x;p=1"),
                Arguments.of("POST", "/a/tree/stats"),
                Arguments.of("GET", "/a/tree/stat/personal-files/a%20b"),
                Arguments.of("GET", "/n/node/0f8e7c1a-3b2d-4c5e-9f60-718293a4b5c6"),
                Arguments.of("OPTIONS", "/dav/"),
                Arguments.of("HEAD", "/dav/personal-files/x.txt"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requestLines")
    void proxyWhenRequestLineHasAnyShapeThenHtmAndHttAreWhatTheBackendReceived(String method, String target)
            throws Exception {
        int status = raw(method, target);

        RecordingBackend.Seen seen = backend.next();
        assertThat(status).as("status").isEqualTo(200);
        assertThat(seen.rawUri()).isEqualTo("/base" + target);
        JsonNode claims = IdentityJws.verify(seen.header(IdentityJws.HEADER).get(0), identityKey);
        assertThat(claims.get("htm").textValue()).isEqualTo(seen.method()).isEqualTo(method);
        assertThat(claims.get("htt").textValue()).isEqualTo(seen.rawUri());
        assertThat(claims.get("exp").longValue() - claims.get("iat").longValue())
                .isEqualTo(60);
    }

    private static int raw(String method, String target) throws Exception {
        String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + gateway.port()
                + "\r\nAuthorization: Bearer " + token + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(answer.split(" ", 3)[1]);
        }
    }
}
