package dev.patgate.filter;

import static dev.patgate.testsupport.Requests.basic;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.auth.FailureLimiter;
import dev.patgate.auth.IssuedToken;
import dev.patgate.auth.TokenIssuer;
import dev.patgate.auth.TokenRequest;
import dev.patgate.store.JdbcTokenStore;
import dev.patgate.testing.CountingTokenStore;
import dev.patgate.testsupport.Challenges;
import dev.patgate.testsupport.LogCapture;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.PersonalToken;
import dev.patgate.token.Scope;
import dev.patgate.token.TokenDigester;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The filter in a real Jetty 12 server on an ephemeral port, spoken to over HTTP. Asserts the
 * exact answers of DESIGN.md's "Credentials and answers" table and what reaches the application.
 */
class PatgateFilterIT {

    static final String SCOPE_UUID = "6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab";
    static final String NOT_A_TOKEN = "n0tAT0kenButAS3cret";

    @TempDir
    Path dir;

    final TestClock clock = TestClock.atDefaultStart();
    final TokenDigester digester = new TokenDigester(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32
    });
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final EchoServlet echo = new EchoServlet();
    LogCapture log;
    JdbcTokenStore sqlite;
    CountingTokenStore store;
    TokenIssuer issuer;
    Patgate patgate;
    Server server;
    URI base;

    @BeforeEach
    void start() throws Exception {
        sqlite = JdbcTokenStore.open("jdbc:sqlite:" + dir.resolve("patgate.db"), null, null);
        store = new CountingTokenStore(sqlite);
        issuer = new TokenIssuer(sqlite, digester, clock, null);
        serve(builder().failureLimit(freeFailures(1000)));
        log = LogCapture.start();
    }

    @AfterEach
    void stop() throws Exception {
        log.close();
        if (server != null) {
            server.stop();
        }
        patgate.close();
        sqlite.close();
    }

    static FailureLimiter.Policy freeFailures(int free) {
        return new FailureLimiter.Policy(free, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(15));
    }

    Patgate.Builder builder() {
        return Patgate.builder().store(store).digester(digester).clock(clock);
    }

    void serve(Patgate.Builder builder) throws Exception {
        if (server != null) {
            server.stop();
            patgate.close();
        }
        patgate = builder.build();
        patgate.pollRevocations();
        server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(new FilterHolder(patgate.filter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(echo), "/*");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    IssuedToken issue(Duration hard, Duration sliding, Scope... scopes) {
        return issuer.issue(new TokenRequest("alice", "it", "admin", hard, sliding, List.of(scopes)));
    }

    HttpResponse<byte[]> send(String method, String pathAndQuery, String... headers) throws Exception {
        return http.send(
                Requests.builder(base.resolve(pathAndQuery), method, null, headers)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String... headers) throws Exception {
        return send("GET", "/dav/personal-files/a.txt", headers);
    }

    static String secretOf(String plaintext) {
        try {
            return PersonalToken.parse(plaintext).secret();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void requestWhenNoCredentialsThen401WithBothChallengesAndNoErrorCode() throws Exception {
        HttpResponse<byte[]> response = get();

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly(Challenges.BASIC, Challenges.BEARER);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(echo.requests).isEmpty();
        assertThat(log.text()).contains("outcome=missing").contains("client=127.0.0.1 method=GET");
    }

    static Stream<Arguments> malformed() {
        String s = NOT_A_TOKEN;
        return Stream.of(
                Arguments.of("bare Basic", List.of("Authorization", "Basic"), "", "basic scheme without credentials"),
                Arguments.of("bare Bearer", List.of("Authorization", "Bearer"), "", "bearer scheme without a token"),
                Arguments.of(
                        "bad base64",
                        List.of("Authorization", "Basic " + s + "!*"),
                        "",
                        "basic credentials are not base64"),
                Arguments.of(
                        "base64 without colon",
                        List.of(
                                "Authorization",
                                "Basic " + Base64.getEncoder().encodeToString(("alice" + s).getBytes(UTF_8))),
                        "",
                        "basic credentials have no colon"),
                Arguments.of(
                        "two schemes",
                        List.of("Authorization", "Bearer " + s + ", Basic " + s),
                        "",
                        "bearer token has invalid characters"),
                Arguments.of(
                        "bad token characters",
                        List.of("Authorization", "Bearer " + s + "@{}"),
                        "",
                        "bearer token has invalid characters"),
                Arguments.of(
                        "two Authorization headers",
                        List.of("Authorization", "Bearer " + s, "Authorization", "Bearer " + s + "2"),
                        "",
                        "several Authorization headers"),
                Arguments.of(
                        "unknown scheme",
                        List.of("Authorization", "Digest username=\"alice\", nonce=\"" + s + "\""),
                        "",
                        "unsupported authorization scheme"),
                Arguments.of("token in the query", List.of(), "?access_token=" + s, "token in query string"),
                Arguments.of(
                        "token in the query beside a header",
                        List.of("Authorization", "Bearer " + s),
                        "?x=1&access_token=" + s,
                        "token in query string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void requestWhenHeaderMalformedThen400InvalidRequestWithoutEcho(
            String name, List<String> headers, String query, String reason) throws Exception {
        HttpResponse<byte[]> response =
                send("GET", "/dav/personal-files/a.txt" + query, headers.toArray(String[]::new));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly(Challenges.BASIC, Challenges.INVALID_REQUEST);
        assertThat(new String(response.body(), UTF_8))
                .startsWith("{\"error\":\"invalid_request\"")
                .doesNotContain(NOT_A_TOKEN)
                .doesNotContain("alice");
        assertThat(echo.requests).isEmpty();
        assertThat(lastAuditLine(log.text())).contains("outcome=invalid_request reason=\"" + reason + "\"");
        assertThat(log.text()).doesNotContain(NOT_A_TOKEN);
    }

    /** Each case arranges the world and returns the headers to send; the token it spoils is {@code issued}. */
    enum BadToken {
        UNKNOWN(true) {
            @Override
            String[] arrange(PatgateFilterIT t, IssuedToken issued) {
                return new String[] {
                    "Authorization",
                    "Bearer " + PersonalToken.generate(new SecureRandom()).value()
                };
            }
        },
        WRONG_SECRET(true) {
            @Override
            String[] arrange(PatgateFilterIT t, IssuedToken issued) {
                String secret = secretOf(issued.plaintext());
                String other = new StringBuilder(secret).reverse().toString();
                return new String[] {
                    "Authorization",
                    "Bearer " + new PersonalToken(issued.record().id(), other).value()
                };
            }
        },
        BAD_CHECKSUM(false) {
            @Override
            String[] arrange(PatgateFilterIT t, IssuedToken issued) {
                String p = issued.plaintext();
                char last = p.charAt(p.length() - 1);
                return new String[] {
                    "Authorization", "Bearer " + p.substring(0, p.length() - 1) + (last == 'a' ? 'b' : 'a')
                };
            }
        },
        EXPIRED(true) {
            @Override
            String[] arrange(PatgateFilterIT t, IssuedToken issued) {
                t.clock.advance(Duration.ofHours(1));
                return new String[] {"Authorization", "Bearer " + issued.plaintext()};
            }
        },
        REVOKED_BY_ANOTHER_PROCESS(true) {
            @Override
            String[] arrange(PatgateFilterIT t, IssuedToken issued) throws Exception {
                assertThat(t.get("Authorization", "Bearer " + issued.plaintext())
                                .statusCode())
                        .isEqualTo(200);
                try (JdbcTokenStore cli =
                        JdbcTokenStore.open("jdbc:sqlite:" + t.dir.resolve("patgate.db"), null, null)) {
                    assertThat(cli.revoke(issued.record().id(), t.clock.instant()))
                            .isTrue();
                }
                t.patgate.pollRevocations();
                return new String[] {"Authorization", "Bearer " + issued.plaintext()};
            }
        },
        BASIC_USERNAME_NOT_OWNER(true) {
            @Override
            String[] arrange(PatgateFilterIT t, IssuedToken issued) {
                return new String[] {"Authorization", basic("bob", issued.plaintext())};
            }
        },
        BASIC_PASSWORD_NOT_A_TOKEN(false) {
            @Override
            String[] arrange(PatgateFilterIT t, IssuedToken issued) {
                return new String[] {"Authorization", basic("alice", NOT_A_TOKEN)};
            }
        };

        /** Whether the audit line can name the token id. */
        final boolean idKnown;

        BadToken(boolean idKnown) {
            this.idKnown = idKnown;
        }

        abstract String[] arrange(PatgateFilterIT t, IssuedToken issued) throws Exception;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BadToken.class)
    void requestWhenTokenBadThen401InvalidTokenWithTheSameBodyForEveryReason(BadToken bad) throws Exception {
        byte[] unknownTokenBody = get(
                        "Authorization",
                        "Bearer " + PersonalToken.generate(new SecureRandom()).value())
                .body();
        IssuedToken issued = issue(Duration.ofHours(1), null);
        String[] headers = bad.arrange(this, issued);
        echo.requests.clear();

        HttpResponse<byte[]> response = get(headers);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly(Challenges.BASIC, Challenges.INVALID_TOKEN);
        assertThat(response.body()).isEqualTo(unknownTokenBody);
        assertThat(new String(response.body(), UTF_8)).startsWith("{\"error\":\"invalid_token\"");
        assertThat(echo.requests).isEmpty();
        String logged = log.text();
        assertThat(logged)
                .contains("outcome=invalid_token")
                .doesNotContain(issued.plaintext())
                .doesNotContain(secretOf(issued.plaintext()))
                .doesNotContain(headers[1])
                .doesNotContain(headers[1].substring(headers[1].indexOf(' ') + 1))
                .doesNotContain(NOT_A_TOKEN);
        if (bad.idKnown) {
            assertThat(lastAuditLine(logged)).contains("outcome=invalid_token").contains("token=");
            assertThat(lastAuditLine(logged)).doesNotContain("token=-");
        }
        if (bad != BadToken.UNKNOWN && bad.idKnown) {
            assertThat(lastAuditLine(logged))
                    .contains("token=" + issued.record().id());
        }
    }

    @Test
    void requestWhenScopedTokenAndNoScopeEnforcementThen403OnGetAndOnOptions() throws Exception {
        IssuedToken scoped = issue(Duration.ofHours(1), null, Scope.parse("node:" + SCOPE_UUID + ":rw"));

        HttpResponse<byte[]> refused = get("Authorization", "Bearer " + scoped.plaintext());
        HttpResponse<byte[]> options =
                send("OPTIONS", "/dav/personal-files/", "Authorization", "Bearer " + scoped.plaintext());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().allValues("WWW-Authenticate")).containsExactly(Challenges.INSUFFICIENT_SCOPE);
        assertThat(new String(refused.body(), UTF_8)).startsWith("{\"error\":\"insufficient_scope\"");
        assertThat(options.statusCode()).isEqualTo(403);
        assertThat(options.headers().allValues("WWW-Authenticate")).containsExactly(Challenges.INSUFFICIENT_SCOPE);
        assertThat(echo.requests).isEmpty();
        assertThat(log.text())
                .contains("outcome=insufficient_scope")
                .contains("token=" + scoped.record().id())
                .doesNotContain(scoped.plaintext());
    }

    @Test
    void requestWhenClientKeepsFailingThenFailures429WithGrowingRetryAfterAndItsValidTokenStill200() throws Exception {
        serve(builder().failureLimit(freeFailures(3)));
        IssuedToken valid = issue(Duration.ofHours(2), null);
        assertThat(get("Authorization", "Bearer " + valid.plaintext()).statusCode())
                .isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(get().statusCode()).as("no credentials is not a failure").isEqualTo(401);
        }
        String unknown = "Bearer " + PersonalToken.generate(new SecureRandom()).value();
        assertThat(get("Authorization", unknown).statusCode()).isEqualTo(401);
        assertThat(get("Authorization", "Basic !!").statusCode()).isEqualTo(400);
        assertThat(get("Authorization", basic("alice", NOT_A_TOKEN)).statusCode())
                .isEqualTo(401);
        assertThat(get("Authorization", unknown).statusCode())
                .as("the fourth failure is answered, then waits 1 s")
                .isEqualTo(401);

        List<String> waits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> limited = get("Authorization", basic("alice", NOT_A_TOKEN));
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().allValues("WWW-Authenticate")).isEmpty();
            waits.add(limited.headers().firstValue("Retry-After").orElseThrow());
            HttpResponse<byte[]> served = get("Authorization", "Bearer " + valid.plaintext());
            assertThat(served.statusCode()).as("a valid token between failures").isEqualTo(200);
        }

        assertThat(waits).containsExactly("1", "2", "4");
        assertThat(echo.requests).hasSize(4);
        assertThat(lastAuditLine(log.text())).contains("outcome=accepted").contains("user=alice");
        assertThat(log.text())
                .contains("outcome=rate_limited reason=\"too many failures: malformed token\" user=alice login=alice")
                .doesNotContain(NOT_A_TOKEN)
                .doesNotContain(valid.plaintext());
    }

    @Test
    void requestWhenOverBudgetAndTheTokenIsNotCachedThenReadFromTheStoreAndServed() throws Exception {
        serve(builder().failureLimit(freeFailures(0)));
        IssuedToken valid = issue(Duration.ofHours(2), null);
        String unknown = "Bearer " + PersonalToken.generate(new SecureRandom()).value();
        assertThat(get("Authorization", unknown).statusCode()).isEqualTo(401);
        long readsBefore = store.findByIdCount();

        HttpResponse<byte[]> flood = get("Authorization", unknown);
        HttpResponse<byte[]> uncached = get("Authorization", "Bearer " + valid.plaintext());

        assertThat(flood.statusCode()).isEqualTo(429);
        assertThat(uncached.statusCode())
                .as("a valid token is never refused with 429, cached or not")
                .isEqualTo(200);
        assertThat(store.findByIdCount())
                .as("one lookup for the unknown id, one for the valid token")
                .isEqualTo(readsBefore + 2);
        assertThat(lastAuditLine(log.text()))
                .contains("outcome=accepted")
                .contains("token=" + valid.record().id());
    }

    enum Presentation {
        BEARER {
            @Override
            String header(IssuedToken t) {
                return "Bearer " + t.plaintext();
            }
        },
        BEARER_LOWER_CASE_SCHEME {
            @Override
            String header(IssuedToken t) {
                return "bearer " + t.plaintext();
            }
        },
        BASIC {
            @Override
            String header(IssuedToken t) {
                return basic("alice", t.plaintext());
            }
        };

        abstract String header(IssuedToken t);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Presentation.class)
    void requestWhenTokenValidThen200AndTheAppSeesTheTokenButNoAuthorizationHeader(Presentation presentation)
            throws Exception {
        IssuedToken issued = issue(Duration.ofHours(1), Duration.ofMinutes(10));
        String authorization = presentation.header(issued);

        HttpResponse<byte[]> response = send(
                "PROPFIND",
                "/dav/personal-files/",
                "Authorization",
                authorization,
                "X-Request-Id",
                "r-42",
                "Depth",
                "1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(echo.requests).singleElement().satisfies(seen -> {
            assertThat(seen.headers())
                    .doesNotContainKey("authorization")
                    .containsEntry("x-request-id", List.of("r-42"))
                    .containsEntry("depth", List.of("1"));
            assertThat(seen.authorization()).isNull();
            assertThat(seen.authorizations()).isEmpty();
            assertThat(seen.token().login()).isEqualTo("alice");
            assertThat(seen.token().tokenId()).isEqualTo(issued.record().id());
            assertThat(seen.token().validUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        });
        String logged = log.text();
        assertThat(logged)
                .contains("outcome=accepted user=alice token=" + issued.record().id()
                        + " client=127.0.0.1 method=PROPFIND");
        assertThat(logged)
                .doesNotContain(issued.plaintext())
                .doesNotContain(secretOf(issued.plaintext()))
                .doesNotContain(authorization.substring(authorization.indexOf(' ') + 1));
        assertThat(patgate.flush()).isEqualTo(1);
        assertThat(sqlite.findById(issued.record().id()).orElseThrow().lastUsedIp())
                .isEqualTo("127.0.0.1");
    }

    @Test
    void startWhenTokensLiveThenFirstRequestsNeedNoLookupAndRevocationsStillLand() throws Exception {
        List<IssuedToken> tokens = List.of(
                issue(Duration.ofHours(1), null),
                issue(null, Duration.ofMinutes(10)),
                issue(Duration.ofHours(1), Duration.ofMinutes(10)));
        serve(builder().failureLimit(freeFailures(1000)));

        patgate.start();

        for (IssuedToken token : tokens) {
            assertThat(get("Authorization", "Bearer " + token.plaintext()).statusCode())
                    .isEqualTo(200);
        }
        assertThat(store.findByIdCount()).isZero();
        sqlite.revoke(tokens.get(0).record().id(), clock.instant());
        patgate.pollRevocations();
        assertThat(get("Authorization", "Bearer " + tokens.get(0).plaintext()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void startWhenRevokedOrUsedElsewhereThenTheScheduledTasksPollAndFlushAtTheirIntervals() throws Exception {
        RecordedTasks tasks = new RecordedTasks();
        IssuedToken revoked = issue(Duration.ofHours(1), null);
        IssuedToken sliding = issue(null, Duration.ofMinutes(10));
        serve(builder()
                .revocationPollInterval(Duration.ofMillis(250))
                .flushInterval(Duration.ofSeconds(3))
                .backgroundTasks(() -> tasks));
        patgate.start();
        assertThat(tasks.intervals()).containsExactlyInAnyOrder(Duration.ofMillis(250), Duration.ofSeconds(3));
        assertThat(get("Authorization", "Bearer " + revoked.plaintext()).statusCode())
                .isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        assertThat(get("Authorization", "Bearer " + sliding.plaintext()).statusCode())
                .isEqualTo(200);

        sqlite.revoke(revoked.record().id(), clock.instant()); // as the CLI or another gateway would
        assertThat(get("Authorization", "Bearer " + revoked.plaintext()).statusCode())
                .as("cached until the next poll")
                .isEqualTo(200);
        tasks.run(Duration.ofMillis(250));
        assertThat(get("Authorization", "Bearer " + revoked.plaintext()).statusCode())
                .isEqualTo(401);

        assertThat(sqlite.findById(sliding.record().id()).orElseThrow().lastUsedAt())
                .isNull();
        tasks.run(Duration.ofSeconds(3));
        assertThat(sqlite.findById(sliding.record().id()).orElseThrow().lastUsedAt())
                .isEqualTo(clock.instant());

        patgate.close();
        assertThat(tasks.closed).isTrue();
    }

    /** Background tasks that run only when the test says so. */
    static final class RecordedTasks implements BackgroundTasks {
        private final Map<Duration, List<Runnable>> tasks = new java.util.concurrent.ConcurrentHashMap<>();
        volatile boolean closed;

        @Override
        public void every(Duration interval, Runnable task) {
            tasks.computeIfAbsent(interval, i -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(task);
        }

        List<Duration> intervals() {
            return tasks.entrySet().stream()
                    .flatMap(e -> e.getValue().stream().map(t -> e.getKey()))
                    .toList();
        }

        void run(Duration interval) {
            tasks.getOrDefault(interval, List.of()).forEach(Runnable::run);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void startWhenPreloadOffOrStoreUnreadableThenTokensAreLookedUpOnFirstUse() throws Exception {
        IssuedToken issued = issue(Duration.ofHours(1), null);
        serve(builder().preload(false));
        patgate.start();
        assertThat(get("Authorization", "Bearer " + issued.plaintext()).statusCode())
                .isEqualTo(200);
        assertThat(store.findByIdCount()).isEqualTo(1);

        serve(builder());
        store.failReads(true);
        patgate.start();
        store.failReads(false);

        assertThat(get("Authorization", "Bearer " + issued.plaintext()).statusCode())
                .isEqualTo(200);
        assertThat(store.findByIdCount()).isEqualTo(2);
        assertThat(log.text()).contains("warming the token cache failed").doesNotContain(issued.plaintext());
    }

    @Test
    void requestWhenStoreUnreachableThen503NotCountedAsFailure() throws Exception {
        serve(builder().failureLimit(freeFailures(0)));
        IssuedToken issued = issue(Duration.ofHours(1), null);
        store.failReads(true);

        HttpResponse<byte[]> first = get("Authorization", "Bearer " + issued.plaintext());
        HttpResponse<byte[]> second = get("Authorization", "Bearer " + issued.plaintext());

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(new String(first.body(), UTF_8)).doesNotContain(issued.plaintext());
        assertThat(store.findByIdCount())
                .as("while away, the store is tried at most once a second")
                .isEqualTo(1);
        store.failReads(false);
        clock.advance(Duration.ofSeconds(1));
        assertThat(get("Authorization", "Bearer " + issued.plaintext()).statusCode())
                .isEqualTo(200);
        assertThat(log.text()).doesNotContain(issued.plaintext()).doesNotContain(secretOf(issued.plaintext()));
    }

    private static String lastAuditLine(String logged) {
        String last = null;
        for (String line : logged.split("\n")) {
            if (line.contains("patgate.audit")) {
                last = line;
            }
        }
        assertThat(last).as("an audit line").isNotNull();
        return last;
    }

    record Seen(
            String method,
            Map<String, List<String>> headers,
            String authorization,
            List<String> authorizations,
            AuthenticatedToken token) {}

    /** The application behind the filter: records what it was given and answers 200. */
    static final class EchoServlet extends HttpServlet {

        final List<Seen> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String name : Collections.list(request.getHeaderNames())) {
                headers.put(name.toLowerCase(Locale.ROOT), Collections.list(request.getHeaders(name)));
            }
            requests.add(new Seen(
                    request.getMethod(),
                    headers,
                    request.getHeader("Authorization"),
                    Collections.list(request.getHeaders("authorization")),
                    (AuthenticatedToken) request.getAttribute(AuthenticatedToken.ATTRIBUTE)));
            response.setStatus(200);
            response.setContentType("text/plain");
            response.getWriter().write("ok");
        }
    }
}
