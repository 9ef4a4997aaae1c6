package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.auth.IssuedToken;
import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.config.AccessLogConfig;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.gateway.observe.AccessLog;
import dev.patgate.testsupport.LogCapture;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access log of a real gateway in front of the demo backend, read back from its file: one line
 * per request (proxied, refused, token API, health checks, unknown paths), every field, JSON lines
 * that parse, and no secret (token, password, query string, Authorization, cookie).
 */
class AccessLogIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPLOAD = "twelve bytes";
    private static final String QUERY_SECRET = "query-secret-pydio-jwt-value";
    private static final String COOKIE_SECRET = "cookie-secret-value";

    private static final Pattern TEXT_LINE = Pattern.compile("time=(\\S+) client=(\\S+) user=(\\S+) token=(\\S+)"
            + " method=(\\S+) path=(\\S+) status=(\\d{3}) in=(\\d+) out=(\\d+) duration_ms=(\\d+\\.\\d{3})"
            + " upstream_ms=(\\d+\\.\\d{3}|-)");

    @TempDir
    Path home;

    private final TestClock clock = TestClock.atDefaultStart();
    private final HttpClient http = HttpClient.newHttpClient();
    private Path logFile;

    @BeforeEach
    void createHome() throws Exception {
        TestHome.create(home, "http://127.0.0.1:1");
        logFile = home.resolve("var/log/access.log");
    }

    /** What the requests of {@link #traffic} were, to find their lines again. */
    private record Traffic(IssuedToken token, String createdToken) {}

    /**
     * Sends, through a gateway that logs in {@code format} to {@link #logFile}: an accepted GET with
     * a query, an accepted PUT with basic auth and a body, a refused unknown token, a request
     * without credentials, the token API with a password, /healthz, /readyz and an unknown path.
     * Closes the gateway, so that the log is flushed.
     */
    private Traffic traffic(AccessLogConfig.Format format) throws Exception {
        try (DemoBackend demo = DemoBackend.start(home, clock, null);
                Gateway gateway = Gateway.start(
                        GatewayConfig.defaults(home)
                                .withListen(ListenConfig.DEFAULT.withPort(0))
                                .withUpstream(UpstreamConfig.DEFAULT.withUrl(demo.uri()))
                                .withAccessLog(AccessLogConfig.DEFAULT
                                        .withFormat(format)
                                        .withFile(logFile.toString())),
                        clock)) {
            demo.put("alice", "personal-files/a.txt", "hello");
            IssuedToken token = gateway.issuer()
                    .issue(new TokenRequest("alice", null, "test", Duration.ofHours(1), null, List.of()));
            URI base = gateway.uri();
            assertThat(send(
                            base,
                            "GET",
                            "/dav/personal-files/a.txt?pydio_jwt=" + QUERY_SECRET,
                            null,
                            "Authorization",
                            "Bearer " + token.plaintext(),
                            "Cookie",
                            "session=" + COOKIE_SECRET))
                    .isEqualTo(200);
            assertThat(send(
                            base,
                            "PUT",
                            "/dav/personal-files/b.txt",
                            UPLOAD,
                            "Authorization",
                            Requests.basic("alice", token.plaintext())))
                    .isEqualTo(201);
            char changed = token.plaintext().charAt(20) == 'x' ? 'y' : 'x';
            String wrong = token.plaintext().substring(0, 20)
                    + changed
                    + token.plaintext().substring(21);
            assertThat(send(base, "GET", "/dav/personal-files/a.txt", null, "Authorization", "Bearer " + wrong))
                    .isIn(400, 401);
            assertThat(send(base, "GET", "/dav/personal-files/a.txt", null)).isEqualTo(401);
            HttpResponse<String> created = http.send(
                    Requests.builder(
                                    URI.create(base + "/patgate/tokens"),
                                    "POST",
                                    "{\"expire\": \"1h\"}",
                                    "Authorization",
                                    Requests.basic("alice", "alice-pw"),
                                    "Content-Type",
                                    "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(send(base, "GET", "/healthz", null)).isEqualTo(200);
            assertThat(send(base, "GET", "/readyz", null)).isEqualTo(200);
            assertThat(send(base, "GET", "/elsewhere?x=" + QUERY_SECRET, null)).isEqualTo(404);
            return new Traffic(token, JSON.readTree(created.body()).get("token").asText());
        }
    }

    private int send(URI base, String method, String target, String body, String... headers) throws Exception {
        return http.send(
                        Requests.builder(URI.create(base + target), method, body, headers)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void jsonWhenRequestsOfEveryKindThenOneParsableLineEachWithEveryField() throws Exception {
        Traffic traffic = traffic(AccessLogConfig.Format.JSON);

        List<String> lines = Files.readAllLines(logFile);
        assertThat(lines).hasSize(8);
        List<JsonNode> entries = new ArrayList<>();
        for (String line : lines) {
            JsonNode entry = JSON.readTree(line);
            assertThat(entry.isObject()).as(line).isTrue();
            assertThat(iterable(entry.fieldNames()))
                    .as(line)
                    .containsExactly(
                            "time",
                            "client",
                            "user",
                            "token_id",
                            "method",
                            "path",
                            "status",
                            "bytes_in",
                            "bytes_out",
                            "duration_ms",
                            "upstream_ms");
            assertThat(Instant.parse(entry.get("time").asText())).isNotNull();
            assertThat(entry.get("client").asText()).isEqualTo("127.0.0.1");
            assertThat(entry.get("duration_ms").isNumber()).as(line).isTrue();
            entries.add(entry);
        }

        JsonNode get = entries.get(0);
        assertThat(get.get("method").asText()).isEqualTo("GET");
        assertThat(get.get("path").asText()).isEqualTo("/dav/personal-files/a.txt");
        assertThat(get.get("status").asInt()).isEqualTo(200);
        assertThat(get.get("user").asText()).isEqualTo("alice");
        assertThat(get.get("token_id").asText())
                .isEqualTo(traffic.token().record().id());
        assertThat(get.get("bytes_out").asLong()).isEqualTo(5);
        assertThat(get.get("upstream_ms").isNumber()).isTrue();
        assertThat(get.get("upstream_ms").asDouble())
                .isLessThanOrEqualTo(get.get("duration_ms").asDouble());

        JsonNode put = entries.get(1);
        assertThat(put.get("method").asText()).isEqualTo("PUT");
        assertThat(put.get("status").asInt()).isEqualTo(201);
        assertThat(put.get("bytes_in").asLong()).isEqualTo(UPLOAD.length());
        assertThat(put.get("user").asText()).isEqualTo("alice");
        assertThat(put.get("upstream_ms").isNumber()).isTrue();

        for (JsonNode refused : List.of(entries.get(2), entries.get(3))) {
            assertThat(refused.get("status").asInt()).isIn(400, 401);
            assertThat(refused.get("user").isNull()).isTrue();
            assertThat(refused.get("token_id").isNull()).isTrue();
            assertThat(refused.get("upstream_ms").isNull()).isTrue();
        }
        assertThat(entries.get(4).get("path").asText()).isEqualTo("/patgate/tokens");
        assertThat(entries.get(4).get("status").asInt()).isEqualTo(201);
        assertThat(entries.get(4).get("bytes_in").asLong()).isEqualTo("{\"expire\": \"1h\"}".length());
        assertThat(entries.get(5).get("path").asText()).isEqualTo("/healthz");
        assertThat(entries.get(6).get("path").asText()).isEqualTo("/readyz");
        assertThat(entries.get(7).get("path").asText()).isEqualTo("/elsewhere");
        assertThat(entries.get(7).get("status").asInt()).isEqualTo(404);

        assertNoSecret(String.join("\n", lines), traffic);
    }

    @Test
    void textWhenRequestsOfEveryKindThenOneLineEachWithEveryField() throws Exception {
        Traffic traffic;
        try (LogCapture capture = LogCapture.start()) {
            traffic = traffic(AccessLogConfig.Format.TEXT);

            // the shipped logback.xml names the audit logger the code really writes to
            assertThat(capture.events())
                    .anySatisfy(event -> assertThat(event.getLoggerName()).isEqualTo("patgate.audit"));
            assertThat(Files.readString(Path.of("..", "config", "logback.xml")))
                    .contains("<logger name=\"patgate.audit\" level=\"INFO\"/>");
            // the access lines go to their own output only, not to the root logger's
            assertThat(capture.events())
                    .noneSatisfy(event -> assertThat(event.getLoggerName()).isEqualTo(AccessLog.LOGGER));
        }

        List<String> lines = Files.readAllLines(logFile);
        assertThat(lines).hasSize(8);
        List<Matcher> entries = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = TEXT_LINE.matcher(line);
            assertThat(matcher.matches()).as(line).isTrue();
            assertThat(Instant.parse(matcher.group(1))).isNotNull();
            assertThat(matcher.group(2)).isEqualTo("127.0.0.1");
            entries.add(matcher);
        }
        Matcher get = entries.get(0);
        assertThat(Map.of(
                        "user", get.group(3),
                        "token", get.group(4),
                        "method", get.group(5),
                        "path", get.group(6),
                        "status", get.group(7),
                        "out", get.group(9)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "user", "alice",
                        "token", traffic.token().record().id(),
                        "method", "GET",
                        "path", "/dav/personal-files/a.txt",
                        "status", "200",
                        "out", "5"));
        assertThat(get.group(11)).isNotEqualTo("-");
        assertThat(entries.get(1).group(8)).isEqualTo(Integer.toString(UPLOAD.length()));
        Matcher refused = entries.get(3);
        assertThat(refused.group(3)).isEqualTo("-");
        assertThat(refused.group(4)).isEqualTo("-");
        assertThat(refused.group(7)).isEqualTo("401");
        assertThat(refused.group(11)).isEqualTo("-");

        assertNoSecret(String.join("\n", lines), traffic);
    }

    private static void assertNoSecret(String log, Traffic traffic) {
        String plaintext = traffic.token().plaintext();
        assertThat(log)
                .doesNotContain(plaintext)
                .doesNotContain(plaintext.substring(18)) // the secret part
                .doesNotContain(traffic.createdToken())
                .doesNotContain(traffic.createdToken().substring(18))
                .doesNotContain("alice-pw")
                .doesNotContain(QUERY_SECRET)
                .doesNotContain(COOKIE_SECRET)
                .doesNotContain("pydio_jwt")
                .doesNotContain("?")
                .doesNotContain("Basic")
                .doesNotContain("Bearer");
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
