package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.config.ConfigLoader;
import dev.patgate.gateway.config.ScopesConfig;
import dev.patgate.testsupport.TestClock;
import java.nio.file.Path;
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
 * The shipped {@code config/cells-routes.yaml}, loaded through {@code scopes.rest_file}, with
 * {@code resolve_path: /a/n/node/{uuid}}, through a real gateway to a real webdav-demo answering
 * Cells' endpoints: every route allows inside the scope and refuses outside with the documented
 * status and challenge; job parameters, shares, search, restore and document tokens; listings and
 * search answers with names outside the scope; {@code /io}; endpoints the table does not describe.
 */
class ScopeCellsRoutesIT {

    @TempDir
    static Path home;

    private static final TestClock clock = TestClock.atDefaultStart();
    private static final Map<String, String> tokens = new ConcurrentHashMap<>();
    private static final Map<String, String> uuids = new ConcurrentHashMap<>();
    private static ScopeFixture fx;

    /** The shipped table, read the way an operator's gateway.yaml names it. */
    static ScopesConfig cellsScopes(Path home) {
        Path routes =
                Path.of("..", "config", "cells-routes.yaml").toAbsolutePath().normalize();
        return ConfigLoader.fromText(
                        "scopes: {resolve_path: \"" + ScopesConfig.CELLS_RESOLVE_PATH + "\", rest_file: \"" + routes
                                + "\", max_body: 4096}\n",
                        "gateway.yaml",
                        home,
                        Map.of())
                .scopes();
    }

    @BeforeAll
    static void start() throws Exception {
        fx = ScopeFixture.start(home, clock, cellsScopes(home));
        fx.put("alice", "personal-files/proj/move-me.txt", "move");
        fx.put("alice", "personal-files/proj/move-me-too.txt", "move");
        fx.put("alice", "personal-files/other/proj-report.txt", "a name outside the scope");
        fx.put("alice", "personal-files/recycle_bin/restore-me.txt", "recycled");
        fx.put("alice", "personal-files/proj/recycle_bin/scoped-restore.txt", "recycled inside");
        tokens.put("r", fx.issue("alice", fx.scope("personal-files/proj", "r")));
        tokens.put("w", fx.issue("alice", fx.scope("personal-files/proj", "w")));
        tokens.put("rw", fx.issue("alice", fx.scope("personal-files/proj", "rw")));
        tokens.put("unscoped", fx.issue("alice"));
        for (String path : List.of(
                "personal-files/proj",
                "personal-files/proj/a.txt",
                "personal-files/other",
                "personal-files/other/o.txt")) {
            uuids.put("{" + path + "}", fx.uuid("alice", path));
        }
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @ParameterizedTest(name = "[{index}] {0}: {1} {2} {3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            r        | GET  | /a/tree/stat/personal-files/proj/a.txt   | -  | 200
            r        | GET  | /a/tree/stat/personal-files/other/o.txt  | -  | 403 read
            r        | POST | /a/tree/stats  | {"NodePaths":["personal-files/proj/*"]}                        | 200
            r        | POST | /a/tree/stats  | {"NodePaths":["personal-files/*"]}                             | 403 read
            w        | POST | /a/tree/create | {"Nodes":[{"Path":"personal-files/proj/cells-new","Type":"COLLECTION"}]} | 200
            w        | POST | /a/tree/create | {"Nodes":[{"Path":"personal-files/other/cells-new","Type":"COLLECTION"}]} | 403 write
            r        | POST | /a/tree/delete | {"Nodes":[{"Path":"personal-files/proj/a.txt"}]}               | 403 write
            w        | POST | /a/tree/delete | {"Nodes":[{"Path":"personal-files/other/o.txt"}]}              | 403 write
            r        | POST | /a/tree/selection | {"Nodes":[{"Path":"personal-files/proj/a.txt"}]}            | 200
            r        | POST | /a/tree/selection | {"Nodes":[{"Path":"personal-files/other/o.txt"}]}           | 403 read
            w        | POST | /a/tree/selection | {"Nodes":[{"Path":"personal-files/proj/a.txt"}]}            | 403 read
            rw       | POST | /a/tree/restore   | {"Nodes":[{"Path":"personal-files/proj/recycle_bin/scoped-restore.txt"}]} | 403
            r        | POST | /a/meta/get/personal-files/proj/a.txt     | {}                                  | 200
            r        | POST | /a/meta/get/personal-files/other/o.txt    | {}                                  | 403 read
            w        | POST | /a/meta/get/personal-files/proj/a.txt     | {}                                  | 403 read
            r        | POST | /a/meta/get/personal-files/proj/a.txt     | {"NodePath":"personal-files/other/o.txt"} | 403 read
            rw       | POST | /a/meta/set/personal-files/proj/a.txt     | {"NodePath":"personal-files/proj/a.txt","Metadatas":[{"Namespace":"usermeta-colour","JsonMeta":"\\"red\\""}]} | 200
            r        | POST | /a/meta/set/personal-files/proj/a.txt     | {"Metadatas":[{"Namespace":"usermeta-colour","JsonMeta":"1"}]} | 403 write
            rw       | POST | /a/meta/set/personal-files/other/o.txt    | {"Metadatas":[{"Namespace":"usermeta-colour","JsonMeta":"1"}]} | 403 write
            rw       | POST | /a/meta/set/personal-files/proj/a.txt     | {"NodePath":"personal-files/other/o.txt","Metadatas":[]} | 403 write
            rw       | POST | /a/meta/set/personal-files/proj/a.txt     | {"Metadatas":[{"NodeUuid":"{personal-files/other/o.txt}","Namespace":"n","JsonMeta":"1"}]} | 403 write
            rw       | POST | /a/meta/set/personal-files/proj/a.txt     | {"Metadatas":[{"NodeUuid":"{personal-files/proj/a.txt}","Namespace":"n","JsonMeta":"1"}]} | 200
            rw       | POST | /a/meta/set/personal-files/proj/a.txt     | {"nodepath":"personal-files/other/o.txt"} | 400
            rw       | POST | /a/meta/delete/personal-files/proj/a.txt  | {"Namespace":["usermeta-colour"]}   | 200
            r        | POST | /a/meta/delete/personal-files/proj/a.txt  | {"Namespace":["usermeta-colour"]}   | 403 write
            rw       | POST | /a/meta/delete/personal-files/other/o.txt | {"Namespace":["usermeta-colour"]}   | 403 write
            r        | POST | /a/meta/bulk/get | {"NodePaths":["personal-files/proj/*"]}                      | 200
            r        | POST | /a/meta/bulk/get | {"NodePaths":["personal-files/proj","personal-files/other"]} | 403 read
            r        | POST | /a/meta/bulk/get | {"NodePaths":["*"]}                                          | 403 read
            r        | GET  | /a/n/node/{personal-files/proj/a.txt}     | -                                   | 200
            r        | GET  | /a/n/node/{personal-files/other/o.txt}    | -                                   | 403 read
            w        | GET  | /a/n/node/{personal-files/proj/a.txt}     | -                                   | 403 read
            r        | GET  | /a/n/node/00000000-0000-4000-8000-000000000000 | -                              | 403
            """)
    void routeWhenInsideThenForwardedAndOutsideThenRefused(
            String token, String method, String path, String body, String outcome) throws Exception {
        fx.call(method, withUuids(path))
                .token(tokens.get(token))
                .body(body == null ? null : withUuids(body))
                .expect(outcome);
    }

    @ParameterizedTest(name = "[{index}] {0}: {1} {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            rw | copy | {"JobName":"copy","JsonParameters":"{\\"nodes\\":[\\"personal-files/proj/a.txt\\"],\\"target\\":\\"personal-files/proj/sub\\",\\"targetParent\\":true}"} | 200
            r  | copy | {"JobName":"copy","JsonParameters":"{\\"nodes\\":[\\"personal-files/proj/a.txt\\"],\\"target\\":\\"personal-files/proj/sub/a2.txt\\",\\"targetParent\\":false}"} | 403 write
            w  | copy | {"JobName":"copy","JsonParameters":"{\\"nodes\\":[\\"personal-files/proj/a.txt\\"],\\"target\\":\\"personal-files/proj/sub/a3.txt\\",\\"targetParent\\":false}"} | 403 read
            rw | copy | {"JobName":"copy","JsonParameters":"{\\"nodes\\":[\\"personal-files/proj/a.txt\\"],\\"target\\":\\"personal-files/other\\",\\"targetParent\\":true}"} | 403 write
            rw | copy | {"JobName":"copy","JsonParameters":"{\\"nodes\\":[\\"personal-files/other/o.txt\\"],\\"target\\":\\"personal-files/proj\\",\\"targetParent\\":true}"} | 403 read
            rw | copy | {"JobName":"copy","JsonParameters":"{\\"nodes\\":[\\"personal-files/proj/a.txt\\",\\"personal-files/projects/p.txt\\"],\\"target\\":\\"personal-files/proj/sub\\"}"} | 403 read
            w  | move | {"JobName":"move","JsonParameters":"{\\"nodes\\":[\\"personal-files/proj/move-me.txt\\"],\\"target\\":\\"personal-files/proj/sub\\",\\"targetParent\\":true}"} | 200
            r  | move | {"JobName":"move","JsonParameters":"{\\"nodes\\":[\\"personal-files/proj/move-me-too.txt\\"],\\"target\\":\\"personal-files/proj/sub\\",\\"targetParent\\":true}"} | 403 write
            rw | move | {"JobName":"move","JsonParameters":"{\\"nodes\\":[\\"personal-files/proj/move-me-too.txt\\"],\\"target\\":\\"personal-files/other\\",\\"targetParent\\":true}"} | 403 write
            rw | move | {"JobName":"move","JsonParameters":"{\\"nodes\\":[\\"personal-files/other/o.txt\\"],\\"target\\":\\"personal-files/proj\\",\\"targetParent\\":true}"} | 403 write
            rw | move | {"JobName":"move","JsonParameters":"{\\"nodes\\":[\\"personal-files/proj/move-me-too.txt\\"],\\"target\\":\\"personal-files/proj/sub\\",\\"target\\":\\"personal-files/other\\"}"} | 400
            rw | move | {"JobName":"move","JsonParameters":"{\\"nodes\\":[\\"personal-files/proj/move-me-too.txt\\"],\\"target\\":\\"personal-files/proj/sub\\",\\"Target\\":\\"personal-files/other\\"}"} | 400
            rw | move | {"JobName":"move","JsonParameters":"{\\"nodes\\":[\\"personal-files/proj/move-me-too.txt\\"],\\"target\\":\\"personal-files/proj/sub\\",\\"params\\":{\\"target\\":\\"personal-files/other\\"}}"} | 400
            rw | move | {"JobName":"move","JsonParameters":"{\\"nodes\\":[{\\"Path\\":\\"personal-files/other/o.txt\\"}],\\"target\\":\\"personal-files/proj/sub\\"}"} | 400
            rw | move | {"JobName":"move","JsonParameters":"nodes=personal-files/other/o.txt&target=personal-files/proj"} | 400
            rw | move | {"JobName":"move","JsonParameters":"{\\"nodes\\":[\\"personal-files/proj/move-me-too.txt\\"],\\"target\\":\\"personal-files/proj/sub\\"}{\\"target\\":\\"personal-files/other\\"}"} | 400
            rw | move | {"JobName":"move","JsonParameters":{"nodes":["personal-files/proj/move-me-too.txt"],"target":"personal-files/proj/sub"}} | 400
            rw | move | {"JobName":"move","JsonParameters":"{\\"nodes\\":[\\"personal-files/proj/move-me-too.txt\\"],\\"target\\":\\"personal-files/proj/sub\\"}","JsonParameters":"{}"} | 400
            rw | move | {"JobName":"move","jsonParameters":"{\\"nodes\\":[\\"personal-files/other/o.txt\\"],\\"target\\":\\"personal-files/proj\\"}","JsonParameters":"{\\"nodes\\":[\\"personal-files/proj/move-me-too.txt\\"],\\"target\\":\\"personal-files/proj/sub\\"}"} | 400
            rw | move | {"JobName":"move"} | 400
            """)
    void userJobWhenJsonParametersNameTargetsThenEachIsChecked(String token, String job, String body, String outcome)
            throws Exception {
        fx.call("PUT", "/a/jobs/user/" + job)
                .token(tokens.get(token))
                .body(body)
                .expect(outcome);
    }

    @Test
    void userJobWhenAllowedThenTheStandInReallyCopiesAndMovesAndRefusedOnesChangeNothing() throws Exception {
        fx.put("alice", "personal-files/proj/job-copy.txt", "c");
        fx.put("alice", "personal-files/proj/job-move.txt", "m");

        fx.call("PUT", "/a/jobs/user/copy")
                .token(tokens.get("rw"))
                .body(job("job-copy.txt", "personal-files/proj/sub"))
                .expect("200");
        fx.call("PUT", "/a/jobs/user/move")
                .token(tokens.get("w"))
                .body(job("job-move.txt", "personal-files/proj/sub"))
                .expect("200");
        fx.call("PUT", "/a/jobs/user/copy")
                .token(tokens.get("rw"))
                .body(job("job-copy.txt", "personal-files/other"))
                .expect("403 write");
        fx.call("PUT", "/a/jobs/user/move")
                .token(tokens.get("rw"))
                .body(job("job-copy.txt", "personal-files/other"))
                .expect("403 write");

        assertThat(stat("personal-files/proj/sub/job-copy.txt")).isEqualTo(200);
        assertThat(stat("personal-files/proj/job-copy.txt")).isEqualTo(200);
        assertThat(stat("personal-files/proj/sub/job-move.txt")).isEqualTo(200);
        assertThat(stat("personal-files/proj/job-move.txt")).isEqualTo(404);
        assertThat(stat("personal-files/other/job-copy.txt")).isEqualTo(404);
    }

    /** A user job's body: one node of personal-files/proj into {@code target}. */
    private static String job(String name, String target) {
        return "{\"JobName\":\"x\",\"JsonParameters\":\"{\\\"nodes\\\":[\\\"personal-files/proj/" + name
                + "\\\"],\\\"target\\\":\\\"" + target + "\\\",\\\"targetParent\\\":true}\"}";
    }

    @ParameterizedTest(name = "[{index}] {0}: {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            rw | POST | /a/search/nodes        | {"Query":{"FileName":"proj"}}
            r  | POST | /a/search/nodes        | {"Query":{"FileName":"a","PathPrefix":["personal-files/proj"]}}
            rw | PUT  | /a/share/link          | {"ShareLink":{"Label":"l","RootNodes":[{"Uuid":"{personal-files/proj}"}]}}
            rw | PUT  | /a/share/link          | {"ShareLink":{"Label":"l","RootNodes":[{"Path":"personal-files/proj/a.txt"}]}}
            rw | PUT  | /a/share/cell          | {"Room":{"Label":"c","RootNodes":[{"Uuid":"{personal-files/proj}"}]}}
            rw | POST | /a/auth/token/document | {"Path":"personal-files/proj/a.txt"}
            rw | POST | /a/tree/restore        | {"Nodes":[{"Path":"personal-files/recycle_bin/restore-me.txt"}]}
            """)
    void refusedRouteWhenScopedThenRefusedEvenInsideTheScope(String token, String method, String path, String body)
            throws Exception {
        fx.call(method, path).token(tokens.get(token)).body(withUuids(body)).expect("403");
    }

    @Test
    void searchWhenUnscopedThenResultsNameNodesOutsideAnyScopeWhichIsWhyScopedTokensAreRefused() throws Exception {
        String body = "{\"Query\":{\"FileName\":\"proj\"}}";

        String answer = fx.call("POST", "/a/search/nodes")
                .token(tokens.get("unscoped"))
                .body(body)
                .expect("200")
                .body();
        fx.call("POST", "/a/search/nodes").token(tokens.get("r")).body(body).expect("403");

        assertThat(answer).contains("personal-files/proj\"", "personal-files/other/proj-report.txt");
    }

    @Test
    void listingWhenScopedInsideThenTheAnswerNamesOnlyNodesInsideTheScope() throws Exception {
        String stats = fx.call("POST", "/a/tree/stats")
                .token(tokens.get("r"))
                .body("{\"NodePaths\":[\"personal-files/proj/*\"]}")
                .expect("200")
                .body();
        String meta = fx.call("POST", "/a/meta/bulk/get")
                .token(tokens.get("r"))
                .body("{\"NodePaths\":[\"personal-files/proj/*\"]}")
                .expect("200")
                .body();

        for (String answer : List.of(stats, meta)) {
            assertThat(answer)
                    .contains("personal-files/proj/a.txt")
                    .doesNotContain("personal-files/other", "personal-files/projects", "common-files");
        }
    }

    @Test
    void refusedRouteWhenUnscopedThenForwardedAndAnsweredByTheStandIn() throws Exception {
        String link = fx.call("PUT", "/a/share/link")
                .token(tokens.get("unscoped"))
                .body(withUuids(
                        "{\"ShareLink\":{\"Label\":\"l\",\"RootNodes\":[{\"Uuid\":\"{personal-files/proj}\"}]}}"))
                .expect("200")
                .body();
        String document = fx.call("POST", "/a/auth/token/document")
                .token(tokens.get("unscoped"))
                .body("{\"Path\":\"personal-files/proj/a.txt\"}")
                .expect("200")
                .body();
        fx.call("POST", "/a/tree/restore")
                .token(tokens.get("unscoped"))
                .body("{\"Nodes\":[{\"Path\":\"personal-files/recycle_bin/restore-me.txt\"}]}")
                .expect("200");

        assertThat(link)
                .contains("\"LinkHash\":\"", "\"RootNodes\":[{\"Uuid\":\"" + uuids.get("{personal-files/proj}"));
        assertThat(document).startsWith("{\"AccessToken\":\"");
        assertThat(stat("personal-files/restore-me.txt")).isEqualTo(200);
        assertThat(stat("personal-files/proj/scoped-restore.txt")).isEqualTo(404);
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            POST   | /a/jobs/user
            PUT    | /a/jobs/user/extract
            PUT    | /a/jobs/user/copy/more
            POST   | /a/user-meta/update
            PUT    | /a/user-meta/update
            POST   | /a/tree/stats/x
            GET    | /a/meta/get/personal-files/proj/a.txt
            GET    | /a/config/discovery
            POST   | /a/share/resources
            GET    | /a/share/link/x
            DELETE | /a/share/link/x
            POST   | /a/auth/token/personal
            POST   | /a/graph/recommend
            POST   | /a/activity/stream
            PATCH  | /a/n/node/00000000-0000-4000-8000-000000000000
            GET    | /n/node/00000000-0000-4000-8000-000000000000
            """)
    void unknownEndpointWhenScopedThenRefusedWithoutScopeHint(String method, String path) throws Exception {
        fx.call(method, path).token(tokens.get("rw")).body("{}").expect("403");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"r", "rw", "unscoped"})
    void ioWhenNotRoutedThenAnsweredByTheGatewayAndNeverForwarded(String token) throws Exception {
        fx.call("GET", "/io/personal-files/proj/a.txt").token(tokens.get(token)).expect("404 gateway");
        fx.call("PUT", "/io/personal-files/proj/new.txt")
                .token(tokens.get(token))
                .body("x")
                .expect("404 gateway");
    }

    private static int stat(String path) throws Exception {
        return fx.backend.as("alice", "GET", "/a/tree/stat/" + path, null).statusCode();
    }

    private static String withUuids(String text) {
        String result = text;
        for (Map.Entry<String, String> uuid : uuids.entrySet()) {
            result = result.replace(uuid.getKey(), uuid.getValue());
        }
        return result;
    }
}
