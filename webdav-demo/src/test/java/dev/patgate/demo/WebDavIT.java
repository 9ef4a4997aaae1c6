package dev.patgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebDavIT {

    private static final String UUID_PROP = "{http://pydio.com/}uuid";
    private static final String PROPFIND_UUID = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\" "
            + "xmlns:p=\"http://pydio.com/\"><d:prop><p:uuid/><d:resourcetype/><d:getcontentlength/></d:prop></d:propfind>";

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

    private Map<String, Map<String, String>> propfind(String login, String path, String depth) throws Exception {
        HttpResponse<String> response = server.send(login, "PROPFIND", path, PROPFIND_UUID, "Depth", depth);
        assertThat(response.statusCode()).isEqualTo(207);
        return Multistatus.parse(response.body());
    }

    private String uuidOf(String login, String path) throws Exception {
        return propfind(login, path, "0").values().iterator().next().get(UUID_PROP);
    }

    private String href(String path) {
        return server.uri(path).toString();
    }

    @Test
    void propfindWhenRootAtDepth1ThenListsTheTwoWorkspaces() throws Exception {
        Map<String, Map<String, String>> answer = Multistatus.parse(
                server.send("alice", "PROPFIND", "/dav/", null, "Depth", "1").body());

        assertThat(answer).containsOnlyKeys(href("/dav/"), href("/dav/personal-files/"), href("/dav/common-files/"));
        assertThat(answer.get(href("/dav/common-files/"))).containsEntry("{DAV:}resourcetype", "collection");
    }

    @Test
    void propfindWhenDepth0ThenOnlyTheTarget() throws Exception {
        assertThat(propfind("alice", "/dav/personal-files/", "0")).containsOnlyKeys(href("/dav/personal-files/"));
    }

    @Test
    void roundTripWhenPutGetMkcolMoveCopyDeleteThenEachStepIsVisible() throws Exception {
        assertThat(server.send("alice", "PUT", "/dav/personal-files/a.txt", "hello")
                        .statusCode())
                .isEqualTo(201);
        String uuid = uuidOf("alice", "/dav/personal-files/a.txt");
        HttpResponse<String> get = server.send("alice", "GET", "/dav/personal-files/a.txt", null);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("hello");
        HttpResponse<String> head = server.send("alice", "HEAD", "/dav/personal-files/a.txt", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("5");
        assertThat(get.headers().firstValue("Server")).isEmpty();

        assertThat(server.send("alice", "MKCOL", "/dav/personal-files/docs", null)
                        .statusCode())
                .isEqualTo(201);
        assertThat(server.send(
                                "alice",
                                "MOVE",
                                "/dav/personal-files/a.txt",
                                null,
                                "Destination",
                                href("/dav/personal-files/docs/b.txt"))
                        .statusCode())
                .isEqualTo(201);
        assertThat(server.send("alice", "GET", "/dav/personal-files/a.txt", null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(uuidOf("alice", "/dav/personal-files/docs/b.txt")).isEqualTo(uuid);

        assertThat(server.send(
                                "alice",
                                "COPY",
                                "/dav/personal-files/docs",
                                null,
                                "Destination",
                                href("/dav/common-files/docs-copy"))
                        .statusCode())
                .isEqualTo(201);
        assertThat(server.send("alice", "GET", "/dav/common-files/docs-copy/b.txt", null)
                        .body())
                .isEqualTo("hello");
        assertThat(uuidOf("alice", "/dav/common-files/docs-copy/b.txt")).isNotEqualTo(uuid);

        assertThat(server.send("alice", "DELETE", "/dav/personal-files/docs", null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(server.send("alice", "GET", "/dav/personal-files/docs/b.txt", null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(propfind("alice", "/dav/personal-files/", "1")).doesNotContainKey(href("/dav/personal-files/docs/"));
    }

    @Test
    void putWhenReplacingContentThenUuidStaysAndContentChanges() throws Exception {
        server.send("alice", "PUT", "/dav/personal-files/a.txt", "one");
        String uuid = uuidOf("alice", "/dav/personal-files/a.txt");

        assertThat(server.send("alice", "PUT", "/dav/personal-files/a.txt", "second")
                        .statusCode())
                .isIn(200, 204);

        assertThat(uuidOf("alice", "/dav/personal-files/a.txt")).isEqualTo(uuid);
        assertThat(server.send("alice", "GET", "/dav/personal-files/a.txt", null)
                        .body())
                .isEqualTo("second");
    }

    @Test
    void moveWhenFolderRenamedThenUuidsOfFolderAndContentStay() throws Exception {
        server.send("alice", "MKCOL", "/dav/personal-files/old", null);
        server.send("alice", "PUT", "/dav/personal-files/old/f.txt", "x");
        String folder = uuidOf("alice", "/dav/personal-files/old/");
        String file = uuidOf("alice", "/dav/personal-files/old/f.txt");

        assertThat(server.send(
                                "alice",
                                "MOVE",
                                "/dav/personal-files/old/",
                                null,
                                "Destination",
                                href("/dav/personal-files/new/"))
                        .statusCode())
                .isEqualTo(201);

        assertThat(uuidOf("alice", "/dav/personal-files/new/")).isEqualTo(folder);
        assertThat(uuidOf("alice", "/dav/personal-files/new/f.txt")).isEqualTo(file);
    }

    @Test
    void moveWhenTargetExistsThenOverwriteHeaderDecides() throws Exception {
        server.send("alice", "PUT", "/dav/personal-files/a.txt", "a");
        server.send("alice", "PUT", "/dav/personal-files/b.txt", "b");
        String uuid = uuidOf("alice", "/dav/personal-files/a.txt");

        assertThat(server.send(
                                "alice",
                                "MOVE",
                                "/dav/personal-files/a.txt",
                                null,
                                "Destination",
                                href("/dav/personal-files/b.txt"),
                                "Overwrite",
                                "F")
                        .statusCode())
                .isEqualTo(412);
        assertThat(server.send(
                                "alice",
                                "MOVE",
                                "/dav/personal-files/a.txt",
                                null,
                                "Destination",
                                href("/dav/personal-files/b.txt"),
                                "Overwrite",
                                "T")
                        .statusCode())
                .isEqualTo(204);

        assertThat(server.send("alice", "GET", "/dav/personal-files/b.txt", null)
                        .body())
                .isEqualTo("a");
        assertThat(uuidOf("alice", "/dav/personal-files/b.txt")).isEqualTo(uuid);
    }

    @Test
    void putWhenNameHasSpacesAndAccentsThenRoundTrips() throws Exception {
        assertThat(server.send("alice", "PUT", "/dav/personal-files/%C3%A9t%C3%A9%20report.txt", "x")
                        .statusCode())
                .isEqualTo(201);

        assertThat(server.send("alice", "GET", "/dav/personal-files/%C3%A9t%C3%A9%20report.txt", null)
                        .body())
                .isEqualTo("x");
        assertThat(propfind("alice", "/dav/personal-files/", "1"))
                .containsKey(href("/dav/personal-files/") + "été report.txt");
        String rest = server.send("alice", "GET", "/a/tree/stat/personal-files/%C3%A9t%C3%A9%20report.txt", null)
                .body();
        assertThat(new ObjectMapper().readTree(rest).at("/Node/Path").asText())
                .isEqualTo("personal-files/été report.txt");
    }

    @Test
    void personalFilesWhenOtherUserThenInvisibleButCommonFilesShared() throws Exception {
        server.send("bob", "PUT", "/dav/personal-files/secret.txt", "bob's");
        server.send("bob", "PUT", "/dav/common-files/shared.txt", "for all");

        assertThat(server.send("alice", "GET", "/dav/personal-files/secret.txt", null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(propfind("alice", "/dav/personal-files/", "1"))
                .doesNotContainKey(href("/dav/personal-files/secret.txt"));
        assertThat(server.send("alice", "GET", "/dav/common-files/shared.txt", null)
                        .body())
                .isEqualTo("for all");
        assertThat(uuidOf("alice", "/dav/personal-files/")).isNotEqualTo(uuidOf("bob", "/dav/personal-files/"));
        assertThat(server.send("alice", "GET", "/dav/personal-files/welcome.txt", null)
                        .body())
                .contains("alice");
    }

    @Test
    void writeWhenAtTheTopOrOnAWorkspaceRootThenForbidden() {
        assertThat(server.send("alice", "PUT", "/dav/x.txt", "x").statusCode()).isEqualTo(403);
        assertThat(server.send("alice", "MKCOL", "/dav/other-files", null).statusCode())
                .isEqualTo(403);
        assertThat(server.send("alice", "DELETE", "/dav/personal-files/", null).statusCode())
                .isEqualTo(403);
        assertThat(server.send(
                                "alice",
                                "MOVE",
                                "/dav/common-files/",
                                null,
                                "Destination",
                                href("/dav/personal-files/c"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(server.send("alice", "GET", "/dav/common-files/readme.txt", null)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void putWhenParentFoldersMissingThenMiltonCreatesThem() throws Exception {
        assertThat(server.send("alice", "PUT", "/dav/personal-files/x/y/z.txt", "z")
                        .statusCode())
                .isEqualTo(201);

        assertThat(propfind("alice", "/dav/personal-files/x/y/", "0")
                        .values()
                        .iterator()
                        .next())
                .containsEntry("{DAV:}resourcetype", "collection");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "PUT, /dav/personal-files/file.txt/child.txt",
        "PUT, /dav/personal-files/file.txt/deeper/child.txt",
        "MKCOL, /dav/personal-files/file.txt/sub",
        "COPY, /dav/personal-files/welcome.txt",
        "MOVE, /dav/personal-files/welcome.txt"
    })
    void createWhenAnAncestorIsAFileThenConflictAndNothingChanges(String method, String path) throws Exception {
        assertThat(server.send("alice", "PUT", "/dav/personal-files/file.txt", "a file")
                        .statusCode())
                .isEqualTo(201);
        boolean transfer = method.equals("COPY") || method.equals("MOVE");

        HttpResponse<String> response = transfer
                ? server.send("alice", method, path, null, "Destination", href("/dav/personal-files/file.txt/copy.txt"))
                : server.send("alice", method, path, method.equals("PUT") ? "child" : null);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).doesNotContain("Exception");
        assertThat(server.send("alice", "GET", "/dav/personal-files/file.txt", null)
                        .body())
                .isEqualTo("a file");
        assertThat(server.send("alice", "GET", "/dav/personal-files/welcome.txt", null)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void getWhenFolderThenNotImplemented() {
        assertThat(server.send("alice", "GET", "/dav/personal-files/", null).statusCode())
                .isEqualTo(501);
    }

    @Test
    void mkcolWhenParentMissingThenConflict() {
        assertThat(server.send("alice", "MKCOL", "/dav/personal-files/no/such", null)
                        .statusCode())
                .isEqualTo(409);
    }

    @Test
    void unknownMethodWhenSentThenCleanNotImplemented() {
        HttpResponse<String> brew = server.send("alice", "BREW", "/dav/", null);

        assertThat(brew.statusCode()).isEqualTo(501);
        assertThat(brew.body()).isEqualTo("method not implemented\n");
        assertThat(server.send("alice", "GET", "/dav/personal-files/welcome.txt", null)
                        .statusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"})
    void putWhenBodyLooksLikeAFormThenStoredAsItIs(String contentType) {
        String body = contentType.startsWith("multipart")
                ? "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n"
                : "a=b&c=%41";

        HttpResponse<String> put =
                server.send("alice", "PUT", "/dav/personal-files/form.txt", body, "Content-Type", contentType);

        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(server.send("alice", "GET", "/dav/personal-files/form.txt", null)
                        .body())
                .isEqualTo(body);
    }

    @Test
    void mkcolWhenBodyThenUnsupportedMediaTypeAndNothingCreated() {
        HttpResponse<String> sized =
                server.send("alice", "MKCOL", "/dav/personal-files/sized", "afafafaf", "Content-Type", "xzy-foo/bar");
        HttpResponse<String> chunked = server.send(server.request("alice", "MKCOL", "/dav/personal-files/chunked")
                .method(
                        "MKCOL",
                        HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)))));

        assertThat(sized.statusCode()).isEqualTo(415);
        assertThat(chunked.statusCode()).isEqualTo(415);
        assertThat(server.send("alice", "PROPFIND", "/dav/personal-files/sized", null, "Depth", "0")
                        .statusCode())
                .isEqualTo(404);
        assertThat(server.send("alice", "PROPFIND", "/dav/personal-files/chunked", null, "Depth", "0")
                        .statusCode())
                .isEqualTo(404);
        assertThat(server.send(server.request("alice", "MKCOL", "/dav/personal-files/empty")
                                .method(
                                        "MKCOL",
                                        HttpRequest.BodyPublishers.ofInputStream(InputStream::nullInputStream)))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void getWhenRangeRequestedThenPartialOrWholeContent() {
        server.send("alice", "PUT", "/dav/personal-files/r.txt", "0123456789");

        HttpResponse<String> middle =
                server.send("alice", "GET", "/dav/personal-files/r.txt", null, "Range", "bytes=2-4");
        HttpResponse<String> open = server.send("alice", "GET", "/dav/personal-files/r.txt", null, "Range", "bytes=7-");
        HttpResponse<String> suffix =
                server.send("alice", "GET", "/dav/personal-files/r.txt", null, "Range", "bytes=-3");

        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo("234");
        assertThat(open.body()).isEqualTo("789");
        assertThat(suffix.statusCode()).isEqualTo(200);
        assertThat(suffix.body()).isEqualTo("0123456789");
    }

    @Test
    void propfindWhenForwardedHeadersPresentThenHrefsNameTheGateway() throws Exception {
        HttpResponse<String> response = server.send(
                "alice",
                "PROPFIND",
                "/dav/common-files/",
                null,
                "Depth",
                "0",
                "X-Forwarded-Host",
                "gateway.example:9443",
                "X-Forwarded-Proto",
                "https");

        assertThat(Multistatus.parse(response.body()))
                .containsOnlyKeys("https://gateway.example:9443/dav/common-files/");
    }

    @Test
    void requestWhenOutsideTheApiThenNotFound() {
        assertThat(server.send("alice", "GET", "/elsewhere", null).statusCode()).isEqualTo(404);
        assertThat(server.send("alice", "PROPFIND", "/dav/other-files/", null, "Depth", "0")
                        .statusCode())
                .isEqualTo(404);
    }
}
