package dev.patgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.testsupport.IdentityJws;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IdentityIT {

    private static final String REFUSAL = "missing or invalid gateway identity\n";

    @TempDir
    Path data;

    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Each case makes a header value for a PROPFIND of a target from the server's signer; null means no header. */
    static Stream<Arguments> identities() {
        long now = Instant.now().getEpochSecond();
        return Stream.of(
                Arguments.of("missing", (Case) (signer, target) -> null, 401),
                Arguments.of("garbage", (Case) (signer, target) -> "Bearer patg_xyz", 401),
                Arguments.of(
                        "bad signature",
                        (Case) (signer, target) -> new IdentityJws(IdentityJws.newKey())
                                .sign("mallory", Instant.now(), "PROPFIND", target),
                        401),
                Arguments.of(
                        "expired",
                        (Case) (signer, target) -> signer.signJws(
                                IdentityJws.JOSE_HEADER,
                                IdentityJws.claims("mallory", now - 120, now - 60, "PROPFIND", target)
                                        .toString()),
                        401),
                Arguments.of(
                        "issued in the future",
                        (Case) (signer, target) -> signer.signJws(
                                IdentityJws.JOSE_HEADER,
                                IdentityJws.claims("mallory", now + 300, now + 360, "PROPFIND", target)
                                        .toString()),
                        401),
                Arguments.of(
                        "lifetime of two hours",
                        (Case) (signer, target) -> signer.signJws(
                                IdentityJws.JOSE_HEADER,
                                IdentityJws.claims("mallory", now, now + 7200, "PROPFIND", target)
                                        .toString()),
                        401),
                Arguments.of(
                        "typ JWT",
                        (Case) (signer, target) -> signer.signJws(
                                "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                                IdentityJws.claims("mallory", now, now + 60, "PROPFIND", target)
                                        .toString()),
                        401),
                Arguments.of(
                        "made for GET",
                        (Case) (signer, target) -> signer.sign("mallory", Instant.now(), "GET", target),
                        401),
                Arguments.of(
                        "made for another target",
                        (Case) (signer, target) ->
                                signer.sign("mallory", Instant.now(), "PROPFIND", "/dav/common-files/"),
                        401),
                Arguments.of(
                        "good",
                        (Case) (signer, target) -> signer.sign("mallory", Instant.now(), "PROPFIND", target),
                        207));
    }

    interface Case extends BiFunction<IdentityJws, String, String> {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("identities")
    void requestWhenIdentityCheckedThenOnlyAGoodOneGetsThrough(String name, Case header, int status) {
        for (String path :
                new String[] {"/dav/personal-files/", "/a/tree/stat/personal-files", "/n/node/x", "/elsewhere"}) {
            String value = header.apply(server.signer, path);
            var request =
                    server.request(null, "PROPFIND", path).method("PROPFIND", HttpRequest.BodyPublishers.noBody());
            if (value != null) {
                request.header(IdentityJws.HEADER, value);
            }
            HttpResponse<String> response = server.send(request);

            if (status == 401) {
                assertThat(response.statusCode()).as(path).isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                        .startsWith("text/plain");
                assertThat(response.body()).isEqualTo(REFUSAL);
            } else {
                assertThat(response.statusCode()).as(path).isNotEqualTo(401);
            }
        }
        assertThat(data.resolve("personal/mallory")).matches(dir -> Files.exists(dir) == (status != 401));
    }

    /** Targets as a client puts them on the request line, every one a file or folder alice can read. */
    static Stream<String> targets() {
        return Stream.of(
                "/dav/personal-files/",
                "/dav/personal-files",
                "/dav/personal-files/a%20b.txt",
                "/dav/personal-files/caf%C3%A9.txt",
                "/dav/personal-files/caf%c3%a9.txt",
                "/dav/personal-files/a%20b.txt?x=1&y=%2F%20&z",
                "/dav/personal-files/a%20b.txt?",
                "/a/tree/stat/personal-files/a%20b.txt",
                "/a/tree/stat/personal-files/a%20b.txt?q=%C3%A9");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void requestWhenAssertionBoundToTheExactRawTargetThenAccepted(String target) {
        assertThat(server.send("alice", "PUT", "/dav/personal-files/a%20b.txt", "x")
                        .statusCode())
                .isEqualTo(201);
        assertThat(server.send("alice", "PUT", "/dav/personal-files/caf%C3%A9.txt", "y")
                        .statusCode())
                .isEqualTo(201);

        HttpResponse<String> response =
                server.send(server.request("alice", "GET", target).GET());

        assertThat(response.statusCode()).as(target).isNotEqualTo(401);
        assertThat(response.body()).as(target).isNotEqualTo(REFUSAL);
    }

    /**
     * A captured assertion, replayed on another request: each must be refused before anything is done,
     * 401 by the identity check, or 400 by Jetty's URI rules, which run before any filter.
     */
    static Stream<Arguments> replays() {
        String file = "/dav/personal-files/a%20b.txt";
        return Stream.of(
                Arguments.of("DELETE", file, 401),
                Arguments.of("PUT", file, 401),
                Arguments.of("MOVE", file, 401),
                Arguments.of("PROPPATCH", file, 401),
                Arguments.of("HEAD", file, 401),
                Arguments.of("get", file, 401),
                Arguments.of("GET", "/dav/personal-files/a%2520b.txt", 400),
                Arguments.of("GET", "/dav/personal-files/a+b.txt", 401),
                Arguments.of("GET", "/dav/personal-files/a%20b.txt/", 401),
                Arguments.of("GET", "/dav/personal-files//a%20b.txt", 400),
                Arguments.of("GET", "/dav/personal-files/%61%20b.txt", 401),
                Arguments.of("GET", "/dav/personal-files/a%20B.txt", 401),
                Arguments.of("GET", "/dav/personal-files/a%20b.txt;x", 401),
                Arguments.of("GET", file + "?x=1", 401),
                Arguments.of("GET", "/dav/personal-files/", 401),
                Arguments.of("GET", "/dav/common-files/readme.txt", 401),
                Arguments.of("GET", "/a/tree/stat/personal-files/a%20b.txt", 401));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("replays")
    void requestWhenAssertionReplayedOnAnotherMethodOrTargetThenRefused(String method, String target, int status)
            throws Exception {
        assertThat(server.send("alice", "PUT", "/dav/personal-files/a%20b.txt", "kept")
                        .statusCode())
                .isEqualTo(201);
        String captured = server.signer.sign("alice", Instant.now(), "GET", "/dav/personal-files/a%20b.txt");
        assertThat(server.send(server.request(null, "GET", "/dav/personal-files/a%20b.txt")
                                .header(IdentityJws.HEADER, captured)
                                .GET())
                        .statusCode())
                .as("the original")
                .isEqualTo(200);

        HttpResponse<String> replayed = server.send(server.request(null, method, target)
                .header(IdentityJws.HEADER, captured)
                .header(
                        "Destination",
                        server.uri("/dav/personal-files/moved.txt").toString())
                .method(method, HttpRequest.BodyPublishers.ofString("overwritten")));

        assertThat(replayed.statusCode()).isEqualTo(status);
        if (status == 401 && !method.equals("HEAD")) {
            assertThat(replayed.body()).isEqualTo(REFUSAL);
        }
        assertThat(data.resolve("personal/alice/a b.txt")).hasContent("kept");
        assertThat(data.resolve("personal/alice/moved.txt")).doesNotExist();
    }

    @Test
    void requestWhenTwoIdentityHeadersThenUnauthorized() {
        var request = server.request(null, "PROPFIND", "/dav/")
                .method("PROPFIND", HttpRequest.BodyPublishers.noBody())
                .header(IdentityJws.HEADER, server.signer.sign("alice", Instant.now(), "PROPFIND", "/dav/"))
                .header(IdentityJws.HEADER, server.signer.sign("bob", Instant.now(), "PROPFIND", "/dav/"));

        assertThat(server.send(request).statusCode()).isEqualTo(401);
    }

    @Test
    void writeWhenIdentityInvalidThenNothingIsDone() {
        String path = "/dav/common-files/intruder.txt";
        var request = server.request(null, "PUT", path)
                .PUT(HttpRequest.BodyPublishers.ofString("x"))
                .header(
                        IdentityJws.HEADER,
                        new IdentityJws(IdentityJws.newKey()).sign("alice", Instant.now(), "PUT", path));

        assertThat(server.send(request).statusCode()).isEqualTo(401);
        assertThat(data.resolve("common/intruder.txt")).doesNotExist();
    }

    @Test
    void listenerWhenRequestsArriveThenSeesEveryHeaderEvenOfRefusedRequests() {
        server.send(server.request("alice", "GET", "/dav/common-files/readme.txt?x=1")
                .header("Authorization", "Bearer patg_secret")
                .GET());
        server.send(server.request(null, "GET", "/a/tree/stat/common-files").GET());

        assertThat(server.recorded).hasSize(2);
        RecordedRequest first = server.recorded.get(0);
        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.uri()).isEqualTo("/dav/common-files/readme.txt?x=1");
        assertThat(first.header("authorization")).containsExactly("Bearer patg_secret");
        assertThat(first.hasHeader(IdentityJws.HEADER.toUpperCase(Locale.ROOT))).isTrue();
        assertThat(server.recorded.get(1).hasHeader(IdentityJws.HEADER)).isFalse();
        assertThat(server.recorded.get(1).hasHeader("Authorization")).isFalse();
    }
}
