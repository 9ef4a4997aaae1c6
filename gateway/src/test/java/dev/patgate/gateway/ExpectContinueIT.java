package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.config.ScopesConfig;
import dev.patgate.gateway.proxy.RawHttp;
import dev.patgate.testsupport.TestClock;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property 6: refusals cost nothing. A request sent with {@code Expect: 100-continue} and refused
 * gets its refusal as the first status line, never {@code 100 Continue} first (the client would
 * upload a body that is thrown away); an accepted one gets {@code 100 Continue}, and its body then
 * arrives. Real gateway and webdav-demo; the requests are written by hand so that the head can be
 * sent without the body and the interim answer seen.
 */
class ExpectContinueIT {

    private static final int MAX_BODY = 512;
    private static final String UNKNOWN_TOKEN = "patg_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static final AtomicInteger FILES = new AtomicInteger();

    @TempDir
    static Path home;

    private static final Map<String, String> tokens = new ConcurrentHashMap<>();
    private static ScopeFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = ScopeFixture.start(
                home,
                TestClock.atDefaultStart(),
                new ScopesConfig(
                        List.of("/dav/"),
                        "/n/node/{uuid}",
                        Duration.ofSeconds(10),
                        MAX_BODY,
                        ScopesConfig.DEFAULT_REST));
        tokens.put("unscoped", fx.issue("alice"));
        tokens.put("proj-rw", fx.issue("alice", fx.scope("personal-files/proj", "rw")));
        tokens.put("proj-r", fx.issue("alice", fx.scope("personal-files/proj", "r")));
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("no credentials", "PUT", "/dav/personal-files/proj/x.bin", null, "", 401),
                Arguments.of(
                        "unknown token", "PUT", "/dav/personal-files/proj/x.bin", "Bearer " + UNKNOWN_TOKEN, "", 401),
                Arguments.of("garbage token", "PUT", "/dav/personal-files/proj/x.bin", "Bearer nonsense", "", 401),
                Arguments.of(
                        "wrong basic-auth password",
                        "PUT",
                        "/dav/personal-files/proj/x.bin",
                        "Basic YWxpY2U6bm90LWEtdG9rZW4=",
                        "",
                        401),
                Arguments.of("malformed credentials", "PUT", "/dav/personal-files/proj/x.bin", "Basic !!!", "", 400),
                Arguments.of("two schemes", "PUT", "/dav/personal-files/proj/x.bin", "Bearer a, Basic b", "", 400),
                Arguments.of(
                        "scope refusal: outside the folder",
                        "PUT",
                        "/dav/personal-files/other/x.bin",
                        "proj-rw",
                        "",
                        403),
                Arguments.of(
                        "scope refusal: read-only token writes",
                        "PUT",
                        "/dav/personal-files/proj/x.bin",
                        "proj-r",
                        "",
                        403),
                Arguments.of("scope refusal: an ancestor", "PUT", "/dav/personal-files/x.bin", "proj-rw", "", 403),
                Arguments.of(
                        "too large to check",
                        "POST",
                        "/a/tree/create",
                        "proj-rw",
                        "Content-Type: application/json\r\n",
                        413),
                Arguments.of(
                        "dot segment in the raw path", "PUT", "/dav/personal-files/proj/../x.bin", "unscoped", "", 400),
                Arguments.of(
                        "unknown content coding",
                        "PUT",
                        "/dav/personal-files/proj/x.bin",
                        "unscoped",
                        "Content-Encoding: x-evil\r\n",
                        415),
                Arguments.of("outside the routes", "PUT", "/elsewhere/x.bin", "unscoped", "", 404),
                // routes whose body the gateway reads ahead, before the filter or the token API runs
                Arguments.of(
                        "body read ahead: unknown token",
                        "POST",
                        "/a/tree/stats",
                        "Bearer " + UNKNOWN_TOKEN,
                        "Content-Type: application/json\r\n",
                        401),
                Arguments.of(
                        "body read ahead: wrong basic-auth password",
                        "POST",
                        "/a/tree/stats",
                        "Basic YWxpY2U6bm90LWEtdG9rZW4=",
                        "Content-Type: application/json\r\n",
                        401),
                Arguments.of(
                        "body read ahead: malformed credentials",
                        "POST",
                        "/a/tree/create",
                        "Basic !!!",
                        "Content-Type: application/json\r\n",
                        400),
                Arguments.of(
                        "token API: a token instead of a password",
                        "POST",
                        "/patgate/tokens",
                        "unscoped",
                        "Content-Type: application/json\r\n",
                        401),
                Arguments.of(
                        "token API: a user the directory does not know",
                        "POST",
                        "/patgate/tokens",
                        "Basic bWFsbG9yeTpzZWNyZXQtcGFzcw==",
                        "Content-Type: application/json\r\n",
                        401));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void requestWhenRefusedAndExpects100ContinueThenTheRefusalComesFirstAndNo100(
            String name, String method, String path, String credential, String extraHeaders, int refusal)
            throws Exception {
        // A body of unknown length has to be read to learn that it is too large: that one row is sized only.
        List<String> framings = refusal == 413
                ? List.of("Content-Length: 4096\r\n")
                : List.of("Content-Length: 4096\r\n", "Transfer-Encoding: chunked\r\n");
        for (String framing : framings) {
            try (Socket socket = new Socket("127.0.0.1", fx.gateway.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(head(method, path, credential, extraHeaders + framing).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();

                InputStream in = socket.getInputStream();
                String first = RawHttp.readHead(in);
                String rest = RawHttp.readAll(in).text();

                assertThat(first).as("%s, %s", name, framing).startsWith("HTTP/1.1 " + refusal + " ");
                assertThat(first + rest).as("%s, %s", name, framing).doesNotContain("100 Continue");
            }
        }
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("unscoped, content-length", "unscoped", "personal-files/proj/", true),
                Arguments.of("unscoped, chunked", "unscoped", "personal-files/other/", false),
                Arguments.of("scoped rw inside the folder, content-length", "proj-rw", "personal-files/proj/", true),
                Arguments.of("scoped rw inside the folder, chunked", "proj-rw", "personal-files/proj/sub/", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void putWhenAcceptedAndExpects100ContinueThen100ThenTheBodyArrives(
            String name, String token, String folder, boolean sized) throws Exception {
        String file = folder + "continued-" + FILES.incrementAndGet() + ".txt";
        String content = "uploaded after 100 Continue: " + name;
        String framing = sized ? "Content-Length: " + content.length() + "\r\n" : "Transfer-Encoding: chunked\r\n";
        String body = sized ? content : Integer.toHexString(content.length()) + "\r\n" + content + "\r\n0\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", fx.gateway.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head("PUT", "/dav/" + file, token, framing).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            InputStream in = socket.getInputStream();
            String interim = RawHttp.readHead(in);
            assertThat(interim).startsWith("HTTP/1.1 100 ");
            out.write(body.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answer = RawHttp.readHead(in);

            assertThat(answer).matches("(?s)HTTP/1\\.1 20[01] .*");
        }
        assertThat(fx.backend.as("alice", "GET", "/dav/" + file, null).body()).isEqualTo(content);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unscoped", "proj-rw"})
    void restBodyReadAheadWhenTheTokenIsGoodAndExpects100ContinueThen100ThenTheAnswer(String token) throws Exception {
        String body = "{\"NodePaths\":[\"personal-files/proj\"]}";
        try (Socket socket = new Socket("127.0.0.1", fx.gateway.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head(
                            "POST",
                            "/a/tree/stats",
                            token,
                            "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            InputStream in = socket.getInputStream();
            assertThat(RawHttp.readHead(in)).startsWith("HTTP/1.1 100 ");
            out.write(body.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            assertThat(RawHttp.readHead(in)).startsWith("HTTP/1.1 200 ");
        }
    }

    private static String head(String method, String path, String credential, String extraHeaders) {
        String authorization = credential == null
                ? ""
                : "Authorization: " + (tokens.containsKey(credential) ? "Bearer " + tokens.get(credential) : credential)
                        + "\r\n";
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + fx.gateway.port() + "\r\n" + authorization
                + extraHeaders + "Expect: 100-continue\r\n\r\n";
    }
}
