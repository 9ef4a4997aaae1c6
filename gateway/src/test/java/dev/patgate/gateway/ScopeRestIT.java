package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.config.ScopesConfig;
import dev.patgate.testsupport.TestClock;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Node scopes over the REST tree API, through a real gateway to a real webdav-demo: targets in the
 * URL path, in a URL UUID and in JSON bodies; the route table failing closed for scoped tokens and
 * staying out of the way of unscoped ones; bodies too large to check (413) or not JSON (400).
 */
class ScopeRestIT {

    private static final int MAX_BODY = 512;

    @TempDir
    static Path home;

    private static final TestClock clock = TestClock.atDefaultStart();
    private static final Map<String, String> tokens = new ConcurrentHashMap<>();
    private static final Map<String, String> uuids = new ConcurrentHashMap<>();
    private static ScopeFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = ScopeFixture.start(
                home,
                clock,
                new ScopesConfig(
                        List.of("/dav/"),
                        "/n/node/{uuid}",
                        Duration.ofSeconds(10),
                        MAX_BODY,
                        ScopesConfig.DEFAULT_REST));
        fx.put("alice", "personal-files/proj/rest-delete-me.txt", "bye");
        tokens.put("r", fx.issue("alice", fx.scope("personal-files/proj", "r")));
        tokens.put("w", fx.issue("alice", fx.scope("personal-files/proj", "w")));
        tokens.put("rw", fx.issue("alice", fx.scope("personal-files/proj", "rw")));
        tokens.put("file-r", fx.issue("alice", fx.scope("personal-files/proj/a.txt", "r")));
        tokens.put("unscoped", fx.issue("alice"));
        for (String path : List.of(
                "personal-files/proj",
                "personal-files/proj/a.txt",
                "personal-files/other",
                "personal-files/projects",
                "common-files/stuff/c.txt")) {
            uuids.put("{" + path + "}", fx.uuid("alice", path));
        }
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @ParameterizedTest(name = "[{index}] {0}: {1} {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            r        | GET    | /a/tree/stat/personal-files/proj                      | 200
            r        | GET    | /a/tree/stat/personal-files/proj/                     | 200
            r        | GET    | /a/tree/stat/personal-files/proj/a.txt                | 200
            r        | GET    | /a/tree/stat/personal-files/proj/sub/b.txt            | 200
            r        | GET    | /a/tree/stat/personal-files/proj/missing.txt          | 404
            rw       | GET    | /a/tree/stat/personal-files/proj/a.txt                | 200
            file-r   | GET    | /a/tree/stat/personal-files/proj/a.txt                | 200
            file-r   | GET    | /a/tree/stat/personal-files/proj                      | 403 read
            r        | GET    | /a/tree/stat/personal-files/projects                  | 403 read
            r        | GET    | /a/tree/stat/personal-files/projects/p.txt            | 403 read
            r        | GET    | /a/tree/stat/personal-files/pro                       | 403 read
            r        | GET    | /a/tree/stat/personal-files                           | 403 read
            r        | GET    | /a/tree/stat/common-files/stuff/c.txt                 | 403 read
            r        | GET    | /a/tree/stat/personal-files/other/o.txt               | 403 read
            w        | GET    | /a/tree/stat/personal-files/proj/a.txt                | 403 read
            r        | GET    | /n/node/{personal-files/proj}                         | 200
            r        | GET    | /n/node/{personal-files/proj/a.txt}                   | 200
            file-r   | GET    | /n/node/{personal-files/proj/a.txt}                   | 200
            file-r   | GET    | /n/node/{personal-files/proj}                         | 403 read
            r        | GET    | /n/node/{personal-files/other}                        | 403 read
            r        | GET    | /n/node/{personal-files/projects}                     | 403 read
            r        | GET    | /n/node/{common-files/stuff/c.txt}                    | 403 read
            w        | GET    | /n/node/{personal-files/proj/a.txt}                   | 403 read
            r        | GET    | /n/node/00000000-0000-4000-8000-000000000000          | 403
            r        | GET    | /n/node/not-a-uuid                                    | 400
            r        | GET    | /n/node/{personal-files/proj}/more                    | 403
            r        | POST   | /a/tree/whatever                                      | 403
            r        | GET    | /a/other                                              | 403
            r        | GET    | /a/tree/stats                                         | 403
            r        | PUT    | /a/tree/create                                        | 403
            rw       | DELETE | /a/tree/stat/personal-files/proj/a.txt                | 403
            r        | POST   | /a/tree/stat/personal-files/proj/a.txt                | 403
            r        | GET    | /a/tree/stat/                                         | 403
            r        | GET    | /n/other/x                                            | 403
            r        | GET    | /n/node/                                              | 403
            unscoped | POST   | /a/tree/whatever                                      | 404
            unscoped | GET    | /a/other                                              | 404
            unscoped | GET    | /a/tree/stats                                         | 405
            unscoped | GET    | /n/other/x                                            | 404
            unscoped | GET    | /a/tree/stat/personal-files/other/o.txt               | 200
            """)
    void requestWhenTargetInUrlOrNoRouteThenScopeDecidesAndUnscopedPassesThrough(
            String token, String method, String path, String outcome) throws Exception {
        fx.call(method, withUuids(path))
                .token(tokens.get(token))
                .body(method.equals("GET") ? null : "{}")
                .expect(outcome);
    }

    @ParameterizedTest(name = "[{index}] {0}: stats {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            r      | {"NodePaths":["personal-files/proj/*"]}                                  | 200
            r      | {"NodePaths":["personal-files/proj"]}                                    | 200
            r      | {"NodePaths":["/personal-files/proj/sub/"]}                              | 200
            r      | {"NodePaths":["personal-files/proj/a.txt","personal-files/proj/sub/*"]}  | 200
            r      | {"NodePaths":["personal-files/proj/\\u0073ub/*"]}                        | 200
            file-r | {"NodePaths":["personal-files/proj/a.txt"]}                              | 200
            file-r | {"NodePaths":["personal-files/proj/*"]}                                  | 403 read
            w      | {"NodePaths":["personal-files/proj/*"]}                                  | 403 read
            r      | {"NodePaths":["personal-files/*"]}                                       | 403 read
            r      | {"NodePaths":["personal-files"]}                                         | 403 read
            r      | {"NodePaths":["*"]}                                                      | 403 read
            r      | {"NodePaths":["/*"]}                                                     | 403 read
            r      | {"NodePaths":["personal-files/projects/*"]}                              | 403 read
            r      | {"NodePaths":["common-files/stuff/*"]}                                   | 403 read
            r      | {"NodePaths":["personal-files/proj/*","personal-files/other"]}           | 403 read
            r      | {"NodePaths":["personal-files/\\u006fther/*"]}                           | 403 read
            r      | {"NodePaths":["personal-files/other"],"NodePaths":["personal-files/proj"]} | 400
            r      | {"NodePaths":["personal-files/proj"],"NodePaths":["personal-files/other"]} | 400
            r      | {"NodePaths":["personal-files/proj"],"nodePaths":["personal-files/other"]} | 400
            r      | {"NodePaths":["personal-files/proj"],"NodePath\u017f":["personal-files/other"]} | 400
            r      | {"NodePaths":["personal-files/proj"]} {"NodePaths":["personal-files/other"]} | 400
            r      | {"NodePaths":["personal-files/proj"],"Other":{"NodePaths":["x"]}}          | 200
            r      | {"NodePaths":[]}                                                         | 403
            r      | {"NodePaths":["personal-files/proj/../other"]}                           | 400
            r      | {"NodePaths":["personal-files/proj/\\u002e\\u002e/other"]}               | 400
            r      | {"NodePaths":["personal-files//proj"]}                                   | 400
            r      | {"NodePaths":["personal-files/proj\\\\..\\\\other"]}                     | 400
            r      | {"NodePaths":["personal-files/proj/a.txt\\u0000"]}                       | 400
            r      | {"NodePaths":["personal-files/proj/."]}                                  | 400
            r      | {"NodePaths":[7]}                                                        | 400
            r      | {"NodePaths":[null]}                                                     | 400
            r      | {"NodePaths":"personal-files/proj"}                                      | backend refuses
            r      | {"nodepaths":["personal-files/proj"]}                                    | 400
            r      | {}                                                                       | 400
            r      | []                                                                       | 400
            r      | {"NodePaths":["personal-files/proj"]                                     | 400
            r      | not json                                                                 | 400
            """)
    void statsWhenBodyNamesTargetsThenEachMustBeInsideAReadScope(String token, String body, String outcome)
            throws Exception {
        fx.call("POST", "/a/tree/stats").token(tokens.get(token)).body(body).expect(outcome);
    }

    @ParameterizedTest(name = "[{index}] {0}: {1} {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            w  | create | {"Nodes":[{"Path":"personal-files/proj/rest-new","Type":"COLLECTION"}]}          | 200
            rw | create | {"Nodes":[{"Path":"personal-files/proj/sub/rest-new.txt","Type":"LEAF"}]}        | 200
            w  | delete | {"Nodes":[{"Path":"personal-files/proj/rest-delete-me.txt"}]}                    | 200
            r  | create | {"Nodes":[{"Path":"personal-files/proj/rest-no","Type":"COLLECTION"}]}           | 403 write
            r  | delete | {"Nodes":[{"Path":"personal-files/proj/a.txt"}]}                                 | 403 write
            w  | create | {"Nodes":[{"Path":"personal-files/projects/rest-no","Type":"COLLECTION"}]}       | 403 write
            w  | create | {"Nodes":[{"Path":"personal-files/proj-evil","Type":"COLLECTION"}]}              | 403 write
            w  | create | {"Nodes":[{"Path":"personal-files/proj/ok"},{"Path":"personal-files/other/no"}]} | 403 write
            w  | delete | {"Nodes":[{"Path":"personal-files/other/o.txt"}]}                                | 403 write
            w  | delete | {"Nodes":[{"Path":"personal-files"}]}                                            | 403 write
            w  | delete | {"Nodes":[{"Path":"common-files/stuff"}]}                                        | 403 write
            w  | create | {"Nodes":[{"Path":"personal-files/proj/x/../../other/y"}]}                       | 400
            w  | create | {"Nodes":[{"Type":"COLLECTION"}]}                                                | 400
            w  | create | {"Nodes":[{"Path":5}]}                                                           | 400
            w  | create | {"Nodes":["personal-files/proj/x"]}                                              | 400
            w  | create | {"Nodes":[]}                                                                     | 403
            w  | delete | {"Nodes":{"Path":"personal-files/proj/a.txt"}}                                   | 400
            w  | create | {"Nodes":[{"Path":"personal-files/proj/x","path":"personal-files/other/x"}]}     | 400
            w  | create | {"Nodes":[{"Path":"personal-files/proj/x","Path":"personal-files/other/x"}]}     | 400
            w  | create | {"Nodes":[{"Path":"personal-files/proj/x"}],"NODES":[{"Path":"personal-files/other/x"}]} | 400
            """)
    void createOrDeleteWhenBodyNamesTargetsThenEachMustBeInsideAWriteScope(
            String token, String endpoint, String body, String outcome) throws Exception {
        fx.call("POST", "/a/tree/" + endpoint)
                .token(tokens.get(token))
                .body(body)
                .expect(outcome);
    }

    @Test
    void createOrDeleteWhenRefusedThenNothingChangedAtTheBackend() throws Exception {
        assertThat(stat("personal-files/proj/ok")).isEqualTo(404);
        assertThat(stat("personal-files/other/no")).isEqualTo(404);
        assertThat(stat("personal-files/proj-evil")).isEqualTo(404);
        assertThat(stat("personal-files/other/o.txt")).isEqualTo(200);
        assertThat(stat("personal-files/proj/a.txt")).isEqualTo(200);
    }

    @Test
    void statsWhenBodyLargerThanMaxBodyThen413AndNotForwardedButUnscopedPasses() throws Exception {
        String padded = "{\"NodePaths\":[\"personal-files/proj\"],\"Pad\":\"" + "x".repeat(MAX_BODY) + "\"}";

        fx.call("POST", "/a/tree/stats").token(tokens.get("r")).body(padded).expect("413 gateway");
        fx.call("POST", "/a/tree/stats")
                .token(tokens.get("unscoped"))
                .body(padded)
                .expect("200");
    }

    @Test
    void statsWhenChunkedBodyLargerThanMaxBodyThen413() throws Exception {
        byte[] padded = ("{\"NodePaths\":[\"personal-files/proj\"],\"Pad\":\"" + "x".repeat(MAX_BODY) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(fx.gatewayBase() + "/a/tree/stats"))
                .header("Authorization", "Bearer " + tokens.get("r"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(padded)))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void statsWhenInsideScopeThenBackendAnswerListsOnlyTheScopedFolder() throws Exception {
        String body = fx.call("POST", "/a/tree/stats")
                .token(tokens.get("r"))
                .body("{\"NodePaths\":[\"personal-files/proj/*\"]}")
                .expect("200")
                .body();

        assertThat(body)
                .contains("personal-files/proj/a.txt", "personal-files/proj/sub")
                .doesNotContain("personal-files/projects", "personal-files/other");
    }

    private static int stat(String path) throws Exception {
        return fx.backend.as("alice", "GET", "/a/tree/stat/" + path, null).statusCode();
    }

    private static String withUuids(String path) {
        String result = path;
        for (Map.Entry<String, String> uuid : uuids.entrySet()) {
            result = result.replace(uuid.getKey(), uuid.getValue());
        }
        return result;
    }
}
