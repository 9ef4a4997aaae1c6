package dev.patgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.testsupport.TestClock;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** WebDAV class 2: LOCK, UNLOCK, the If header, 423 on locked writes and lock discovery, over HTTP. */
class LockingIT {

    private static final String FILE = "/dav/personal-files/a.txt";
    private static final String SHARED_FILE = "/dav/common-files/team.txt";
    private static final String ALLPROP =
            "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\"><D:allprop/></D:propfind>";

    @TempDir
    Path data;

    final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data, clock);
        server.send("alice", "PUT", FILE, "a");
        server.send("alice", "PUT", SHARED_FILE, "t");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String lockInfo(String scope, String owner) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:" + scope
                + "/></D:lockscope><D:locktype><D:write/></D:locktype>" + owner + "</D:lockinfo>";
    }

    private HttpResponse<String> lock(String login, String path, String scope, String depth, String... headers) {
        List<String> all = new ArrayList<>(List.of("Depth", depth, "Timeout", "Second-600"));
        all.addAll(List.of(headers));
        return server.send(
                login, "LOCK", path, lockInfo(scope, "<D:owner>" + login + "</D:owner>"), all.toArray(String[]::new));
    }

    /** Takes a lock and returns its token, failing the test unless the LOCK succeeded. */
    private String token(String login, String path, String scope, String depth) {
        HttpResponse<String> response = lock(login, path, scope, depth);
        assertThat(response.statusCode()).as("LOCK %s", path).isIn(200, 201);
        String header = response.headers().firstValue("Lock-Token").orElseThrow();
        return header.substring(1, header.length() - 1);
    }

    private String href(String path) {
        return server.uri(path).toString();
    }

    private static String ifToken(String token) {
        return "(<" + token + ">)";
    }

    /** The {@code activelock}s in a LOCK answer or a PROPFIND answer, as element name to text. */
    private static List<Map<String, String>> activeLocks(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        NodeList found = document.getElementsByTagNameNS("DAV:", "activelock");
        List<Map<String, String>> locks = new ArrayList<>();
        for (int i = 0; i < found.getLength(); i++) {
            Element activeLock = (Element) found.item(i);
            Map<String, String> lock = new LinkedHashMap<>();
            for (String name : List.of("lockscope", "depth", "owner", "timeout", "locktoken", "lockroot")) {
                Element element = (Element)
                        activeLock.getElementsByTagNameNS("DAV:", name).item(0);
                String value = element == null ? null : element.getTextContent().strip();
                if (name.equals("lockscope") && element != null) {
                    value = ((Element)
                                    element.getElementsByTagNameNS("DAV:", "*").item(0))
                            .getLocalName();
                }
                lock.put(name, value);
            }
            locks.add(lock);
        }
        return locks;
    }

    @Test
    void lockWhenExclusiveOnFileThenTokenHeaderAndLockInAnswer() throws Exception {
        HttpResponse<String> response = lock("alice", FILE, "exclusive", "0");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Lock-Token").orElseThrow())
                .matches("<opaquelocktoken:[0-9a-f-]{36}>");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/xml");
        String token = response.headers().firstValue("Lock-Token").orElseThrow().replaceAll("[<>]", "");
        assertThat(activeLocks(response.body()))
                .containsExactly(Map.of(
                        "lockscope",
                        "exclusive",
                        "depth",
                        "0",
                        "owner",
                        "alice",
                        "timeout",
                        "Second-600",
                        "locktoken",
                        token,
                        "lockroot",
                        href(FILE)));
    }

    @Test
    void unlockWhenTokenMatchesThenLockGoneAndOthersMayWrite() {
        String token = token("alice", SHARED_FILE, "exclusive", "0");

        HttpResponse<String> unlock =
                server.send("alice", "UNLOCK", SHARED_FILE, null, "Lock-Token", "<" + token + ">");

        assertThat(unlock.statusCode()).isEqualTo(204);
        assertThat(server.send("bob", "PUT", SHARED_FILE, "by bob").statusCode())
                .isIn(200, 204);
        assertThat(server.send("alice", "UNLOCK", SHARED_FILE, null, "Lock-Token", "<" + token + ">")
                        .statusCode())
                .isEqualTo(409);
    }

    @Test
    void refusalWhenBodyLeftUnreadThenConnectionCloseSoThatTheNextRequestGoesThrough() {
        token("alice", SHARED_FILE, "exclusive", "0");

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> put = server.send("bob", "PUT", SHARED_FILE, "x".repeat(i + 1));
            assertThat(put.statusCode()).isEqualTo(423);
            assertThat(put.headers().firstValue("Connection")).hasValue("close");
            assertThat(server.send("bob", "GET", SHARED_FILE, null).statusCode())
                    .isEqualTo(200);
        }
        HttpResponse<String> delete = server.send("bob", "DELETE", SHARED_FILE, null);
        assertThat(delete.statusCode()).isEqualTo(423);
        assertThat(delete.headers().firstValue("Connection")).isEmpty();
    }

    @Test
    void writeWhenLockedAndNoTokenThenLocked() {
        String token = token("alice", FILE, "exclusive", "0");
        server.send("alice", "PUT", "/dav/personal-files/other.txt", "o");

        List<HttpResponse<String>> refused = List.of(
                server.send("alice", "PUT", FILE, "x"),
                server.send("alice", "DELETE", FILE, null),
                server.send("alice", "MOVE", FILE, null, "Destination", href("/dav/personal-files/moved.txt")),
                server.send("alice", "COPY", "/dav/personal-files/other.txt", null, "Destination", href(FILE)),
                server.send(
                        "alice",
                        "PROPPATCH",
                        FILE,
                        "<?xml version=\"1.0\"?><D:propertyupdate xmlns:D=\"DAV:\">"
                                + "<D:set><D:prop><z:color xmlns:z=\"urn:example\">red</z:color></D:prop></D:set></D:propertyupdate>"));

        assertThat(refused).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(423);
            assertThat(response.body()).contains("<D:lock-token-submitted><D:href>" + href(FILE) + "</D:href>");
        });
        assertThat(server.send("alice", "GET", FILE, null).body()).isEqualTo("a");
        assertThat(server.send("alice", "PUT", FILE, "x", "If", "(<" + token + "x>)")
                        .statusCode())
                .isEqualTo(412);
    }

    @Test
    void writeWhenTokenSubmittedUntaggedOrTaggedThenAllowed() {
        String token = token("alice", FILE, "exclusive", "0");

        assertThat(server.send("alice", "PUT", FILE, "one", "If", ifToken(token))
                        .statusCode())
                .isIn(200, 204);
        assertThat(server.send("alice", "PUT", FILE, "two", "If", "<" + href(FILE) + "> " + ifToken(token))
                        .statusCode())
                .isIn(200, 204);
        assertThat(server.send("alice", "GET", FILE, null).body()).isEqualTo("two");
    }

    @Test
    void writeWhenAnotherUserSubmitsTheTokenThenLocked() {
        String token = token("alice", SHARED_FILE, "exclusive", "0");

        assertThat(server.send("bob", "PUT", SHARED_FILE, "x", "If", ifToken(token))
                        .statusCode())
                .isEqualTo(423);
        assertThat(server.send("bob", "UNLOCK", SHARED_FILE, null, "Lock-Token", "<" + token + ">")
                        .statusCode())
                .isEqualTo(403);
        assertThat(server.send("alice", "PUT", SHARED_FILE, "x", "If", ifToken(token))
                        .statusCode())
                .isIn(200, 204);
    }

    @Test
    void lockWhenSharedAndExclusiveMeetThenOnlySharedLocksCoexist() {
        String first = token("alice", SHARED_FILE, "shared", "0");
        String second = token("bob", SHARED_FILE, "shared", "0");

        HttpResponse<String> exclusive = lock("carol", SHARED_FILE, "exclusive", "0");

        assertThat(first).isNotEqualTo(second);
        assertThat(exclusive.statusCode()).isEqualTo(423);
        assertThat(exclusive.body()).contains("<D:no-conflicting-lock><D:href>" + href(SHARED_FILE) + "</D:href>");
        server.send("alice", "UNLOCK", SHARED_FILE, null, "Lock-Token", "<" + first + ">");
        server.send("bob", "UNLOCK", SHARED_FILE, null, "Lock-Token", "<" + second + ">");
        token("carol", SHARED_FILE, "exclusive", "0");
        assertThat(lock("alice", SHARED_FILE, "shared", "0").statusCode()).isEqualTo(423);
    }

    @Test
    void lockWhenDepthInfinityOnFolderThenChildrenAreProtected() throws Exception {
        server.send("alice", "MKCOL", "/dav/personal-files/docs", null);
        server.send("alice", "PUT", "/dav/personal-files/docs/in.txt", "in");
        String token = token("alice", "/dav/personal-files/docs/", "exclusive", "infinity");

        assertThat(server.send("alice", "PUT", "/dav/personal-files/docs/in.txt", "x")
                        .statusCode())
                .isEqualTo(423);
        assertThat(server.send("alice", "PUT", "/dav/personal-files/docs/new.txt", "x")
                        .statusCode())
                .isEqualTo(423);
        assertThat(server.send("alice", "MKCOL", "/dav/personal-files/docs/sub", null)
                        .statusCode())
                .isEqualTo(423);
        assertThat(server.send("alice", "DELETE", "/dav/personal-files/docs/in.txt", null)
                        .statusCode())
                .isEqualTo(423);
        assertThat(lock("alice", "/dav/personal-files/docs/in.txt", "shared", "0")
                        .statusCode())
                .isEqualTo(423);
        assertThat(server.send(
                                "alice",
                                "PUT",
                                "/dav/personal-files/docs/new.txt",
                                "x",
                                "If",
                                "<" + href("/dav/personal-files/docs/") + "> " + ifToken(token))
                        .statusCode())
                .isEqualTo(201);

        HttpResponse<String> propfind = server.send(
                "alice",
                "PROPFIND",
                "/dav/personal-files/docs/in.txt",
                "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\"><D:prop><D:lockdiscovery/></D:prop></D:propfind>",
                "Depth",
                "0");
        assertThat(activeLocks(propfind.body())).singleElement().satisfies(lock -> {
            assertThat(lock).containsEntry("locktoken", token).containsEntry("depth", "infinity");
            assertThat(lock).containsEntry("lockroot", href("/dav/personal-files/docs/"));
        });
    }

    @Test
    void lockWhenDepthZeroOnFolderThenMembershipProtectedButNotChildContent() {
        server.send("alice", "MKCOL", "/dav/personal-files/docs", null);
        server.send("alice", "PUT", "/dav/personal-files/docs/in.txt", "in");
        token("alice", "/dav/personal-files/docs/", "exclusive", "0");

        assertThat(server.send("alice", "PUT", "/dav/personal-files/docs/in.txt", "x")
                        .statusCode())
                .isIn(200, 204);
        assertThat(server.send("alice", "PUT", "/dav/personal-files/docs/new.txt", "x")
                        .statusCode())
                .isEqualTo(423);
        assertThat(server.send("alice", "DELETE", "/dav/personal-files/docs/in.txt", null)
                        .statusCode())
                .isEqualTo(423);
        assertThat(server.send("alice", "DELETE", "/dav/personal-files/docs/", null)
                        .statusCode())
                .isEqualTo(423);
    }

    @Test
    void deleteWhenFolderHasALockedMemberThenLockedUntilItsTokenIsSubmitted() {
        server.send("alice", "MKCOL", "/dav/personal-files/docs", null);
        server.send("alice", "PUT", "/dav/personal-files/docs/in.txt", "in");
        String token = token("alice", "/dav/personal-files/docs/in.txt", "exclusive", "0");

        assertThat(server.send("alice", "DELETE", "/dav/personal-files/docs/", null)
                        .statusCode())
                .isEqualTo(423);
        assertThat(server.send(
                                "alice",
                                "DELETE",
                                "/dav/personal-files/docs/",
                                null,
                                "If",
                                "<" + href("/dav/personal-files/docs/in.txt") + "> " + ifToken(token))
                        .statusCode())
                .isEqualTo(204);
        assertThat(server.send("alice", "MKCOL", "/dav/personal-files/docs", null)
                        .statusCode())
                .isEqualTo(201);
        assertThat(server.send("alice", "PUT", "/dav/personal-files/docs/in.txt", "again")
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void moveWhenSourceLockedAndTokenSubmittedThenLockStaysBehind() throws Exception {
        String token = token("alice", FILE, "exclusive", "0");

        assertThat(server.send(
                                "alice",
                                "MOVE",
                                FILE,
                                null,
                                "Destination",
                                href("/dav/personal-files/b.txt"),
                                "If",
                                ifToken(token))
                        .statusCode())
                .isEqualTo(201);

        assertThat(server.send("alice", "PUT", "/dav/personal-files/b.txt", "free")
                        .statusCode())
                .isIn(200, 204);
        assertThat(server.send("alice", "PUT", FILE, "new a").statusCode()).isEqualTo(201);
        assertThat(server.send("alice", "UNLOCK", FILE, null, "Lock-Token", "<" + token + ">")
                        .statusCode())
                .isEqualTo(409);
    }

    @Test
    void copyWhenSourceLockedThenCopyIsNotLocked() {
        token("alice", FILE, "exclusive", "0");

        assertThat(server.send("alice", "COPY", FILE, null, "Destination", href("/dav/personal-files/c.txt"))
                        .statusCode())
                .isEqualTo(201);
        assertThat(server.send("alice", "PUT", "/dav/personal-files/c.txt", "free")
                        .statusCode())
                .isIn(200, 204);
    }

    @Test
    void lockWhenClockPassesTheTimeoutThenLockLapses() {
        token("alice", SHARED_FILE, "exclusive", "0");

        clock.advance(Duration.ofSeconds(599));
        assertThat(server.send("bob", "PUT", SHARED_FILE, "x").statusCode()).isEqualTo(423);
        clock.advance(Duration.ofSeconds(1));
        assertThat(server.send("bob", "PUT", SHARED_FILE, "x").statusCode()).isIn(200, 204);
    }

    @Test
    void refreshWhenNoBodyAndTokenInIfThenTimeoutRestarts() throws Exception {
        String token = token("alice", SHARED_FILE, "exclusive", "0");
        clock.advance(Duration.ofSeconds(500));

        HttpResponse<String> refresh =
                server.send("alice", "LOCK", SHARED_FILE, null, "If", ifToken(token), "Timeout", "Second-300");

        assertThat(refresh.statusCode()).isEqualTo(200);
        assertThat(activeLocks(refresh.body()))
                .singleElement()
                .satisfies(lock ->
                        assertThat(lock).containsEntry("timeout", "Second-300").containsEntry("locktoken", token));
        clock.advance(Duration.ofSeconds(299));
        assertThat(server.send("bob", "PUT", SHARED_FILE, "x").statusCode()).isEqualTo(423);
        assertThat(server.send("bob", "LOCK", SHARED_FILE, null, "If", ifToken(token))
                        .statusCode())
                .isEqualTo(403);
        assertThat(server.send("alice", "LOCK", SHARED_FILE, null).statusCode()).isEqualTo(400);
        clock.advance(Duration.ofSeconds(1));
        assertThat(server.send("alice", "LOCK", SHARED_FILE, null, "If", ifToken(token))
                        .statusCode())
                .isEqualTo(412);
    }

    @Test
    void timeoutWhenInfiniteOrHugeThenCappedAtOneDay() throws Exception {
        HttpResponse<String> response =
                server.send("alice", "LOCK", FILE, lockInfo("exclusive", ""), "Timeout", "Infinite, Second-4100000000");

        assertThat(activeLocks(response.body()))
                .singleElement()
                .satisfies(lock -> assertThat(lock)
                        .containsEntry("timeout", "Second-86400")
                        .containsEntry("owner", null)
                        .containsEntry("depth", "infinity"));
    }

    @Test
    void propfindWhenLockedThenLockdiscoveryAndSupportedlockListed() throws Exception {
        String token = token("alice", FILE, "shared", "0");
        clock.advance(Duration.ofSeconds(100));

        HttpResponse<String> propfind = server.send("alice", "PROPFIND", FILE, ALLPROP, "Depth", "0");

        assertThat(propfind.statusCode()).isEqualTo(207);
        assertThat(activeLocks(propfind.body()))
                .containsExactly(Map.of(
                        "lockscope",
                        "shared",
                        "depth",
                        "0",
                        "owner",
                        "alice",
                        "timeout",
                        "Second-500",
                        "locktoken",
                        token,
                        "lockroot",
                        href(FILE)));
        assertThat(propfind.body())
                .contains(
                        "<d:supportedlock><d:lockentry><d:lockscope><d:exclusive/></d:lockscope>"
                                + "<d:locktype><d:write/></d:locktype></d:lockentry><d:lockentry><d:lockscope><d:shared/></d:lockscope>");
        assertThat(activeLocks(
                        server.send("alice", "PROPFIND", "/dav/personal-files/welcome.txt", ALLPROP, "Depth", "0")
                                .body()))
                .isEmpty();
    }

    @Test
    void lockWhenUrlUnmappedThenEmptyFileCreatedAndLocked() {
        HttpResponse<String> response = lock("alice", "/dav/personal-files/new.txt", "exclusive", "0");

        assertThat(response.statusCode()).isEqualTo(201);
        HttpResponse<String> get = server.send("alice", "GET", "/dav/personal-files/new.txt", null);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEmpty();
        String token = response.headers().firstValue("Lock-Token").orElseThrow().replaceAll("[<>]", "");
        assertThat(server.send("alice", "PUT", "/dav/personal-files/new.txt", "x")
                        .statusCode())
                .isEqualTo(423);
        assertThat(server.send("alice", "PUT", "/dav/personal-files/new.txt", "x", "If", ifToken(token))
                        .statusCode())
                .isIn(200, 204);
        assertThat(lock("alice", "/dav/personal-files/no/such.txt", "exclusive", "0")
                        .statusCode())
                .isEqualTo(409);
    }

    @Test
    void lockWhenMalformedOrAtTheTopThenRefused() {
        assertThat(server.send("alice", "LOCK", FILE, "<not xml").statusCode()).isEqualTo(400);
        assertThat(server.send(
                                "alice",
                                "LOCK",
                                FILE,
                                "<?xml version=\"1.0\"?><D:lockinfo xmlns:D=\"DAV:\"><D:lockscope>"
                                        + "<D:exclusive/></D:lockscope></D:lockinfo>")
                        .statusCode())
                .isEqualTo(400);
        assertThat(lock("alice", FILE, "exclusive", "1").statusCode()).isEqualTo(400);
        assertThat(server.send("alice", "LOCK", FILE, lockInfo("exclusive", ""), "Timeout", "Minute-5")
                        .statusCode())
                .isEqualTo(400);
        assertThat(lock("alice", "/dav/", "exclusive", "0").statusCode()).isEqualTo(403);
        assertThat(server.send("alice", "UNLOCK", FILE, null).statusCode()).isEqualTo(400);
        assertThat(server.send("alice", "PUT", FILE, "x").statusCode())
                .as("no lock was taken")
                .isIn(200, 204);
    }

    @Test
    void ifHeaderWhenFalseOrMalformedThenPreconditionFailedOrBadRequest() {
        String etag = server.send("alice", "HEAD", FILE, null)
                .headers()
                .firstValue("ETag")
                .orElseThrow();

        assertThat(server.send("alice", "PUT", FILE, "x", "If", "([\"nope\"])").statusCode())
                .isEqualTo(412);
        assertThat(server.send("alice", "PUT", FILE, "x", "If", "(<DAV:no-lock>)")
                        .statusCode())
                .isEqualTo(412);
        assertThat(server.send("alice", "PUT", FILE, "x", "If", "(<DAV:no-lock").statusCode())
                .isEqualTo(400);
        assertThat(server.send("alice", "GET", FILE, null, "If", "([\"nope\"])").statusCode())
                .isEqualTo(412);
        assertThat(server.send("alice", "PUT", FILE, "x", "If", "([" + etag + "])")
                        .statusCode())
                .isIn(200, 204);
        assertThat(server.send("alice", "PUT", FILE, "y", "If", "(Not <DAV:no-lock>)")
                        .statusCode())
                .isIn(200, 204);
    }

    @Test
    void optionsWhenFileThenClass2AndLockMethodsAdvertised() {
        HttpResponse<String> file = server.send("alice", "OPTIONS", FILE, null);
        HttpResponse<String> top = server.send("alice", "OPTIONS", "/dav/", null);

        assertThat(file.headers().firstValue("DAV")).hasValue("1, 2");
        assertThat(file.headers().firstValue("Allow").orElseThrow()).contains("PROPFIND", "LOCK", "UNLOCK");
        assertThat(top.headers().firstValue("DAV")).hasValue("1");
        assertThat(top.headers().firstValue("Allow").orElseThrow()).doesNotContain("LOCK");
    }
}
