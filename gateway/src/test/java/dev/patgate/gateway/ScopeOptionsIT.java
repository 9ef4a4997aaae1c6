package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.config.ScopesConfig;
import dev.patgate.testsupport.Challenges;
import dev.patgate.testsupport.TestClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property 3: a scoped token learns nothing outside its scope. Every method outside the scope,
 * OPTIONS and unknown methods included, is refused by the gateway before the backend sees it
 * (checked at the backend); the refusal is the same whether the target exists or not, and whatever
 * its type. Inside the scope OPTIONS needs only a valid token, whatever the scope's permission.
 */
class ScopeOptionsIT {

    @TempDir
    static Path home;

    private static final TestClock clock = TestClock.atDefaultStart();
    private static final Map<String, String> tokens = new ConcurrentHashMap<>();
    private static ScopeFixture fx;

    /** Outside every token below (all are on proj, or on a file in it). */
    private static final List<String> OUTSIDE = List.of(
            "/dav",
            "/dav/",
            "/dav/personal-files",
            "/dav/personal-files/",
            "/dav/personal-files/other/",
            "/dav/personal-files/other/o.txt",
            "/dav/personal-files/other",
            "/dav/personal-files/projects/",
            "/dav/personal-files/projects/p.txt",
            "/dav/personal-files/proj-nope/",
            "/dav/personal-files/nothing-here",
            "/dav/personal-files/nothing/here/",
            "/dav/common-files/",
            "/dav/common-files/stuff/c.txt",
            "/dav/no-such-workspace/",
            "/dav/personal-files/pro",
            "/dav/personal-files/PROJ/",
            "/dav/personal-files/proj%20/",
            "/a/tree/stat/personal-files/proj",
            "/a/tree/stats",
            "/a/tree/not-a-route",
            "/n/node/00000000-0000-4000-8000-000000000000");

    @BeforeAll
    static void start() throws Exception {
        fx = ScopeFixture.start(home, clock, ScopesConfig.DEFAULT);
        tokens.put("r", fx.issue("alice", fx.scope("personal-files/proj", "r")));
        tokens.put("w", fx.issue("alice", fx.scope("personal-files/proj", "w")));
        tokens.put("rw", fx.issue("alice", fx.scope("personal-files/proj", "rw")));
        tokens.put("file-r", fx.issue("alice", fx.scope("personal-files/proj/a.txt", "r")));
        tokens.put("sub-w", fx.issue("alice", fx.scope("personal-files/proj/sub", "w")));
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    static Stream<Arguments> outside() {
        return tokens().flatMap(token -> OUTSIDE.stream().map(path -> Arguments.of(token, path)));
    }

    private static Stream<String> tokens() {
        return Stream.of("r", "w", "rw", "file-r", "sub-w");
    }

    @ParameterizedTest(name = "[{index}] {0}: OPTIONS {1}")
    @MethodSource("outside")
    void optionsWhenOutsideTheScopeThenRefusedBeforeTheBackend(String token, String path) throws Exception {
        ScopeFixture.Exchange exchange =
                fx.call("OPTIONS", path).token(tokens.get(token)).send();

        assertThat(exchange.status()).as("status; body %s", exchange.body()).isEqualTo(403);
        assertThat(exchange.forwarded()).as("reached the backend").isFalse();
        assertThat(exchange.header("ETag")).isNull();
        assertThat(exchange.header("DAV")).isNull();
        assertThat(exchange.header("Allow")).isNull();
        assertThat(exchange.challenges())
                .singleElement()
                .isIn(Challenges.INSUFFICIENT_SCOPE, Challenges.insufficientScope("read"));
    }

    @ParameterizedTest(name = "[{index}] {0}: OPTIONS {1}")
    @CsvSource(delimiter = '|', textBlock = """
            r      | /dav/personal-files/proj/
            r      | /dav/personal-files/proj
            r      | /dav/personal-files/proj/a.txt
            r      | /dav/personal-files/proj/sub/b.txt
            r      | /dav/personal-files/proj/not-yet.txt
            w      | /dav/personal-files/proj/
            w      | /dav/personal-files/proj/sub/
            rw     | /dav/personal-files/proj/a.txt
            file-r | /dav/personal-files/proj/a.txt
            sub-w  | /dav/personal-files/proj/sub/
            sub-w  | /dav/personal-files/proj/sub/b.txt
            """)
    void optionsWhenInsideTheScopeThenForwardedWhateverThePermission(String token, String path) throws Exception {
        fx.call("OPTIONS", path).token(tokens.get(token)).expect("backend");
    }

    /** The scoped node's ancestors and siblings, for the narrower tokens: outside too. */
    @ParameterizedTest(name = "[{index}] {0}: OPTIONS {1}")
    @CsvSource(delimiter = '|', textBlock = """
            file-r | /dav/personal-files/proj/
            file-r | /dav/personal-files/proj/sub/
            file-r | /dav/personal-files/proj/a.txt.bak
            file-r | /dav/personal-files/proj/sub/b.txt
            sub-w  | /dav/personal-files/proj/
            sub-w  | /dav/personal-files/proj/a.txt
            sub-w  | /dav/personal-files/proj/subway/
            """)
    void optionsWhenOnAnAncestorOrSiblingOfTheScopedNodeThenRefused(String token, String path) throws Exception {
        fx.call("OPTIONS", path).token(tokens.get(token)).expect("403 read");
    }

    /** Path tricks answer as they do for every other method: 400 before any decision. */
    @ParameterizedTest(name = "[{index}] OPTIONS {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /dav/personal-files/proj/../other/o.txt         | 400
            /dav/personal-files/proj/%2e%2e/other/o.txt     | 400 gateway
            /dav/personal-files/proj%2f..%2fother/          | 400 gateway
            /dav/personal-files/proj/..%5cother             | 400 gateway
            /dav/personal-files/proj/%252e%252e/other/      | 400 gateway
            /dav/personal-files/proj//a.txt                 | 400 gateway
            /dav/personal-files/proj;x=1/                   | 400
            /%64av/personal-files/other/                    | 403
            """)
    void optionsWhenThePathIsATrickThenRefusedAsForAnyMethod(String path, String outcome) throws Exception {
        fx.call("OPTIONS", path).token(tokens.get("rw")).expectRaw(outcome);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            r
            rw
            file-r
            """)
    void optionsStarWhenScopedThenRefusedBeforeTheBackend(String token) throws Exception {
        ScopeFixture.Exchange exchange =
                fx.call("OPTIONS", "*").token(tokens.get(token)).sendRaw();

        assertThat(exchange.status()).isBetween(400, 499);
        assertThat(exchange.forwarded()).isFalse();
        assertThat(exchange.header("DAV")).isNull();
    }

    /** Unknown and extension methods, outside and inside the scope: refused before the backend. */
    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            SEARCH      | /dav/personal-files/other/
            BIND        | /dav/personal-files/other/
            REBIND      | /dav/personal-files/other/
            UNBIND      | /dav/personal-files/other/
            ACL         | /dav/personal-files/other/o.txt
            MKCALENDAR  | /dav/personal-files/other/
            VERSION-CONTROL | /dav/personal-files/other/o.txt
            TRACE       | /dav/personal-files/other/
            options     | /dav/personal-files/other/
            Options     | /dav/personal-files/proj/
            SEARCH      | /dav/personal-files/proj/
            BIND        | /dav/personal-files/proj/
            PROPFIND    | /a/tree/stat/personal-files/proj
            OPTIONS     | /a/tree/stat/personal-files/proj
            SEARCH      | /a/tree/stats
            """)
    void methodWhenUnknownOrNotRoutedThenRefusedBeforeTheBackend(String method, String path) throws Exception {
        fx.call(method, path).token(tokens.get("rw")).expect("403");
    }

    /** Every method that names a target outside the scope is refused with the permission it lacks. */
    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET       | /dav/personal-files/other/o.txt      | 403 read
            HEAD      | /dav/personal-files/other/o.txt      | 403 read
            PROPFIND  | /dav/personal-files/                 | 403 read
            REPORT    | /dav/personal-files/other/           | 403 read
            GET       | /dav/personal-files/nothing-here     | 403 read
            PUT       | /dav/personal-files/other/o.txt      | 403 write
            DELETE    | /dav/personal-files/other/o.txt      | 403 write
            MKCOL     | /dav/personal-files/other/new/       | 403 write
            PROPPATCH | /dav/personal-files/other/o.txt      | 403 write
            LOCK      | /dav/personal-files/other/o.txt      | 403 write
            UNLOCK    | /dav/personal-files/other/o.txt      | 403 write
            POST      | /dav/personal-files/other/o.txt      | 403 write
            PATCH     | /dav/personal-files/other/o.txt      | 403 write
            """)
    void methodWhenKnownAndOutsideThenRefusedBeforeTheBackend(String method, String path, String outcome)
            throws Exception {
        fx.call(method, path)
                .token(tokens.get("rw"))
                .body(method.equals("PUT") ? "x" : null)
                .expect(outcome);
    }
}
