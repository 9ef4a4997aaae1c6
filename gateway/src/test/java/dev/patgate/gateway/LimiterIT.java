package dev.patgate.gateway;

import static dev.patgate.testsupport.Requests.basic;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.testsupport.LogCapture;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.PersonalToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failure limiter on a real gateway in front of a real webdav-demo, with the shipped limits.
 * Requests go out over plain sockets bound to chosen loopback source addresses (127.0.0.2,
 * 127.0.0.3, ...), so that the gateway sees several clients. The clock never moves unless a test
 * moves it, so a wait earned in a test lasts until the test moves time.
 */
class LimiterIT {

    private static final String FILE = "/dav/personal-files/limits/a.txt";
    private static final String API = "/patgate/tokens";
    private static final int FLOODERS = 4;
    private static final int FLOOD = 400;

    @TempDir
    Path home;

    final TestClock clock = TestClock.atDefaultStart();
    final SecureRandom random = new SecureRandom();
    DemoBackend demo;
    Gateway gateway;
    LogCapture log;

    @BeforeEach
    void start() throws Exception {
        TestHome.create(home, "http://127.0.0.1:1");
        demo = DemoBackend.start(home, clock, null);
        gateway = Gateway.start(
                GatewayConfig.defaults(home)
                        .withListen(ListenConfig.DEFAULT.withPort(0))
                        .withUpstream(UpstreamConfig.DEFAULT.withUrl(demo.uri())),
                clock);
        demo.put("alice", "personal-files/limits/a.txt", "alice's file");
        log = LogCapture.start();
    }

    @AfterEach
    void stop() {
        log.close();
        gateway.close();
        demo.close();
    }

    @Test
    void tokenWhenItsAddressFloodsBadTokensThenTheValidToken200ThroughoutAndTheFlood429WithRetryAfter()
            throws Exception {
        String valid = createToken("alice");
        assertThat(send("127.0.0.1", "GET", FILE, "Bearer " + valid).status()).isEqualTo(200);

        ConcurrentLinkedQueue<Answer> flood = new ConcurrentLinkedQueue<>();
        List<Integer> validStatuses = new ArrayList<>();
        ExecutorService flooders = Executors.newFixedThreadPool(FLOODERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < FLOODERS; t++) {
                running.add(flooders.submit(() -> {
                    for (int i = 0; i < FLOOD / FLOODERS; i++) {
                        flood.add(send("127.0.0.1", "GET", FILE, "Bearer " + randomToken()));
                    }
                    return null;
                }));
            }
            while (running.stream().anyMatch(f -> !f.isDone())) {
                validStatuses.add(
                        send("127.0.0.1", "GET", FILE, "Bearer " + valid).status());
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            flooders.shutdownNow();
        }
        validStatuses.add(send("127.0.0.1", "GET", FILE, "Bearer " + valid).status());

        assertThat(validStatuses).hasSizeGreaterThan(1).containsOnly(200);
        assertThat(flood).hasSize(FLOOD);
        List<Answer> limited = flood.stream().filter(a -> a.status() == 429).toList();
        List<Answer> refused = flood.stream().filter(a -> a.status() == 401).toList();
        assertThat(limited.size() + refused.size()).isEqualTo(FLOOD);
        assertThat(refused.size())
                .as("10 free failures, the 11th earns the first wait; a few more race past while it is counted")
                .isBetween(11, 11 + FLOODERS);
        assertThat(limited).allSatisfy(a -> {
            assertThat(a.header("Retry-After")).isNotNull();
            assertThat(Long.parseLong(a.header("Retry-After"))).isBetween(1L, 30L);
            assertThat(a.header("WWW-Authenticate")).isNull();
        });
        assertThat(send("127.0.0.2", "GET", FILE, "Bearer " + randomToken()).status())
                .as("another address has its own budget")
                .isEqualTo(401);
        assertThat(log.text()).doesNotContain(valid);
    }

    @Test
    void tokenWhenAnAddressFailsWithBasicAuthThenTheRefusalNamesTheLoginTriedAndNoSecret() throws Exception {
        String valid = createToken("alice");
        assertThat(send("127.0.0.3", "GET", FILE, basic("alice", valid)).status())
                .isEqualTo(200);
        List<String> tried = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String token = randomToken();
            tried.add(token);
            send("127.0.0.3", "GET", FILE, basic("mallory", token));
        }

        Answer limited = send("127.0.0.3", "GET", FILE, basic("mallory", randomToken()));
        Answer served = send("127.0.0.3", "GET", FILE, basic("alice", valid));

        assertThat(limited.status()).isEqualTo(429);
        assertThat(served.status()).isEqualTo(200);
        assertThat(log.text())
                .contains("outcome=rate_limited")
                .contains("login=mallory")
                .contains("client=127.0.0.3");
        for (String token : tried) {
            assertThat(log.text()).doesNotContain(token);
        }
    }

    @Test
    void passwordWhenOneLoginFailsFromManyAddressesThenTheLoginWaitsWhateverTheAddress() throws Exception {
        String token = createToken("bob");
        demo.put("bob", "personal-files/limits/b.txt", "bob's file");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 2; i <= 8; i++) {
            statuses.add(
                    send("127.0.0." + i, "GET", API, basic("bob", "guess" + i)).status());
        }

        Answer right = send("127.0.0.9", "GET", API, basic("bob", "bob-pw"));
        Answer otherLogin = send("127.0.0.9", "GET", API, basic("alice", "alice-pw"));
        Answer bobsToken = send("127.0.0.9", "GET", "/dav/personal-files/limits/b.txt", "Bearer " + token);

        assertThat(statuses)
                .as("5 free failures, the 6th earns a wait, spread over 7 addresses")
                .containsExactly(401, 401, 401, 401, 401, 401, 429);
        assertThat(right.status()).as("not even checked while the login waits").isEqualTo(429);
        assertThat(right.header("Retry-After")).isEqualTo("1");
        assertThat(otherLogin.status()).isEqualTo(200);
        assertThat(bobsToken.status()).as("tokens keep an account of their own").isEqualTo(200);
        assertThat(log.text())
                .contains("reason=\"too many failures\" login=bob")
                .doesNotContain("guess2")
                .doesNotContain("bob-pw");

        clock.advance(Duration.ofSeconds(2));

        assertThat(send("127.0.0.9", "GET", API, basic("bob", "bob-pw")).status())
                .isEqualTo(200);
    }

    private String createToken(String login) throws Exception {
        Answer created = send(
                "127.0.0.1", "POST", API, basic(login, login + "-pw"), "{\"expire\": \"1h\", \"label\": \"limits\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new ObjectMapper().readTree(created.body()).get("token").asText();
    }

    private String randomToken() {
        return PersonalToken.generate(random).value();
    }

    private Answer send(String source, String method, String path, String authorization) throws IOException {
        return send(source, method, path, authorization, null);
    }

    /** One HTTP/1.1 exchange on a fresh connection from {@code source}, closed after the answer. */
    private Answer send(String source, String method, String path, String authorization, String body)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", gateway.uri().getPort()), 5_000);
            socket.setSoTimeout(30_000);
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder()
                    .append(method)
                    .append(' ')
                    .append(path)
                    .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
            if (authorization != null) {
                head.append("Authorization: ").append(authorization).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ")
                        .append(content.length)
                        .append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(ISO_8859_1));
            out.write(content);
            out.flush();
            return Answer.parse(socket.getInputStream());
        }
    }

    /** Status, headers (names in lower case, the last of each) and body of one answer. */
    record Answer(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        static Answer parse(InputStream in) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end < 0 ? text.length() : end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            String body = end < 0 ? "" : text.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            return new Answer(status, headers, body);
        }

        private static String dechunk(String chunked) {
            StringBuilder body = new StringBuilder();
            int at = 0;
            while (true) {
                int eol = chunked.indexOf("\r\n", at);
                int size = Integer.parseInt(
                        chunked.substring(at, eol).split(";")[0].trim(), 16);
                if (size == 0) {
                    return body.toString();
                }
                body.append(chunked, eol + 2, eol + 2 + size);
                at = eol + 2 + size + 2;
            }
        }
    }
}
