package dev.patgate.scope;

import static dev.patgate.scope.ScopeRequests.outcome;
import static dev.patgate.scope.ScopeRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.token.Access;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where a request acts and what it needs there, for each kind of request: WebDAV by method, with and
 * without Destination, and every kind of REST route (URL path, URL UUID, body paths, body UUIDs).
 * Targets are written {@code ACCESS path} (ANY for "inside some scope"), {@code ACCESS uuid:...}
 * for a node UUID, joined by {@code ;}; a refusal as its status and permission.
 */
class RequestTargetsTest {

    private static final String UUID = "3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f10";
    private static final AuthenticatedToken SCOPED =
            new AuthenticatedToken("alice", "id", List.of(dev.patgate.token.Scope.parse("node:" + UUID + ":rw")), null);
    private static final String GW = "https://" + ScopeRequests.HOST;

    private final RequestTargets targets = new RequestTargets(
            List.of("/dav/", "/files/dav/"),
            List.of(
                    new RestRoute("GET", "/a/tree/stat/{path}", null, null, Access.READ, false),
                    new RestRoute("GET", "/n/node/{uuid}", null, null, Access.READ, false),
                    new RestRoute("POST", "/a/tree/stats", "NodePaths", RestRoute.TargetKind.PATH, Access.READ, false),
                    new RestRoute(
                            "POST", "/a/tree/delete", "Nodes[].Path", RestRoute.TargetKind.PATH, Access.WRITE, true),
                    new RestRoute("POST", "/n/nodes/{uuid}", "Uuids", RestRoute.TargetKind.UUID, Access.WRITE, false),
                    new RestRoute("GET", "/a/tree/list", null, null, Access.READ, false)),
            64);

    @ParameterizedTest(name = "[{index}] {0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GET       | /dav/a/b.txt         | -                                      | READ /a/b.txt
            HEAD      | /dav/a/              | -                                      | READ /a
            PROPFIND  | /dav/                | -                                      | READ /
            PROPFIND  | /dav                 | -                                      | READ /
            REPORT    | /dav/a%20b           | -                                      | READ /a b
            PUT       | /dav/a/b.txt         | -                                      | WRITE /a/b.txt
            DELETE    | /dav/a               | -                                      | WRITE /a
            MKCOL     | /dav/a/new/          | -                                      | WRITE /a/new
            PROPPATCH | /dav/a               | -                                      | WRITE /a
            LOCK      | /dav/a               | -                                      | WRITE /a
            UNLOCK    | /dav/a               | -                                      | WRITE /a
            POST      | /dav/a               | -                                      | WRITE /a
            PATCH     | /dav/a               | -                                      | WRITE /a
            OPTIONS   | /dav/a               | -                                      | ANY /a
            GET       | /files/dav/a         | -                                      | READ /a
            COPY      | /dav/a               | Destination: {gw}/dav/b                | READ /a;WRITE /b
            COPY      | /dav/a               | Destination: {gw}/files/dav/b/c/       | READ /a;WRITE /b/c
            MOVE      | /dav/a               | Destination: {gw}/dav/b%2520           | 400
            MOVE      | /dav/a/x.txt         | Destination: {gw}/dav/b/x.txt          | WRITE /a/x.txt;WRITE /b/x.txt
            MOVE      | /dav/a               | Destination: {gw}/dav                  | WRITE /a;WRITE /
            MOVE      | /dav/a               | Destination: {gw}/a/tree/stat/b        | 403 write
            MOVE      | /dav/a               | Destination: {gw}/davx/b               | 403 write
            COPY      | /dav/a               | -                                      | 400
            COPY      | /dav/a               | Destination: {gw}/dav/b;Destination: {gw}/dav/c | 400
            COPY      | /dav/a               | Destination: https://other.example:8443/dav/b | 400
            COPY      | /dav/a               | Destination: http://gw.example:8443/dav/b | 400
            COPY      | /dav/a               | Destination: /dav/b                    | 400
            COPY      | /dav/a               | Destination: {gw}/dav/../b             | 400
            COPY      | /dav/a               | Destination: {gw}/dav/b?x=1            | 400
            GET       | /dav/a/../b          | -                                      | 400
            GET       | /dav/a/%2e%2e/b      | -                                      | 400
            GET       | /dav/a%2fb           | -                                      | 400
            GET       | /dav/a//b            | -                                      | 400
            GET       | /dav/a;p             | -                                      | 400
            get       | /dav/a               | -                                      | 403
            REBIND    | /dav/a               | -                                      | 403
            """)
    void webDavWhenMethodAndPathThenTargetsWithTheAccessTheMethodNeeds(
            String method, String rawPath, String headers, String expected) {
        String withGateway = headers == null ? null : headers.replace("{gw}", GW);
        HttpServletRequest request = request(method, rawPath, withGateway, null);
        String prefix = targets.webdavPrefix(rawPath);
        assertThat(prefix).isNotNull();

        assertThat(outcome(() -> spell(targets.webDav(request, SCOPED, method, rawPath, prefix))))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GET  | /a/tree/stat/a/b.txt   | -                                             | READ /a/b.txt
            GET  | /a/tree/stat/a%20b/    | -                                             | READ /a b
            GET  | /a/tree/stat/a/../b    | -                                             | 400
            GET  | /n/node/3F1C8A52-6D4E-4B7A-9C21-0A5E7D9B4F10 | -                      | READ uuid:3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f10
            GET  | /n/node/not-a-uuid     | -                                             | 400
            GET  | /n/node/3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f10:rw | -                   | 400
            GET  | /a/tree/list           | -                                             | -
            POST | /a/tree/stats          | {"NodePaths":["a/b","/c/","d/*","*"]}       | READ /a/b;READ /c;READ /d;READ /
            POST | /a/tree/stats          | {"NodePaths":[]}                              | -
            POST | /a/tree/stats          | {"NodePaths":["a//b"]}                        | 400
            POST | /a/tree/stats          | {"NodePaths":["a/../b"]}                      | 400
            POST | /a/tree/stats          | {"NodePaths":[7]}                             | 400
            POST | /a/tree/stats          | {"NodePaths":"a"}                             | READ /a
            POST | /a/tree/stats          | {"nodepaths":["a"],"NodePaths":["b"]}       | 400
            POST | /a/tree/stats          | {"NodePaths":["a"],"NodePaths":["b"]}       | 400
            POST | /a/tree/stats          | not json                                      | 400
            POST | /a/tree/stats          | {"NodePaths":["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]} | 413
            POST | /a/tree/delete         | {"Nodes":[{"Path":"a"},{"Path":"b/c"}]}     | WRITE /a;WRITE /b/c
            POST | /a/tree/delete         | {"Nodes":[{"path":"a"}]}                     | 400
            POST | /a/tree/delete         | {"Nodes":[{"Other":"a"}]}                    | 400
            POST | /n/nodes/3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f10 | {"Uuids":["3F1C8A52-6D4E-4B7A-9C21-0A5E7D9B4F11"]} | WRITE uuid:3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f10;WRITE uuid:3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f11
            POST | /n/nodes/3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f10 | {"Uuids":["x"]}      | 400
            """)
    void restWhenRouteThenTargetsFromUrlThenBodyWithTheRoutesAccess(
            String method, String rawPath, String body, String expected) {
        HttpServletRequest request = request(method, rawPath, null, body);
        RestRoute route = targets.restRoute(method, rawPath);
        assertThat(route).isNotNull();

        assertThat(outcome(() ->
                        spell(targets.rest(request, SCOPED, route, rawPath).targets())))
                .isEqualTo(expected == null ? "" : expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"{\"NodePaths\":[\"a\"]}", "{\"NodePaths\":[]}"})
    void restWhenTheBodyWasReadThenTheForwardedRequestReplaysItWhole(String body) throws Exception {
        HttpServletRequest request = request("POST", "/a/tree/stats", null, body);
        RestRoute route = targets.restRoute("POST", "/a/tree/stats");

        HttpServletRequest forward =
                targets.rest(request, SCOPED, route, "/a/tree/stats").forward();

        assertThat(forward).isNotSameAs(request);
        assertThat(new String(forward.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo(body);
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GET  | /dav/a           | /dav/ WebDAV
            GET  | /dav             | /dav/ WebDAV
            GET  | /dav/            | /dav/ WebDAV
            GET  | /files/dav/x     | /files/dav/ WebDAV
            GET  | /davx            | none
            GET  | /da              | none
            GET  | /files/dav       | /files/dav/ WebDAV
            GET  | /a/tree/stat/x   | GET /a/tree/stat/{path}
            GET  | /a/tree/stat/    | none
            GET  | /a/tree/stat     | none
            POST | /a/tree/stat/x   | none
            GET  | /n/node/x        | GET /n/node/{uuid}
            GET  | /n/node/x/y      | none
            GET  | /a/tree/list     | GET /a/tree/list
            GET  | /a/tree/list/    | none
            GET  | /a/tree/listx    | none
            """)
    void classifyWhenPathThenTheWebDavPrefixOrTheRestRouteThatDescribesIt(
            String method, String rawPath, String expected) {
        String prefix = targets.webdavPrefix(rawPath);
        RestRoute route = prefix == null ? targets.restRoute(method, rawPath) : null;

        String found = prefix != null
                ? prefix + " WebDAV"
                : route != null ? route.method() + " " + route.pathTemplate() : "none";
        assertThat(found).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            nullValues = "-",
            value = {"/", "dav/", "/dav", "//", "-"})
    void constructorWhenAPrefixBreaksTheRuleThenRefused(String prefix) {
        List<String> prefixes = new java.util.ArrayList<>();
        prefixes.add(prefix);
        assertThatThrownBy(() -> new RequestTargets(prefixes, List.of(), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WebDAV prefix");
    }

    private static String spell(List<RequestTargets.Target> found) {
        return found.stream()
                .map(target ->
                        (target.access() == null ? "ANY" : target.access().name()) + " "
                                + (target.path() != null ? target.path().toString() : "uuid:" + target.nodeUuid()))
                .collect(Collectors.joining(";"));
    }
}
