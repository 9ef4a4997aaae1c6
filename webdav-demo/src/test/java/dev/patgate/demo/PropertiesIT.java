package dev.patgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.XMLConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

/** WebDAV properties over HTTP: PROPPATCH of dead properties, PROPFIND of them and of live ones, COPY and DELETE. */
class PropertiesIT {

    private static final String FILE = "/dav/personal-files/p.txt";
    private static final String NS = "http://example.com/neon/litmus/";
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

    @TempDir
    Path data;

    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data);
        server.send("alice", "PUT", FILE, "p");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String href(String path) {
        return server.uri(path).toString();
    }

    private HttpResponse<String> proppatch(String path, String instructions) {
        return server.send(
                "alice",
                "PROPPATCH",
                path,
                HEAD + "<D:propertyupdate xmlns:D=\"DAV:\">" + instructions + "</D:propertyupdate>");
    }

    private static String set(String property) {
        return "<D:set><D:prop>" + property + "</D:prop></D:set>";
    }

    private static String remove(String property) {
        return "<D:remove><D:prop>" + property + "</D:prop></D:remove>";
    }

    /** PROPFIND depth 0 for the given property elements; checks the answer is a readable 207. */
    private HttpResponse<String> propfind(String path, String properties) throws Exception {
        HttpResponse<String> response = server.send(
                "alice",
                "PROPFIND",
                path,
                HEAD + "<D:propfind xmlns:D=\"DAV:\"><D:prop>" + properties + "</D:prop></D:propfind>",
                "Depth",
                "0");
        assertThat(response.statusCode()).isEqualTo(207);
        Multistatus.statuses(response.body());
        return response;
    }

    private Map<String, Integer> statuses(HttpResponse<String> response, String path) throws Exception {
        assertThat(response.statusCode()).isEqualTo(207);
        return Multistatus.statuses(response.body()).get(href(path));
    }

    private Map<String, String> found(String path, String properties) throws Exception {
        return Multistatus.parse(propfind(path, properties).body()).get(href(path));
    }

    @Test
    void proppatchWhenRemoveThenSetThenSetThenAppliedInDocumentOrder() throws Exception {
        String removeset = "<removeset xmlns='" + NS + "'";

        HttpResponse<String> patch = proppatch(
                FILE, remove(removeset + "/>") + set(removeset + ">x</removeset>") + set(removeset + ">y</removeset>"));

        assertThat(statuses(patch, FILE)).containsExactly(Map.entry("{" + NS + "}removeset", 200));
        assertThat(found(FILE, removeset + "/>")).containsExactly(Map.entry("{" + NS + "}removeset", "y"));
    }

    @Test
    void proppatchWhenSetThenRemoveThenGoneAnd404KeepsTheNamespace() throws Exception {
        String removeset = "<removeset xmlns='" + NS + "'";

        proppatch(FILE, set(removeset + ">x</removeset>") + remove(removeset + "/>"));

        assertThat(statuses(propfind(FILE, removeset + "/><D:nosuch/><other xmlns=\"\"/>"), FILE))
                .containsExactly(
                        Map.entry("{" + NS + "}removeset", 404),
                        Map.entry("{DAV:}nosuch", 404),
                        Map.entry("{}other", 404));
    }

    @Test
    void propertyWithoutNamespaceWhenSetThenPropfindReturnsItAndRemoveDropsIt() throws Exception {
        HttpResponse<String> patch = proppatch(FILE, set("<nonamespace xmlns=\"\">randomvalue</nonamespace>"));

        assertThat(statuses(patch, FILE)).containsExactly(Map.entry("{}nonamespace", 200));
        assertThat(found(FILE, "<nonamespace xmlns=\"\"/>")).containsExactly(Map.entry("{}nonamespace", "randomvalue"));
        HttpResponse<String> all = server.send("alice", "PROPFIND", FILE, null, "Depth", "0");
        assertThat(Multistatus.parse(all.body()).get(href(FILE))).containsEntry("{}nonamespace", "randomvalue");

        proppatch(FILE, remove("<nonamespace xmlns=\"\"/>"));
        assertThat(statuses(propfind(FILE, "<nonamespace xmlns=\"\"/>"), FILE))
                .containsExactly(Map.entry("{}nonamespace", 404));
    }

    @Test
    void proppatchWhenAProtectedPropertyIsNamedThen403And424AndNothingApplied() throws Exception {
        proppatch(FILE, set("<z:color xmlns:z=\"urn:z\">old</z:color>"));

        HttpResponse<String> patch = proppatch(
                FILE,
                set("<z:color xmlns:z=\"urn:z\">new</z:color><D:getetag>x</D:getetag>"
                                + "<p:uuid xmlns:p=\"http://pydio.com/\">x</p:uuid>")
                        + remove("<z:size xmlns:z=\"urn:z\"/>"));

        assertThat(statuses(patch, FILE))
                .containsOnly(
                        Map.entry("{urn:z}color", 424),
                        Map.entry("{DAV:}getetag", 403),
                        Map.entry("{http://pydio.com/}uuid", 403),
                        Map.entry("{urn:z}size", 424));
        assertThat(patch.body()).contains("<D:cannot-modify-protected-property/>");
        assertThat(found(FILE, "<z:color xmlns:z=\"urn:z\"/>")).containsExactly(Map.entry("{urn:z}color", "old"));
    }

    @Test
    void propertyWhenValueHasMarkupThenReturnedWithItsNamespacesAndLanguage() throws Exception {
        proppatch(
                FILE,
                set("<t:valnspace xmlns:t='" + NS + "' xml:lang=\"en\">a &amp; <foo xmlns='http://bar' k=\"v\">b</foo>"
                        + "</t:valnspace>"));

        HttpResponse<String> response = propfind(FILE, "<valnspace xmlns='" + NS + "'/>");

        Element property = Multistatus.element(response.body(), NS, "valnspace");
        assertThat(property.getAttributeNS(XMLConstants.XML_NS_URI, "lang")).isEqualTo("en");
        assertThat(property.getTextContent()).isEqualTo("a & b");
        Element foo =
                (Element) property.getElementsByTagNameNS("http://bar", "foo").item(0);
        assertThat(foo.getAttribute("k")).isEqualTo("v");
    }

    @Test
    void propfindWhenAllpropOrPropnameThenDeadPropertiesListedWithLiveOnes() throws Exception {
        proppatch(FILE, set("<z:color xmlns:z=\"urn:z\">red</z:color>"));

        HttpResponse<String> all = server.send(
                "alice",
                "PROPFIND",
                FILE,
                HEAD + "<D:propfind xmlns:D=\"DAV:\"><D:allprop/></D:propfind>",
                "Depth",
                "0");
        HttpResponse<String> names = server.send(
                "alice",
                "PROPFIND",
                FILE,
                HEAD + "<D:propfind xmlns:D=\"DAV:\"><D:propname/></D:propfind>",
                "Depth",
                "0");

        assertThat(Multistatus.parse(all.body()).get(href(FILE)))
                .containsEntry("{urn:z}color", "red")
                .containsEntry("{DAV:}getcontentlength", "1");
        assertThat(Multistatus.parse(names.body()).get(href(FILE)))
                .containsEntry("{urn:z}color", "")
                .containsKeys("{DAV:}getetag", "{http://pydio.com/}uuid");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<foo>",
                "<D:propfind xmlns:D=\"DAV:\"><D:prop><bar:foo xmlns:bar=\"\"/></D:prop></D:propfind>",
                "<D:propfind xmlns:D=\"DAV:\"/>",
                "<D:lockinfo xmlns:D=\"DAV:\"><D:allprop/></D:lockinfo>",
                "<?xml version=\"1.0\"?><!DOCTYPE D:propfind [<!ENTITY e \"x\">]><D:propfind xmlns:D=\"DAV:\"><D:allprop/></D:propfind>"
            })
    void propfindWhenBodyMalformedThenBadRequest(String body) {
        HttpResponse<String> response = server.send("alice", "PROPFIND", FILE, body, "Depth", "0");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<foo>",
                "<D:propertyupdate xmlns:D=\"DAV:\"/>",
                "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><z:a xmlns:z=\"urn:z\">v</z:a></D:set></D:propertyupdate>",
                "<?xml version=\"1.0\"?><!DOCTYPE D:propertyupdate [<!ENTITY e \"x\">]><D:propertyupdate xmlns:D=\"DAV:\">"
                        + "<D:set><D:prop><z:a xmlns:z=\"urn:z\">&e;</z:a></D:prop></D:set></D:propertyupdate>"
            })
    void proppatchWhenBodyMalformedThenBadRequestAndNothingSet(String body) throws Exception {
        assertThat(server.send("alice", "PROPPATCH", FILE, body).statusCode()).isEqualTo(400);

        assertThat(statuses(propfind(FILE, "<z:a xmlns:z=\"urn:z\"/>"), FILE))
                .containsExactly(Map.entry("{urn:z}a", 404));
    }

    @Test
    void proppatchWhenTopLevelOrMissingThenRefusedWithoutMultistatus() {
        String body = HEAD + "<D:propertyupdate xmlns:D=\"DAV:\">" + set("<z:a xmlns:z=\"urn:z\">v</z:a>")
                + "</D:propertyupdate>";

        assertThat(server.send("alice", "PROPPATCH", "/dav/", body).statusCode())
                .isEqualTo(403);
        assertThat(server.send("alice", "PROPPATCH", "/dav/personal-files/missing.txt", body)
                        .statusCode())
                .isEqualTo(404);
        assertThat(server.send("alice", "PROPPATCH", "/dav/other-files/x", body).statusCode())
                .isEqualTo(404);
    }

    @Test
    void moveWhenNodeMovedThenItsPropertiesFollow() throws Exception {
        proppatch(FILE, set("<z:color xmlns:z=\"urn:z\">red</z:color>"));

        server.send("alice", "MOVE", FILE, null, "Destination", href("/dav/personal-files/q.txt"));

        assertThat(found("/dav/personal-files/q.txt", "<z:color xmlns:z=\"urn:z\"/>"))
                .containsExactly(Map.entry("{urn:z}color", "red"));
    }

    @Test
    void copyWhenFolderCopiedThenEveryCopyHasItsOriginalsPropertiesIndependently() throws Exception {
        server.send("alice", "MKCOL", "/dav/personal-files/docs", null);
        server.send("alice", "PUT", "/dav/personal-files/docs/a.txt", "a");
        proppatch("/dav/personal-files/docs/", set("<z:color xmlns:z=\"urn:z\">folder</z:color>"));
        proppatch("/dav/personal-files/docs/a.txt", set("<bare xmlns=\"\">a</bare>"));

        HttpResponse<String> copy = server.send(
                "alice", "COPY", "/dav/personal-files/docs/", null, "Destination", href("/dav/common-files/copy/"));
        proppatch("/dav/personal-files/docs/a.txt", set("<bare xmlns=\"\">changed</bare>"));

        assertThat(copy.statusCode()).isEqualTo(201);
        assertThat(found("/dav/common-files/copy/", "<z:color xmlns:z=\"urn:z\"/>"))
                .containsExactly(Map.entry("{urn:z}color", "folder"));
        assertThat(found("/dav/common-files/copy/a.txt", "<bare xmlns=\"\"/>"))
                .containsExactly(Map.entry("{}bare", "a"));
    }

    @Test
    void copyWhenOverwritingThenTheDestinationsOldPropertiesAreGone() throws Exception {
        server.send("alice", "PUT", "/dav/personal-files/target.txt", "t");
        proppatch("/dav/personal-files/target.txt", set("<z:old xmlns:z=\"urn:z\">old</z:old>"));
        proppatch(FILE, set("<z:new xmlns:z=\"urn:z\">new</z:new>"));

        HttpResponse<String> copy = server.send(
                "alice", "COPY", FILE, null, "Destination", href("/dav/personal-files/target.txt"), "Overwrite", "T");

        assertThat(copy.statusCode()).isEqualTo(204);
        assertThat(statuses(
                        propfind(
                                "/dav/personal-files/target.txt",
                                "<z:old xmlns:z=\"urn:z\"/><z:new xmlns:z=\"urn:z\"/>"),
                        "/dav/personal-files/target.txt"))
                .containsOnly(Map.entry("{urn:z}old", 404), Map.entry("{urn:z}new", 200));
    }

    @Test
    void deleteWhenNodeRecreatedAtTheSamePathThenItHasNoProperties() throws Exception {
        proppatch(FILE, set("<z:color xmlns:z=\"urn:z\">red</z:color>"));

        assertThat(server.send("alice", "DELETE", FILE, null).statusCode()).isEqualTo(204);
        server.send("alice", "PUT", FILE, "again");

        assertThat(statuses(propfind(FILE, "<z:color xmlns:z=\"urn:z\"/>"), FILE))
                .containsExactly(Map.entry("{urn:z}color", 404));
    }
}
