package dev.patgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Cells endpoints beyond the tree API, as the stand-in answers them (signed identity): field
 * names and JSON types as in Cells, and what each does to the node store.
 */
class CellsExtrasIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data);
        server.send("alice", "MKCOL", "/dav/personal-files/docs", null);
        server.send("alice", "MKCOL", "/dav/personal-files/docs/sub", null);
        server.send("alice", "PUT", "/dav/personal-files/docs/a.txt", "hello");
        server.send("alice", "MKCOL", "/dav/personal-files/other", null);
        server.send("alice", "PUT", "/dav/personal-files/other/docs-report.txt", "x");
        server.send("bob", "PUT", "/dav/personal-files/docs-of-bob.txt", "bob's");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> call(String login, String method, String path, String body) {
        return server.send(login, method, path, body, "Content-Type", "application/json");
    }

    private JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private String uuid(String path) throws Exception {
        return ok(call("alice", "GET", "/a/tree/stat/" + path, null))
                .path("Node")
                .path("Uuid")
                .asText();
    }

    private int stat(String path) {
        return call("alice", "GET", "/a/tree/stat/" + path, null).statusCode();
    }

    @Test
    void nodeByUuidWhenRestV2ThenTheNodeWithItsPath() throws Exception {
        String uuid = uuid("personal-files/docs/a.txt");

        JsonNode node = ok(call("alice", "GET", "/a/n/node/" + uuid, null));

        assertThat(node.path("Path").asText()).isEqualTo("personal-files/docs/a.txt");
        assertThat(node.path("Uuid").asText()).isEqualTo(uuid);
        assertThat(call("bob", "GET", "/a/n/node/" + uuid, null).statusCode()).isEqualTo(404);
    }

    @Test
    void metaWhenSetGetDeleteThenMetaStoreFollows() throws Exception {
        String set = "{\"NodePath\":\"personal-files/docs/a.txt\",\"Metadatas\":[{\"Namespace\":\"usermeta-colour\","
                + "\"JsonMeta\":\"\\\"red\\\"\"}]}";

        JsonNode afterSet = ok(call("alice", "POST", "/a/meta/set/personal-files/docs/a.txt", set));
        JsonNode got = ok(call("alice", "POST", "/a/meta/get/personal-files/docs/a.txt", "{}"));
        JsonNode bulk = ok(call("alice", "POST", "/a/meta/bulk/get", "{\"NodePaths\":[\"personal-files/docs/*\"]}"));
        JsonNode afterDelete = ok(call(
                "alice", "POST", "/a/meta/delete/personal-files/docs/a.txt", "{\"Namespace\":[\"usermeta-colour\"]}"));

        assertThat(afterSet.path("MetaStore").path("usermeta-colour").asText()).isEqualTo("\"red\"");
        assertThat(got.path("MetaStore").path("usermeta-colour").isTextual()).isTrue();
        assertThat(paths(bulk.path("Nodes")))
                .containsExactlyInAnyOrder("personal-files/docs/a.txt", "personal-files/docs/sub");
        assertThat(bulk.path("Pagination").path("Total").asInt()).isEqualTo(2);
        assertThat(afterDelete.path("MetaStore").has("usermeta-colour")).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            copy | personal-files/docs/sub/a.txt | personal-files/docs/a.txt
            move | personal-files/docs/sub/a.txt | -
            """)
    void userJobWhenJsonParametersThenRunsInTheStoreAndAnswersAJobUuid(String job, String created, String kept)
            throws Exception {
        String body =
                "{\"JobName\":\"" + job + "\",\"JsonParameters\":\"{\\\"nodes\\\":[\\\"personal-files/docs/a.txt\\\"],"
                        + "\\\"target\\\":\\\"personal-files/docs/sub\\\",\\\"targetParent\\\":true}\"}";

        JsonNode answer = ok(call("alice", "PUT", "/a/jobs/user/" + job, body));

        assertThat(answer.path("JobUuid").asText()).matches("[0-9a-f-]{36}");
        assertThat(stat(created)).isEqualTo(200);
        assertThat(stat("personal-files/docs/a.txt")).isEqualTo(kept.equals("-") ? 404 : 200);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"JsonParameters":{"nodes":["personal-files/docs/a.txt"],"target":"personal-files/docs/sub"}} | 400
            {"JsonParameters":"not json"}                                                           | 400
            {"JsonParameters":"{\\"nodes\\":[\\"personal-files/docs/missing\\"],\\"target\\":\\"personal-files/docs/sub\\"}"} | 404
            """)
    void userJobWhenParametersWrongThenRefused(String body, int status) {
        assertThat(call("alice", "PUT", "/a/jobs/user/copy", body).statusCode()).isEqualTo(status);
    }

    @Test
    void searchWhenNameMatchesThenResultsFromTheWholeTreeOfTheCallerOnly() throws Exception {
        JsonNode answer = ok(call("alice", "POST", "/a/search/nodes", "{\"Query\":{\"FileName\":\"DOCS\"}}"));

        assertThat(paths(answer.path("Results")))
                .containsExactlyInAnyOrder("personal-files/docs", "personal-files/other/docs-report.txt");
        assertThat(answer.path("Total").isInt()).isTrue();
        assertThat(paths(ok(call(
                                "alice",
                                "POST",
                                "/a/search/nodes",
                                "{\"Query\":{\"FileName\":\"docs\",\"PathPrefix\":[\"personal-files/other\"]}}"))
                        .path("Results")))
                .containsExactly("personal-files/other/docs-report.txt");
    }

    @Test
    void restoreAndSelectionWhenNodesThenMovedBackAndSelected() throws Exception {
        server.send("alice", "MKCOL", "/dav/personal-files/recycle_bin", null);
        server.send("alice", "PUT", "/dav/personal-files/recycle_bin/gone.txt", "back");

        JsonNode restored = ok(call(
                "alice",
                "POST",
                "/a/tree/restore",
                "{\"Nodes\":[{\"Path\":\"personal-files/recycle_bin/gone.txt\"}]}"));
        JsonNode selection = ok(
                call("alice", "POST", "/a/tree/selection", "{\"Nodes\":[{\"Path\":\"personal-files/docs/a.txt\"}]}"));

        assertThat(restored.path("RestoreJobs").get(0).path("NodeUuid").asText())
                .isEqualTo(uuid("personal-files/gone.txt"));
        assertThat(selection.path("SelectionUUID").asText()).isNotEmpty();
        assertThat(paths(selection.path("Nodes"))).containsExactly("personal-files/docs/a.txt");
        assertThat(call("alice", "POST", "/a/tree/restore", "{\"Nodes\":[{\"Path\":\"personal-files/docs/a.txt\"}]}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void sharesAndDocumentTokenWhenCreatedThenCellsShapes() throws Exception {
        String uuid = uuid("personal-files/docs");

        JsonNode link = ok(call(
                "alice",
                "PUT",
                "/a/share/link",
                "{\"ShareLink\":{\"Label\":\"l\",\"RootNodes\":[{\"Uuid\":\"" + uuid + "\"}]}}"));
        JsonNode cell = ok(call(
                "alice",
                "PUT",
                "/a/share/cell",
                "{\"Room\":{\"Label\":\"c\",\"RootNodes\":[{\"Path\":\"personal-files/docs\"}]}}"));
        JsonNode token =
                ok(call("alice", "POST", "/a/auth/token/document", "{\"Path\":\"personal-files/docs/a.txt\"}"));

        assertThat(link.path("LinkHash").asText()).matches("[0-9a-f]{32}");
        assertThat(link.path("RootNodes").get(0).path("Path").asText()).isEqualTo("personal-files/docs");
        assertThat(cell.path("RootNodes").get(0).path("Uuid").asText()).isEqualTo(uuid);
        assertThat(token.path("AccessToken").asText()).hasSize(64);
        assertThat(call("bob", "PUT", "/a/share/link", "{\"ShareLink\":{\"RootNodes\":[{\"Uuid\":\"" + uuid + "\"}]}}")
                        .statusCode())
                .isEqualTo(404);
    }

    private static List<String> paths(JsonNode nodes) {
        List<String> paths = new ArrayList<>();
        nodes.forEach(node -> paths.add(node.path("Path").asText()));
        return paths;
    }
}
