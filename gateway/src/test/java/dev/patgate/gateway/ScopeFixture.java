package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.LimitsConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.ScopesConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.testsupport.Challenges;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.Scope;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A real webdav-demo and a real gateway in front of it (shared {@link TestClock}, a failure limit
 * too high to interfere), alice's node tree that the scope tests aim at, and requests that know
 * whether they reached the backend: each carries a unique {@value #CASE_HEADER} that the backend's
 * request listener records, so "not forwarded" is checked at the backend, not guessed from a status.
 *
 * <pre>
 * personal-files/proj/            the usual scoped folder
 * personal-files/proj/a.txt
 * personal-files/proj/sub/b.txt
 * personal-files/projects/p.txt   a sibling whose name starts with "proj"
 * personal-files/other/o.txt
 * common-files/stuff/c.txt
 * </pre>
 */
final class ScopeFixture implements AutoCloseable {

    static final String PROPPATCH_BODY = """
            <?xml version="1.0" encoding="utf-8"?>
            <D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:patgate-test">
              <D:set><D:prop><Z:colour>red</Z:colour></D:prop></D:set>
            </D:propertyupdate>""";
    static final String LOCK_BODY = """
            <?xml version="1.0" encoding="utf-8"?>
            <D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope>
              <D:locktype><D:write/></D:locktype><D:owner>scope-it</D:owner></D:lockinfo>""";
    static final String REPORT_BODY = """
            <?xml version="1.0" encoding="utf-8"?>
            <D:expand-property xmlns:D="DAV:"><D:property name="displayname"/></D:expand-property>""";

    private static final String CASE_HEADER = "X-Scope-Case";
    private static final Duration LIFETIME = Duration.ofDays(60);

    final TestClock clock;
    final Path home;
    final DemoBackend backend;
    final Gateway gateway;
    private final Set<String> reached;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong caseIds = new AtomicLong();

    private ScopeFixture(TestClock clock, Path home, DemoBackend backend, Gateway gateway, Set<String> reached) {
        this.clock = clock;
        this.home = home;
        this.backend = backend;
        this.gateway = gateway;
        this.reached = reached;
    }

    /** Starts both servers and creates alice's tree; {@code home} becomes a test PATGATE_HOME. */
    static ScopeFixture start(Path home, TestClock clock, ScopesConfig scopes) throws Exception {
        return start(home, clock, scopes, null);
    }

    /** As {@link #start(Path, TestClock, ScopesConfig)}; the backend runs {@code restAnswers} once each REST answer is ready. */
    static ScopeFixture start(Path home, TestClock clock, ScopesConfig scopes, Consumer<String> restAnswers)
            throws Exception {
        return start(home, clock, scopes, restAnswers, ListenConfig.DEFAULT.withPort(0));
    }

    /** As {@link #start(Path, TestClock, ScopesConfig)}, listening as {@code listen} says (its port should be 0). */
    static ScopeFixture startListening(Path home, TestClock clock, ScopesConfig scopes, ListenConfig listen)
            throws Exception {
        return start(home, clock, scopes, null, listen);
    }

    private static ScopeFixture start(
            Path home, TestClock clock, ScopesConfig scopes, Consumer<String> restAnswers, ListenConfig listen)
            throws Exception {
        Set<String> reached = ConcurrentHashMap.newKeySet();
        DemoBackend backend =
                DemoBackend.start(home, clock, seen -> reached.addAll(seen.header(CASE_HEADER)), restAnswers);
        Gateway gateway = null;
        try {
            TestHome.create(home, backend.url());
            gateway = Gateway.start(
                    GatewayConfig.defaults(home)
                            .withListen(listen)
                            .withUpstream(UpstreamConfig.DEFAULT.withUrl(backend.uri()))
                            .withLimits(LimitsConfig.DEFAULT.withFreeFailures(100_000))
                            .withScopes(scopes),
                    clock);
            ScopeFixture fixture = new ScopeFixture(clock, home, backend, gateway, reached);
            fixture.createTree();
            return fixture;
        } catch (Exception | Error e) {
            if (gateway != null) {
                gateway.close();
            }
            backend.close();
            throw e;
        }
    }

    private void createTree() throws Exception {
        mkdirs("alice", "personal-files/proj/sub");
        put("alice", "personal-files/proj/a.txt", "alpha");
        put("alice", "personal-files/proj/sub/b.txt", "beta");
        mkdirs("alice", "personal-files/projects");
        put("alice", "personal-files/projects/p.txt", "projects");
        mkdirs("alice", "personal-files/other");
        put("alice", "personal-files/other/o.txt", "other");
        mkdirs("alice", "common-files/stuff");
        put("alice", "common-files/stuff/c.txt", "common");
    }

    /** Creates a folder (and its parents) straight at the backend; returns its UUID. */
    String mkdirs(String login, String path) throws Exception {
        return backend.mkdirs(login, path);
    }

    /** Writes a file straight at the backend; returns its UUID. */
    String put(String login, String path, String content) throws Exception {
        return backend.put(login, path, content);
    }

    /** {@code node:<uuid of alice's path>:<perm>}. */
    String scope(String path, String permission) throws Exception {
        return scope("alice", path, permission);
    }

    String scope(String login, String path, String permission) throws Exception {
        return "node:" + uuid(login, path) + ":" + permission;
    }

    /** The UUID of a node as {@code login} sees it now, asked of the backend. */
    String uuid(String login, String path) throws Exception {
        return backend.uuid(login, path);
    }

    /** Issues a token valid for 60 days (the tests move the clock by seconds only) with these scopes. */
    String issue(String login, String... scopes) {
        return gateway.issuer()
                .issue(new TokenRequest(
                        login,
                        "scope-it",
                        "test",
                        LIFETIME,
                        null,
                        Arrays.stream(scopes).map(Scope::parse).toList()))
                .plaintext();
    }

    /** A request to the gateway; {@code path} is sent exactly as given (raw, still percent-encoded). */
    Call call(String method, String path) {
        return new Call(method, path);
    }

    /** {@code http://127.0.0.1:port}, as clients address the gateway (and as Destination must). */
    String gatewayBase() {
        return "http://127.0.0.1:" + gateway.port();
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            backend.close();
        }
    }

    /** What came back, and whether the backend saw the request. */
    record Exchange(
            int status, List<String> challenges, String body, boolean forwarded, Map<String, List<String>> headers) {

        /** The first value of a response header (name in any case), or null. */
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }

        /** 403 from the gateway naming the permission needed, and nothing reached the backend. */
        Exchange assertScopeRefused(String permission) {
            assertThat(status).as("status; body %s", body).isEqualTo(403);
            assertThat(challenges).containsExactly(Challenges.insufficientScope(permission));
            if (!body.isEmpty()) { // HEAD
                assertThat(body).startsWith("{\"error\":\"insufficient_scope\"").doesNotContain("files/");
            }
            assertThat(forwarded).as("reached the backend").isFalse();
            return this;
        }

        /** 403 from the gateway where no scope would help (unknown method or REST route). */
        Exchange assertRefusedWithoutScopeHint() {
            assertThat(status).as("status; body %s", body).isEqualTo(403);
            assertThat(challenges).containsExactly(Challenges.INSUFFICIENT_SCOPE);
            assertThat(forwarded).as("reached the backend").isFalse();
            return this;
        }

        /** 400 invalid_request from the token filter, and nothing reached the backend. */
        Exchange assertInvalidRequest() {
            assertThat(status).as("status; body %s", body).isEqualTo(400);
            assertThat(challenges).containsExactly(Challenges.BASIC, Challenges.INVALID_REQUEST);
            assertThat(body)
                    .startsWith("{\"error\":\"invalid_request\",\"error_description\":\"malformed request: ")
                    .doesNotContain("files/");
            assertThat(forwarded).as("reached the backend").isFalse();
            return this;
        }

        /** Answered by the gateway without a challenge (Jetty, the proxy, 413, 502); nothing reached the backend. */
        Exchange assertAnsweredByGateway(int expectedStatus) {
            assertThat(status).as("status; body %s", body).isEqualTo(expectedStatus);
            assertThat(challenges).isEmpty();
            assertThat(forwarded).as("reached the backend").isFalse();
            return this;
        }

        /** Forwarded, and answered with this status (the backend's own). */
        Exchange assertForwarded(int expectedStatus) {
            assertThat(forwarded)
                    .as("reached the backend; status %d body %s", status, body)
                    .isTrue();
            assertThat(status).as("status; body %s", body).isEqualTo(expectedStatus);
            return this;
        }

        /** The backend's own error answer (4xx or 5xx, without a gateway challenge). */
        Exchange assertRefusedByBackend() {
            assertThat(status).as("status; body %s", body).isGreaterThanOrEqualTo(400);
            return this;
        }

        /** Forwarded, and answered by the backend with whatever it says (never a gateway refusal). */
        Exchange assertForwarded() {
            assertThat(forwarded)
                    .as("reached the backend; status %d body %s", status, body)
                    .isTrue();
            assertThat(challenges).as("a gateway challenge").isEmpty();
            return this;
        }
    }

    /** A request being put together; {@link #send()} through java.net.http, {@link #sendRaw()} over a socket. */
    final class Call {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final List<String> extraLines = new ArrayList<>();
        private String body;
        private String directLogin = "alice";

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Call token(String token) {
            return token == null ? this : header("Authorization", "Bearer " + token);
        }

        Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Call depth(String depth) {
            return depth == null || depth.isEmpty() ? this : header("Depth", depth);
        }

        /** {@code Destination: http://127.0.0.1:port<path>}; nothing for null or empty. */
        Call destination(String destinationPath) {
            return destinationPath == null || destinationPath.isEmpty()
                    ? this
                    : header("Destination", gatewayBase() + destinationPath);
        }

        /** A header line added as is to {@link #sendRaw()} requests only, e.g. a repeated header. */
        Call rawHeaderLine(String line) {
            extraLines.add(line);
            return this;
        }

        Call body(String text) {
            this.body = text;
            return this;
        }

        Exchange send() throws Exception {
            String caseId = nextCaseId();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gatewayBase() + path))
                    .timeout(Duration.ofSeconds(20))
                    .header(CASE_HEADER, caseId)
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Exchange(
                    response.statusCode(),
                    response.headers().allValues("WWW-Authenticate"),
                    response.body(),
                    reached.contains(caseId),
                    response.headers().map());
        }

        /**
         * Writes the request line and headers by hand, so that targets java.net.http refuses or
         * rewrites (raw backslash, {@code ..}, control bytes) reach the gateway exactly as given.
         */
        Exchange sendRaw() throws Exception {
            String caseId = nextCaseId();
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder()
                    .append(method)
                    .append(' ')
                    .append(path)
                    .append(" HTTP/1.1\r\n")
                    .append(CASE_HEADER)
                    .append(": ")
                    .append(caseId)
                    .append("\r\n");
            if (!headers.containsKey("Host")) {
                head.append("Host: 127.0.0.1:").append(gateway.port()).append("\r\n");
            }
            headers.forEach((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            extraLines.forEach(line -> head.append(line).append("\r\n"));
            head.append("Content-Length: ")
                    .append(content.length)
                    .append("\r\n")
                    .append("Connection: close\r\n\r\n");
            try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(content);
                out.flush();
                InputStream in = socket.getInputStream();
                String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                return parseRaw(answer, reached.contains(caseId));
            }
        }

        /** Sends the same request straight to the backend as {@code login}, for its own answer. */
        int directStatus(String login) throws Exception {
            Map<String, String> direct = new LinkedHashMap<>(headers);
            direct.remove("Authorization");
            return backend.as(login, method, path, body, direct).statusCode();
        }

        /** Sends through java.net.http and checks the outcome; see {@link #check}. */
        Exchange expect(String outcome) throws Exception {
            return check(send(), outcome);
        }

        /** Sends over a raw socket and checks the outcome; see {@link #check}. */
        Exchange expectRaw(String outcome) throws Exception {
            return check(sendRaw(), outcome);
        }

        /**
         * The outcomes the tables name: {@code 403 read} and {@code 403 write} (scope refusal naming
         * the permission), {@code 403} (refusal no scope would lift), {@code 400} (invalid_request),
         * {@code NNN gateway} (answered by the gateway without a challenge and not forwarded: Jetty's
         * own URI checks, the proxy's raw-path check, 413 for a body too large to check, 502 when
         * the backend cannot resolve a scope),
         * a number (forwarded, and the backend answered that), {@code backend} (forwarded, and the
         * answer is the one the backend gives alice for the same request sent straight to it; for
         * reads only), {@code fwd} (forwarded, whatever the backend said), {@code backend refuses}
         * (forwarded, and the backend answered with an error of its own).
         */
        private Exchange check(Exchange exchange, String outcome) throws Exception {
            switch (outcome) {
                case "403 read" -> exchange.assertScopeRefused("read");
                case "403 write" -> exchange.assertScopeRefused("write");
                case "403" -> exchange.assertRefusedWithoutScopeHint();
                case "400" -> exchange.assertInvalidRequest();
                case "fwd" -> exchange.assertForwarded();
                case "backend refuses" -> exchange.assertForwarded().assertRefusedByBackend();
                case "backend" -> exchange.assertForwarded(directStatus(directLogin));
                default -> {
                    if (outcome.endsWith(" gateway")) {
                        exchange.assertAnsweredByGateway(Integer.parseInt(outcome.substring(0, 3)));
                    } else {
                        exchange.assertForwarded(Integer.parseInt(outcome));
                    }
                }
            }
            return exchange;
        }

        /** Whose view {@code backend} outcomes compare with; alice unless told. */
        Call directAs(String login) {
            this.directLogin = login;
            return this;
        }
    }

    private String nextCaseId() {
        return "case-" + caseIds.incrementAndGet();
    }

    private static Exchange parseRaw(String answer, boolean forwarded) {
        int headEnd = answer.indexOf("\r\n\r\n");
        String head = headEnd < 0 ? answer : answer.substring(0, headEnd);
        String body = headEnd < 0 ? "" : answer.substring(headEnd + 4);
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        assertThat(statusLine[0]).as("status line %s", lines[0]).startsWith("HTTP/1.");
        List<String> challenges = new ArrayList<>();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String name = lines[i].substring(0, colon);
                String value = lines[i].substring(colon + 1).trim();
                headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
                if (name.equalsIgnoreCase("WWW-Authenticate")) {
                    challenges.add(value);
                }
            }
        }
        return new Exchange(Integer.parseInt(statusLine[1]), challenges, body, forwarded, headers);
    }
}
