package dev.patgate.filter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.auth.Refusal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one writer puts every kind of refusal on the wire as documented: status, exact challenges,
 * {@code Retry-After}, {@code Cache-Control}, body, and {@code Connection: close} only where it is
 * due. (A body left unread, with or without {@code Expect: 100-continue}, is covered through the whole
 * gateway by ExpectContinueIT and the body tests of issue 8.) A real Jetty serves a servlet that refuses with the refusal the test names.
 */
class ChallengeWriterIT {

    static final String BASIC = "Basic realm=\"patgate\", charset=\"UTF-8\"";
    static final AuthenticatedToken ALICE = new AuthenticatedToken("alice", "tokenid12345", List.of(), Instant.EPOCH);

    /** The refusals, by index; the request's {@code case} parameter picks one. */
    static final List<Refusal> CASES = List.of(
            Refusal.missing(),
            Refusal.invalidRequest("basic credentials have no colon"),
            Refusal.invalidRequest("Destination refused: not this gateway", ALICE),
            Refusal.invalidToken("wrong secret", "tokenid12345", "alice"),
            Refusal.insufficientScope("target outside the token's write scopes", ALICE, "write"),
            Refusal.insufficientScope("request names no target", ALICE, null),
            Refusal.bodyTooLarge(ALICE),
            Refusal.rateLimited(17),
            Refusal.storeUnavailable(),
            Refusal.upstreamUnavailable("scope resolution failed: timeout", ALICE));

    static Server server;
    static URI base;
    static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        ChallengeWriter writer = new ChallengeWriter("patgate");
        server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(
                new ServletHolder(new HttpServlet() {
                    @Override
                    protected void service(HttpServletRequest request, HttpServletResponse response)
                            throws IOException {
                        if (request.getParameter("read") != null) {
                            request.getInputStream().readAllBytes();
                        }
                        response.setHeader("X-Before", "dropped by the reset");
                        writer.write(request, response, CASES.get(Integer.parseInt(request.getParameter("case"))));
                    }
                }),
                "/*");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    /** case, status, challenges, Retry-After (or null), exact body. */
    static Stream<Arguments> answers() {
        return Stream.of(
                arguments(
                        0,
                        401,
                        List.of(BASIC, "Bearer realm=\"patgate\""),
                        null,
                        "{\"error\":\"unauthorized\",\"error_description\":\"credentials required: a token as Bearer, "
                                + "or as the basic-auth password with your login\"}\n"),
                arguments(
                        1,
                        400,
                        List.of(BASIC, "Bearer realm=\"patgate\", error=\"invalid_request\""),
                        null,
                        "{\"error\":\"invalid_request\",\"error_description\":\"malformed credentials: "
                                + "basic credentials have no colon\"}\n"),
                arguments(
                        2,
                        400,
                        List.of(BASIC, "Bearer realm=\"patgate\", error=\"invalid_request\""),
                        null,
                        "{\"error\":\"invalid_request\",\"error_description\":\"malformed request: "
                                + "Destination refused: not this gateway\"}\n"),
                arguments(
                        3,
                        401,
                        List.of(BASIC, "Bearer realm=\"patgate\", error=\"invalid_token\""),
                        null,
                        "{\"error\":\"invalid_token\",\"error_description\":\"the token is unknown, expired, revoked, "
                                + "or not this user's\"}\n"),
                arguments(
                        4,
                        403,
                        List.of("Bearer realm=\"patgate\", error=\"insufficient_scope\", scope=\"write\""),
                        null,
                        "{\"error\":\"insufficient_scope\",\"error_description\":\"the token's scopes do not "
                                + "allow this request; write permission is needed\"}\n"),
                arguments(
                        5,
                        403,
                        List.of("Bearer realm=\"patgate\", error=\"insufficient_scope\""),
                        null,
                        "{\"error\":\"insufficient_scope\",\"error_description\":\"the token's scopes do not "
                                + "allow this request\"}\n"),
                arguments(
                        6,
                        413,
                        List.of(),
                        null,
                        "{\"error\":\"body_too_large\",\"error_description\":\"the body "
                                + "is too large for a scoped token's request\"}\n"),
                arguments(
                        7,
                        429,
                        List.of(),
                        "17",
                        "{\"error\":\"too_many_failures\",\"error_description\":\"too many "
                                + "failed attempts; retry after 17 s\"}\n"),
                arguments(
                        8,
                        503,
                        List.of(),
                        "5",
                        "{\"error\":\"temporarily_unavailable\",\"error_description\":\"the "
                                + "token store cannot be reached; try again shortly\"}\n"),
                arguments(
                        9,
                        502,
                        List.of(),
                        "5",
                        "{\"error\":\"upstream_unavailable\",\"error_description\":\"the "
                                + "backend cannot say where the token's scoped nodes are; try again shortly\"}\n"));
    }

    @ParameterizedTest(name = "case {0}: {1}")
    @MethodSource("answers")
    void writeWhenRefusedWithoutBodyThenDocumentedAnswer(
            int index, int status, List<String> challenges, String retryAfter, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(base.resolve("?case=" + index)).GET().build(),
                HttpResponse.BodyHandlers.ofString(UTF_8));

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactlyElementsOf(challenges);
        assertThat(response.headers().firstValue("Retry-After")).isEqualTo(java.util.Optional.ofNullable(retryAfter));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type ->
                        assertThat(type.replace(" ", "").toLowerCase()).isEqualTo("application/json;charset=utf-8"));
        assertThat(response.headers().firstValue("X-Before")).isEmpty();
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.headers().firstValue("Connection").isPresent()).isEqualTo(index == 6);
    }

    @ParameterizedTest(name = "case {0}: {1}")
    @MethodSource("answers")
    void writeWhenBodyReadToTheEndThenConnectionKeptUnlessTooLarge(
            int index, int status, List<String> challenges, String retryAfter, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(base.resolve("?read=1&case=" + index))
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"nodes\":[\"/a\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString(UTF_8));

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactlyElementsOf(challenges);
        assertThat(response.headers().firstValue("Connection").isPresent()).isEqualTo(index == 6);
        assertThat(response.body()).isEqualTo(body);
    }
}
