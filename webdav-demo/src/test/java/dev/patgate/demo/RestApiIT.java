package dev.patgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data);
        server.send("alice", "MKCOL", "/dav/personal-files/docs", null);
        server.send("alice", "PUT", "/dav/personal-files/docs/a.txt", "hello");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> post(String login, String path, String body) {
        return server.send(login, "POST", path, body, "Content-Type", "application/json");
    }

    private static List<String> paths(JsonNode nodes) {
        List<String> paths = new ArrayList<>();
        nodes.forEach(node -> paths.add(node.get("Path").asText()));
        return paths;
    }

    @Test
    void statWhenFileExistsThenAnswersTheNode() throws Exception {
        HttpResponse<String> response = server.send("alice", "GET", "/a/tree/stat/personal-files/docs/a.txt", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode node = json(response).get("Node");
        assertThat(UUID.fromString(node.get("Uuid").asText()).version()).isEqualTo(4);
        assertThat(node.get("Path").asText()).isEqualTo("personal-files/docs/a.txt");
        assertThat(node.get("Type").asText()).isEqualTo("LEAF");
        assertThat(node.get("Size").asLong()).isEqualTo(5);
        assertThat(node.get("MTime").asLong())
                .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(120L));
        assertThat(node.get("Etag").asText()).matches("[0-9a-f]{32}");
        assertThat(node.fieldNames()).toIterable().containsExactly("Uuid", "Path", "Type", "Size", "MTime", "Etag");
    }

    @Test
    void statWhenWorkspaceRootThenCollectionNamedBySlug() throws Exception {
        JsonNode node = json(server.send("alice", "GET", "/a/tree/stat/common-files", null))
                .get("Node");

        assertThat(node.get("Path").asText()).isEqualTo("common-files");
        assertThat(node.get("Type").asText()).isEqualTo("COLLECTION");
    }

    @ParameterizedTest
    @CsvSource({
        "/a/tree/stat/personal-files/nope.txt, 404",
        "/a/tree/stat/other-files/x, 404",
        "/a/tree/stat/, 400",
        "/a/tree/nothing, 404",
        "/n/node/, 404",
        "/n/node/a/b, 404"
    })
    void getWhenMissingOrWrongThenJsonError(String path, int status) throws Exception {
        HttpResponse<String> response = server.send("alice", "GET", path, null);

        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode error = json(response);
        assertThat(error.get("Code").asInt()).isEqualTo(status);
        assertThat(error.get("Title").asText()).isNotBlank();
    }

    @Test
    void statsWhenPathsAndChildPatternsThenFoundNodesInOrderMissingOmitted() throws Exception {
        HttpResponse<String> response = post(
                "alice",
                "/a/tree/stats",
                "{\"NodePaths\":[\"personal-files/docs/a.txt\",\"personal-files/missing\",\"common-files/*\","
                        + "\"other-files/x\",\"personal-files/*\",\"personal-files/nope/*\"]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(paths(json(response).get("Nodes")))
                .containsExactly(
                        "personal-files/docs/a.txt",
                        "common-files/readme.txt",
                        "personal-files/docs",
                        "personal-files/welcome.txt");
    }

    @Test
    void statsWhenStarAloneThenWorkspaceRoots() throws Exception {
        JsonNode nodes =
                json(post("alice", "/a/tree/stats", "{\"NodePaths\":[\"*\"]}")).get("Nodes");

        assertThat(paths(nodes)).containsExactly("personal-files", "common-files");
    }

    @Test
    void createWhenFoldersAndFilesThenCreatedWithParentsAndVisibleOverWebDav() throws Exception {
        HttpResponse<String> response = post(
                "alice",
                "/a/tree/create",
                "{\"Nodes\":[{\"Path\":\"personal-files/new/deep\",\"Type\":\"COLLECTION\"},"
                        + "{\"Path\":\"common-files/empty.txt\",\"Type\":\"LEAF\"},{\"Path\":\"personal-files/untyped\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode nodes = json(response).get("Nodes");
        assertThat(paths(nodes))
                .containsExactly("personal-files/new/deep", "common-files/empty.txt", "personal-files/untyped");
        assertThat(nodes.get(0).get("Type").asText()).isEqualTo("COLLECTION");
        assertThat(nodes.get(1).get("Size").asLong()).isZero();
        assertThat(server.send("alice", "PROPFIND", "/dav/personal-files/new/deep/", null, "Depth", "0")
                        .statusCode())
                .isEqualTo(207);
        assertThat(server.send("bob", "GET", "/dav/common-files/empty.txt", null)
                        .statusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"Nodes\":[{\"Path\":\"personal-files/docs\",\"Type\":\"COLLECTION\"}]}  | 409",
                "{\"Nodes\":[{\"Path\":\"personal-files/x\",\"Type\":\"FOLDER\"}]}         | 400",
                "{\"Nodes\":[{\"Path\":\"personal-files/../x\"}]}                          | 400",
                "{\"Nodes\":[{\"Type\":\"LEAF\"}]}                                         | 400",
                "{\"Nodes\":[]}                                                            | 400",
                "{\"Nodes\":[{\"Path\":\"other-files/x\"}]}                                | 404",
                "{\"Nodes\":[{\"Path\":\"personal-files/docs/a.txt/x\"}]}                  | 409"
            })
    void createWhenRefusedThenJsonErrorAndNothingCreated(String body, int status) throws Exception {
        HttpResponse<String> response = post("alice", "/a/tree/create", body);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(json(response).get("Code").asInt()).isEqualTo(status);
        assertThat(server.send("alice", "GET", "/a/tree/stat/personal-files/x", null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void deleteWhenNodesExistThenDeletedAndUuidForgotten() throws Exception {
        String uuid = json(server.send("alice", "GET", "/a/tree/stat/personal-files/docs/a.txt", null))
                .at("/Node/Uuid")
                .asText();

        HttpResponse<String> response = post(
                "alice",
                "/a/tree/delete",
                "{\"Nodes\":[{\"Path\":\"personal-files/docs\"},{\"Path\":\"personal-files/docs/a.txt\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("DeleteJobs").isArray()).isTrue();
        assertThat(server.send("alice", "GET", "/a/tree/stat/personal-files/docs", null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(server.send("alice", "GET", "/n/node/" + uuid, null).statusCode())
                .isEqualTo(404);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"Nodes\":[{\"Path\":\"personal-files/docs/a.txt\"},{\"Path\":\"personal-files/nope\"}]} | 404",
                "{\"Nodes\":[{\"Path\":\"personal-files/docs/a.txt\"},{\"Path\":\"common-files\"}]}        | 403",
                "{\"Nodes\":null}                                                                        | 400"
            })
    void deleteWhenAnyNodeRefusedThenNothingDeleted(String body, int status) throws Exception {
        HttpResponse<String> response = post("alice", "/a/tree/delete", body);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(json(response).get("Code").asInt()).isEqualTo(status);
        assertThat(server.send("alice", "GET", "/a/tree/stat/personal-files/docs/a.txt", null)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void nodeWhenUuidKnownThenTheNodeItself() throws Exception {
        JsonNode stat = json(server.send("alice", "GET", "/a/tree/stat/personal-files/docs/a.txt", null))
                .get("Node");

        HttpResponse<String> response =
                server.send("alice", "GET", "/n/node/" + stat.get("Uuid").asText(), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(stat);
    }

    @Test
    void nodeWhenOtherUsersPersonalNodeThenNotFoundLikeUnknown() throws Exception {
        String alices = json(server.send("alice", "GET", "/a/tree/stat/personal-files/docs/a.txt", null))
                .at("/Node/Uuid")
                .asText();
        String readme = json(server.send("alice", "GET", "/a/tree/stat/common-files/readme.txt", null))
                .at("/Node/Uuid")
                .asText();

        HttpResponse<String> hidden = server.send("bob", "GET", "/n/node/" + alices, null);
        HttpResponse<String> unknown = server.send("bob", "GET", "/n/node/" + UUID.randomUUID(), null);

        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(hidden.body()).isEqualTo(unknown.body());
        assertThat(server.send("bob", "GET", "/n/node/" + readme, null).statusCode())
                .isEqualTo(200);
        assertThat(json(post("bob", "/a/tree/stats", "{\"NodePaths\":[\"personal-files/docs/a.txt\"]}"))
                        .get("Nodes"))
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/a/tree/stats  | {\"NodePaths\":[        | 400",
                "/a/tree/stats  | ''                      | 400",
                "/a/tree/stats  | null                    | 400",
                "/a/tree/stats  | {\"NodePaths\":\"x\"}   | 400",
                "/a/tree/stats  | {\"NodePaths\":[null]}  | 400",
                "/a/tree/stats  | {}                      | 400",
                "/a/tree/create | [1,2]                   | 400",
                "/a/tree/create | {\"Nodes\":[7]}         | 400",
                "/a/tree/delete | <xml/>                  | 400"
            })
    void postWhenBodyMalformedThenBadRequestJson(String path, String body, int status) throws Exception {
        HttpResponse<String> response = post("alice", path, body);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(json(response).get("Code").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.");
    }

    @Test
    void requestWhenWrongMethodThenMethodNotAllowedWithAllow() throws Exception {
        HttpResponse<String> get = server.send("alice", "GET", "/a/tree/stats", null);
        HttpResponse<String> post = post("alice", "/a/tree/stat/common-files", "{}");

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(json(get).get("Code").asInt()).isEqualTo(405);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    }
}
