package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.config.ScopesConfig;
import dev.patgate.testsupport.TestClock;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ambiguous targets and Destinations for a scoped token: dot segments in every spelling, encoded
 * slashes and backslashes, double encoding, empty segments, path parameters, trailing dots, NUL and
 * control bytes, Unicode normalization forms, and Destinations that are relative, malformed, for
 * another host, or outside the scope. Request lines are written by hand over a socket, so nothing is
 * cleaned up on the way in. Each refusal is checked at the backend: it never saw the request.
 */
class ScopePathTricksIT {

    private static final String NFC = "caf\u00e9";
    private static final String NFD = "cafe\u0301";
    private static final String NFC_URL = "caf%C3%A9";
    private static final String NFD_URL = "cafe%CC%81";

    @TempDir
    static Path home;

    private static final TestClock clock = TestClock.atDefaultStart();
    private static ScopeFixture fx;
    private static String rw;
    private static String unscoped;

    @BeforeAll
    static void start() throws Exception {
        fx = ScopeFixture.start(home, clock, ScopesConfig.DEFAULT);
        rw = fx.issue("alice", fx.scope("personal-files/proj", "rw"));
        unscoped = fx.issue("alice");
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET      | /dav/personal-files/proj/../other/o.txt              | 400
            GET      | /dav/personal-files/proj/..                          | 400
            GET      | /dav/personal-files/proj/./a.txt                     | 400
            GET      | /dav/personal-files/proj/%2e%2e/other/o.txt          | 400 gateway
            GET      | /dav/personal-files/proj/%2E%2E/other/o.txt          | 400 gateway
            GET      | /dav/personal-files/proj/.%2e/other/o.txt            | 400 gateway
            GET      | /dav/personal-files/proj/%2e%2e                      | 400 gateway
            GET      | /dav/personal-files/proj/%252e%252e/other/o.txt      | 400 gateway
            GET      | /dav/personal-files/proj/%252fa.txt                  | 400 gateway
            GET      | /dav/personal-files/proj%2f..%2fother/o.txt          | 400 gateway
            GET      | /dav/personal-files/proj/sub%2fb.txt                 | 400 gateway
            GET      | /dav/personal-files/proj/sub%2Fb.txt                 | 400 gateway
            GET      | /dav/personal-files/proj/..%5cother%5co.txt          | 400 gateway
            GET      | /dav/personal-files/proj/sub%5cb.txt                 | 400 gateway
            GET      | /dav/personal-files/proj/..\\other\\o.txt            | 400 gateway
            GET      | /dav/personal-files/proj\\..\\other\\o.txt           | 400 gateway
            GET      | /dav/personal-files/proj//a.txt                      | 400 gateway
            GET      | /dav//personal-files/proj/a.txt                      | 400 gateway
            GET      | /dav/personal-files/proj;x=1/a.txt                   | 400
            GET      | /dav/personal-files/proj/a.txt;jsessionid=1          | 400
            GET      | /dav/personal-files/proj/..;/other/o.txt             | 400 gateway
            GET      | /dav/personal-files/proj./a.txt                      | 400
            GET      | /dav/personal-files/proj/a.txt.                      | 400
            GET      | /dav/personal-files/proj/a.txt%2e                    | 400
            GET      | /dav/personal-files/proj/a.txt%00                    | 400 gateway
            GET      | /dav/personal-files/proj/a%00.txt                    | 400 gateway
            GET      | /dav/personal-files/proj/%0a.txt                     | 400 gateway
            GET      | /dav/personal-files/proj/%7f.txt                     | 400 gateway
            GET      | /dav/personal-files/proj/%c0%ae%c0%ae/other/o.txt    | 400 gateway
            GET      | /dav/personal-files/proj/%zz.txt                     | 400 gateway
            GET      | /dav/personal-files/proj/%e9.txt                     | 400 gateway
            PUT      | /dav/personal-files/proj/%2e%2e/other/x.txt          | 400 gateway
            PROPFIND | /dav/personal-files/proj/../                         | 400
            MKCOL    | /dav/personal-files/proj/%252e%252e/                 | 400 gateway
            DELETE   | /dav/personal-files/proj/..%2fother/o.txt            | 400 gateway
            DELETE   | /dav/personal-files/proj/sub%5c..%5c..%5cother       | 400 gateway
            GET      | /a/tree/stat/personal-files/proj/../other/o.txt      | 400
            GET      | /a/tree/stat/personal-files/proj%2f..%2fother        | 400 gateway
            GET      | /a/tree/stat/personal-files/proj/%2e%2e/other/o.txt  | 400 gateway
            GET      | /a/tree/stat/personal-files/proj//a.txt              | 400 gateway
            GET      | /%64av/personal-files/proj/a.txt                     | 403
            GET      | /a/tree/%73tat/personal-files/proj/a.txt             | 403
            """)
    void requestWhenTargetIsAmbiguousThenRefusedAndNotForwarded(String method, String rawTarget, String outcome)
            throws Exception {
        fx.call(method, rawTarget)
                .token(rw)
                .body(method.equals("PUT") ? "x" : null)
                .expectRaw(outcome);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /dav/personal-files/proj/../other/o.txt      | 400 gateway
            /dav/personal-files/proj/%2e%2e/other/o.txt  | 400 gateway
            """)
    void requestWhenUnscopedTokenAndDotSegmentsThen400AndNotForwarded(String rawTarget, String outcome)
            throws Exception {
        fx.call("GET", rawTarget).token(unscoped).expectRaw(outcome);
    }

    @ParameterizedTest(name = "[{index}] {0} {1} Destination: {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            COPY | /dav/personal-files/proj/a.txt | {gw}/dav/personal-files/other/x.txt              | 403 write
            MOVE | /dav/personal-files/proj/a.txt | {gw}/dav/personal-files/projects/x.txt           | 403 write
            COPY | /dav/personal-files/proj/a.txt | {gw}/dav/personal-files/x.txt                    | 403 write
            COPY | /dav/personal-files/proj/a.txt | {gw}/dav/common-files/x.txt                      | 403 write
            COPY | /dav/personal-files/proj/a.txt | {gw}/dav/                                        | 403 write
            COPY | /dav/personal-files/proj/a.txt | {gw}/dav                                         | 403 write
            COPY | /dav/personal-files/proj/a.txt | {gw}/a/tree/stat/personal-files/proj/x.txt       | 403 write
            COPY | /dav/personal-files/proj/a.txt | {gw}/dav/personal-files/projx.txt                | 403 write
            COPY | /dav/personal-files/proj/a.txt | http://example.com/dav/personal-files/proj/x.txt | 400
            COPY | /dav/personal-files/proj/a.txt | http://127.0.0.1:1/dav/personal-files/proj/x.txt | 400
            MOVE | /dav/personal-files/proj/a.txt | http://localhost:{port}/dav/personal-files/proj/x.txt | 400
            COPY | /dav/personal-files/proj/a.txt | https://127.0.0.1:{port}/dav/personal-files/proj/x.txt | 400
            COPY | /dav/personal-files/proj/a.txt | http://alice@127.0.0.1:{port}/dav/personal-files/proj/x.txt | 400
            COPY | /dav/personal-files/proj/a.txt | /dav/personal-files/proj/x.txt                   | 400
            MOVE | /dav/personal-files/proj/a.txt | x.txt                                            | 400
            COPY | /dav/personal-files/proj/a.txt | //127.0.0.1:{port}/dav/personal-files/proj/x.txt | 400
            COPY | /dav/personal-files/proj/a.txt | {gw}/dav/personal-files/proj/x y.txt             | 400
            COPY | /dav/personal-files/proj/a.txt | http://[::1/dav/personal-files/proj/x.txt        | 400
            COPY | /dav/personal-files/proj/a.txt | ::::                                             | 400
            COPY | /dav/personal-files/proj/a.txt | mailto:alice@example.com                         | 400
            COPY | /dav/personal-files/proj/a.txt | {gw}/dav/personal-files/proj/x.txt?q=1           | 400
            COPY | /dav/personal-files/proj/a.txt | {gw}/dav/personal-files/proj/x.txt#f             | 400
            COPY | /dav/personal-files/proj/a.txt | {gw}/dav/personal-files/proj/../other/x.txt      | 400
            MOVE | /dav/personal-files/proj/a.txt | {gw}/dav/personal-files/proj/%2e%2e/other/x.txt  | 400
            COPY | /dav/personal-files/proj/a.txt | {gw}/dav/personal-files/proj%2f..%2fother%2fx    | 400
            COPY | /dav/personal-files/proj/a.txt | {gw}/dav/personal-files/proj/%252e%252e/x.txt    | 400
            COPY | /dav/personal-files/proj/a.txt | {gw}/dav/personal-files/proj/..%5cother%5cx.txt  | 400
            COPY | /dav/personal-files/proj/a.txt | {gw}/dav/personal-files/proj//x.txt              | 400
            COPY | /dav/personal-files/proj/a.txt | {gw}/dav/personal-files/proj;p/x.txt             | 400
            COPY | /dav/personal-files/proj/a.txt | {gw}/dav/personal-files/proj/x.txt.              | 400
            COPY | /dav/personal-files/proj/a.txt | {gw}/dav/personal-files/proj/x%00.txt            | 400
            COPY | /dav/personal-files/other/o.txt | {gw}/dav/personal-files/proj/o.txt              | 403 read
            MOVE | /dav/personal-files/other/o.txt | {gw}/dav/personal-files/proj/o.txt              | 403 write
            """)
    void copyOrMoveWhenDestinationIsOutsideOrNotThisGatewayOrAmbiguousThenRefusedAndNotForwarded(
            String method, String path, String destination, String outcome) throws Exception {
        String value = destination.replace("{gw}", fx.gatewayBase()).replace("{port}", "" + fx.gateway.port());
        fx.call(method, path).token(rw).header("Destination", value).expectRaw(outcome);

        assertThat(fx.backend
                        .as("alice", "GET", "/dav/personal-files/proj/a.txt", null)
                        .statusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "[{index}] {0} without Destination -> 400")
    @CsvSource({"COPY", "MOVE"})
    void copyOrMoveWhenDestinationMissingOrEmptyThen400AndNotForwarded(String method) throws Exception {
        fx.call(method, "/dav/personal-files/proj/a.txt").token(rw).expectRaw("400");
        fx.call(method, "/dav/personal-files/proj/a.txt")
                .token(rw)
                .header("Destination", "")
                .expectRaw("400");
    }

    @Test
    void copyAndMoveWhenDestinationInsideRwScopeThenForwardedAndDone() throws Exception {
        fx.call("COPY", "/dav/personal-files/proj/a.txt")
                .token(rw)
                .destination("/dav/personal-files/proj/sub/a-copy.txt")
                .expect("201");
        fx.call("MOVE", "/dav/personal-files/proj/sub/a-copy.txt")
                .token(rw)
                .destination("/dav/personal-files/proj/a-moved.txt")
                .expect("201");
        fx.call("COPY", "/dav/personal-files/proj/sub/")
                .token(rw)
                .depth("infinity")
                .destination("/dav/personal-files/proj/sub-copy/")
                .expect("201");

        assertThat(fx.backend
                        .as("alice", "GET", "/dav/personal-files/proj/a-moved.txt", null)
                        .body())
                .isEqualTo("alpha");
        assertThat(fx.backend
                        .as("alice", "GET", "/dav/personal-files/proj/sub-copy/b.txt", null)
                        .body())
                .isEqualTo("beta");
    }

    @Test
    void copyWhenAllowedOnceThenTheSameDestinationUnderAnotherHostIsStillRefused() throws Exception {
        String destination = fx.gatewayBase() + "/dav/personal-files/proj/host-copy.txt";
        fx.call("COPY", "/dav/personal-files/proj/a.txt")
                .token(rw)
                .header("Destination", destination)
                .expectRaw("201");

        fx.call("COPY", "/dav/personal-files/proj/a.txt")
                .token(rw)
                .header("Destination", destination)
                .header("Host", "elsewhere.example:" + fx.gateway.port())
                .expectRaw("400");
    }

    @Test
    void copyWhenTwoDestinationHeadersThen400AndNotForwarded() throws Exception {
        String inside = fx.gatewayBase() + "/dav/personal-files/proj/two-destinations.txt";
        String outside = fx.gatewayBase() + "/dav/personal-files/other/two-destinations.txt";
        fx.call("COPY", "/dav/personal-files/proj/a.txt")
                .token(rw)
                .header("Destination", inside)
                .header("Overwrite", "T")
                .expectRaw("201");

        fx.call("COPY", "/dav/personal-files/proj/a.txt")
                .token(rw)
                .header("Destination", inside)
                .header("Overwrite", "T")
                .rawHeaderLine("Destination: " + outside)
                .expectRaw("400");
        fx.call("COPY", "/dav/personal-files/proj/a.txt")
                .token(rw)
                .header("Destination", outside)
                .rawHeaderLine("Destination: " + inside)
                .expectRaw("400");
    }

    @Test
    void copyWhenReadScopeOnSourceOnlyThen403WriteAndNothingCopied() throws Exception {
        String readOnly = fx.issue("alice", fx.scope("personal-files/proj", "r"));

        fx.call("COPY", "/dav/personal-files/proj/a.txt")
                .token(readOnly)
                .destination("/dav/personal-files/other/leaked.txt")
                .expect("403 write");

        assertThat(fx.backend
                        .as("alice", "GET", "/dav/personal-files/other/leaked.txt", null)
                        .statusCode())
                .isEqualTo(404);
    }

    /**
     * The backend (like most file systems) keeps "café" in NFC and in NFD as two different names, so
     * the gateway must not treat them as one: a scope on the NFC folder does not reach the NFD name.
     */
    @Test
    void requestWhenNameIsTheNfdSpellingOfAnNfcScopedFolderThenOutsideTheScope() throws Exception {
        fx.mkdirs("alice", "personal-files/" + NFC);
        fx.put("alice", "personal-files/" + NFC + "/x.txt", "nfc");
        String token = fx.issue("alice", fx.scope("personal-files/" + NFC, "rw"));

        fx.call("GET", "/dav/personal-files/" + NFC_URL + "/x.txt").token(token).expect("200");
        fx.call("PUT", "/dav/personal-files/" + NFC_URL + "/y.txt")
                .token(token)
                .body("y")
                .expect("201");
        fx.call("GET", "/dav/personal-files/" + NFD_URL + "/x.txt").token(token).expect("403 read");
        fx.call("MKCOL", "/dav/personal-files/" + NFD_URL + "/").token(token).expect("403 write");
        fx.call("PUT", "/dav/personal-files/" + NFD_URL + "/x.txt")
                .token(token)
                .body("z")
                .expect("403 write");
        fx.call("POST", "/a/tree/stats")
                .token(token)
                .body("{\"NodePaths\":[\"personal-files/" + NFD + "/*\"]}")
                .expect("403 read");

        assertThat(fx.backend
                        .as("alice", "GET", "/a/tree/stat/personal-files/" + NFD_URL, null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void requestWhenScopedFolderIsNamedInNfdThenMatchedExactlyInNfd() throws Exception {
        fx.mkdirs("alice", "personal-files/nfd-" + NFD);
        fx.put("alice", "personal-files/nfd-" + NFD + "/x.txt", "nfd");
        String token = fx.issue("alice", fx.scope("personal-files/nfd-" + NFD, "r"));

        fx.call("GET", "/dav/personal-files/nfd-" + NFD_URL + "/x.txt")
                .token(token)
                .expect("200");
        fx.call("GET", "/dav/personal-files/nfd-" + NFC_URL + "/x.txt")
                .token(token)
                .expect("403 read");
    }
}
