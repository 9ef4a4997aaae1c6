package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.cli.Cli;
import dev.patgate.gateway.cli.CliEnvironment;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.ScopesConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.testsupport.Challenges;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.Scope;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where a scoped node is, found by UUID through the backend as the token's user: followed when the
 * node is moved (at once through the gateway, after the resolution TTL behind its back), forgotten
 * when it is deleted, never granted for a node the user cannot reach (the backend's ACLs still
 * apply), and never guessed when the backend cannot answer (502).
 */
class ScopeResolutionIT {

    @TempDir
    static Path home;

    private static final TestClock clock = TestClock.atDefaultStart();
    private static ScopeFixture fx;
    private static String aliceUnscoped;

    @BeforeAll
    static void start() throws Exception {
        fx = ScopeFixture.start(home, clock, ScopesConfig.DEFAULT);
        fx.mkdirs("bob", "personal-files/bobdir");
        fx.put("bob", "personal-files/bobdir/x.txt", "bob's");
        aliceUnscoped = fx.issue("alice");
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void scopedFolderWhenMovedThroughTheGatewayThenScopeFollowsAtOnceAndOldPathIsOutside() throws Exception {
        fx.mkdirs("alice", "personal-files/mv1");
        fx.put("alice", "personal-files/mv1/f.txt", "moved content");
        String token = fx.issue("alice", fx.scope("personal-files/mv1", "rw"));
        fx.call("GET", "/dav/personal-files/mv1/f.txt").token(token).expect("200");

        fx.call("MOVE", "/dav/personal-files/mv1/")
                .token(aliceUnscoped)
                .destination("/dav/personal-files/mv1-renamed/")
                .expect("201");
        fx.mkdirs("alice", "personal-files/mv1");
        fx.put("alice", "personal-files/mv1/f.txt", "impostor at the old path");

        assertThat(fx.call("GET", "/dav/personal-files/mv1-renamed/f.txt")
                        .token(token)
                        .expect("200")
                        .body())
                .isEqualTo("moved content");
        fx.call("PROPFIND", "/dav/personal-files/mv1-renamed/")
                .token(token)
                .depth("1")
                .expect("207");
        fx.call("PUT", "/dav/personal-files/mv1-renamed/g.txt")
                .token(token)
                .body("g")
                .expect("201");
        fx.call("GET", "/dav/personal-files/mv1/f.txt").token(token).expect("403 read");
        fx.call("PUT", "/dav/personal-files/mv1/f.txt").token(token).body("x").expect("403 write");
    }

    @Test
    void scopedFolderWhenMovedBehindTheGatewaysBackThenFollowedOnceTheResolutionTtlHasPassed() throws Exception {
        fx.mkdirs("alice", "personal-files/mv2");
        fx.put("alice", "personal-files/mv2/f.txt", "moved behind");
        String token = fx.issue("alice", fx.scope("personal-files/mv2", "r"));
        fx.call("GET", "/dav/personal-files/mv2/f.txt").token(token).expect("200");

        int moved = fx.backend
                .as(
                        "alice",
                        "MOVE",
                        "/dav/personal-files/mv2/",
                        null,
                        Map.of("Destination", fx.backend.url() + "/dav/personal-files/mv2-moved/"))
                .statusCode();
        assertThat(moved).isEqualTo(201);

        fx.call("GET", "/dav/personal-files/mv2-moved/f.txt").token(token).expect("403 read");
        fx.call("GET", "/dav/personal-files/mv2/f.txt").token(token).expect("404");
        clock.advance(Duration.ofSeconds(9));
        fx.call("GET", "/dav/personal-files/mv2-moved/f.txt").token(token).expect("403 read");
        clock.advance(Duration.ofSeconds(2));
        assertThat(fx.call("GET", "/dav/personal-files/mv2-moved/f.txt")
                        .token(token)
                        .expect("200")
                        .body())
                .isEqualTo("moved behind");
        fx.call("GET", "/dav/personal-files/mv2/f.txt").token(token).expect("403 read");
    }

    @Test
    void scopedFolderWhenDeletedAndRecreatedAtTheSamePathThenTheNewFolderIsOutsideTheScope() throws Exception {
        fx.mkdirs("alice", "personal-files/mv3");
        fx.put("alice", "personal-files/mv3/f.txt", "first");
        String token = fx.issue("alice", fx.scope("personal-files/mv3", "rw"));
        fx.call("GET", "/dav/personal-files/mv3/f.txt").token(token).expect("200");

        fx.call("DELETE", "/dav/personal-files/mv3/").token(aliceUnscoped).expect("204");
        fx.mkdirs("alice", "personal-files/mv3");
        fx.put("alice", "personal-files/mv3/f.txt", "second");

        fx.call("GET", "/dav/personal-files/mv3/f.txt").token(token).expect("403 read");
        clock.advance(Duration.ofSeconds(11));
        fx.call("GET", "/dav/personal-files/mv3/f.txt").token(token).expect("403 read");
        fx.call("PUT", "/dav/personal-files/mv3/g.txt").token(token).body("g").expect("403 write");
    }

    @Test
    void scopedFolderWhenDeletedByTheScopedTokenItselfOverRestThenNothingIsLeftInScope() throws Exception {
        fx.mkdirs("alice", "personal-files/mv4");
        fx.put("alice", "personal-files/mv4/f.txt", "doomed");
        String token = fx.issue("alice", fx.scope("personal-files/mv4", "rw"));
        fx.call("GET", "/dav/personal-files/mv4/f.txt").token(token).expect("200");

        fx.call("POST", "/a/tree/delete")
                .token(token)
                .body("{\"Nodes\":[{\"Path\":\"personal-files/mv4\"}]}")
                .expect("200");

        fx.call("GET", "/dav/personal-files/mv4/f.txt").token(token).expect("403 read");
        fx.call("MKCOL", "/dav/personal-files/mv4/").token(token).expect("403 write");
    }

    @Test
    void cliWhenBobAsksForAScopeOnAlicesPrivateFolderThenExit2NamingTheScope() throws Exception {
        String scope = fx.scope("personal-files/proj", "r");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = cli(out, err, "-u", "bob", "-e", "1h", "-s", scope);

        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().strip()).doesNotContain("\n").contains(scope);
    }

    @Test
    void cliWhenAliceAsksForAScopeOnHerFolderThenTheTokenWorksInsideItOnly() throws Exception {
        StringWriter out = new StringWriter();

        int code = cli(
                out, new StringWriter(), "-u", "alice", "-e", "1h", "-q", "-s", fx.scope("personal-files/proj", "r"));
        String token = out.toString().strip();

        assertThat(code).isZero();
        fx.call("GET", "/dav/personal-files/proj/a.txt").token(token).expect("200");
        fx.call("GET", "/dav/personal-files/other/o.txt").token(token).expect("403 read");
    }

    @ParameterizedTest(name = "[{index}] {0}: {1} {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            bob-own           | GET      | /dav/personal-files/bobdir/x.txt     | 200
            bob-own           | GET      | /dav/personal-files/proj/a.txt       | 403 read
            bob-own           | PROPFIND | /dav/personal-files/proj/            | 403 read
            bob-own           | GET      | /n/node/{alice-proj}                 | 403
            bob-own           | GET      | /a/tree/stat/personal-files/proj     | 403 read
            bob-on-alices     | GET      | /dav/personal-files/proj/a.txt       | 403 read
            bob-on-alices     | PUT      | /dav/personal-files/proj/b.txt       | 403 write
            bob-on-alices     | GET      | /n/node/{alice-proj}                 | 403
            bob-both          | GET      | /dav/personal-files/bobdir/x.txt     | 200
            bob-both          | GET      | /dav/personal-files/proj/a.txt       | 403 read
            bob-unscoped      | GET      | /dav/personal-files/proj/a.txt       | 404
            bob-unscoped      | GET      | /n/node/{alice-proj}                 | 404
            bob-unscoped      | GET      | /a/tree/stat/personal-files/proj     | 404
            bob-unscoped      | GET      | /dav/personal-files/bobdir/x.txt     | 200
            bob-common        | GET      | /dav/common-files/stuff/c.txt        | 200
            bob-common        | GET      | /dav/common-files/                   | 403 read
            """)
    void bobsTokenWhenAimedAtAlicesFilesThenRefusedByScopeOrByTheBackend(
            String token, String method, String path, String outcome) throws Exception {
        String alicesProj = fx.uuid("alice", "personal-files/proj");
        Map<String, List<String>> scopes = Map.of(
                "bob-own", List.of(fx.scope("bob", "personal-files/bobdir", "r")),
                "bob-on-alices", List.of("node:" + alicesProj + ":rw"),
                "bob-both", List.of("node:" + alicesProj + ":r", fx.scope("bob", "personal-files/bobdir", "r")),
                "bob-unscoped", List.of(),
                "bob-common", List.of(fx.scope("alice", "common-files/stuff", "r")));
        String bobs = fx.issue("bob", scopes.get(token).toArray(String[]::new));

        fx.call(method, path.replace("{alice-proj}", alicesProj))
                .token(bobs)
                .directAs("bob")
                .body(method.equals("PUT") ? "x" : null)
                .expect(outcome);
    }

    @ParameterizedTest(name = "[{index}] {0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            scoped   | GET      | /dav/personal-files/proj/a.txt                           | 502
            scoped   | PROPFIND | /dav/                                                    | 502
            scoped   | PUT      | /dav/personal-files/proj/new.txt                         | 502
            scoped   | GET      | /a/tree/stat/personal-files/proj                         | 502
            scoped   | GET      | /n/node/00000000-0000-4000-8000-000000000000             | 502
            scoped   | GET      | /dav/personal-files/proj/../other/o.txt                  | 400
            scoped   | OPTIONS  | /dav/personal-files/proj/                                | 502
            unscoped | GET      | /dav/personal-files/proj/a.txt                           | 502
            """)
    void requestWhenBackendIsDownThen502NeverAllowed(String token, String method, String path, String status)
            throws Exception {
        Path downHome = Files.createDirectories(home.resolve("down-" + token + "-" + method));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TestHome.create(downHome, "http://127.0.0.1:" + closedPort);
        try (Gateway down = Gateway.start(
                GatewayConfig.defaults(downHome)
                        .withListen(ListenConfig.DEFAULT.withPort(0))
                        .withUpstream(UpstreamConfig.DEFAULT.withUrl(URI.create("http://127.0.0.1:" + closedPort))),
                clock)) {
            List<Scope> scopes = token.equals("scoped")
                    ? List.of(Scope.parse("node:" + fx.uuid("alice", "personal-files/proj") + ":rw"))
                    : List.of();
            String plaintext = down.issuer()
                    .issue(new TokenRequest("alice", "down", "test", Duration.ofHours(1), null, scopes))
                    .plaintext();

            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(down.uri() + path))
                                    .header("Authorization", "Bearer " + plaintext)
                                    .method(method, HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(Integer.parseInt(status));
            assertThat(response.headers().allValues("WWW-Authenticate"))
                    .isEqualTo(
                            status.equals("400") ? List.of(Challenges.BASIC, Challenges.INVALID_REQUEST) : List.of());
            if (token.equals("scoped") && status.equals("502")) {
                assertThat(response.body()).contains("upstream_unavailable");
                assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
            }
        }
    }

    private static int cli(StringWriter out, StringWriter err, String... tokenArgs) {
        CliEnvironment environment = new CliEnvironment(clock, Map.of("PATGATE_HOME", home.toString()), home);
        String[] args = new String[tokenArgs.length + 3];
        args[0] = "admin";
        args[1] = "user";
        args[2] = "token";
        System.arraycopy(tokenArgs, 0, args, 3, tokenArgs.length);
        return Cli.run(environment, new PrintWriter(out), new PrintWriter(err), args);
    }
}
