package dev.patgate.demo.dav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.demo.dav.PropertyUpdate.Change;
import dev.patgate.demo.xml.MalformedXmlException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.namespace.QName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PropertyUpdateTest {

    private static final String NS = "http://example.com/neon/litmus/";
    private static final QName REMOVESET = new QName(NS, "removeset");

    private static PropertyUpdate parse(String body) throws MalformedXmlException {
        return PropertyUpdate.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of(
                        "document order kept (litmus propremoveset)",
                        "<?xml version=\"1.0\" encoding=\"utf-8\" ?>"
                                + "<propertyupdate xmlns='DAV:'><remove><prop><removeset xmlns='" + NS
                                + "'/></prop></remove>"
                                + "<set><prop><removeset xmlns='" + NS + "'>x</removeset></prop></set>"
                                + "<set><prop><removeset xmlns='" + NS
                                + "'>y</removeset></prop></set></propertyupdate>",
                        List.of(
                                new Change(REMOVESET, null),
                                new Change(REMOVESET, "<o:removeset xmlns:o=\"" + NS + "\">x</o:removeset>"),
                                new Change(REMOVESET, "<o:removeset xmlns:o=\"" + NS + "\">y</o:removeset>"))),
                Arguments.of(
                        "no namespace, several in one prop",
                        "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop>"
                                + "<nonamespace xmlns=\"\">randomvalue</nonamespace><D:getetag>e</D:getetag></D:prop></D:set>"
                                + "</D:propertyupdate>",
                        List.of(
                                new Change(new QName("", "nonamespace"), "<nonamespace>randomvalue</nonamespace>"),
                                new Change(new QName("DAV:", "getetag"), "<o:getetag xmlns:o=\"DAV:\">e</o:getetag>"))),
                Arguments.of(
                        "value with markup in another namespace",
                        "<propertyupdate xmlns='DAV:'><set><prop>"
                                + "<t:valnspace xmlns:t='" + NS
                                + "'><foo xmlns='http://bar'/></t:valnspace></prop></set>"
                                + "</propertyupdate>",
                        List.of(new Change(
                                new QName(NS, "valnspace"),
                                "<o:valnspace xmlns:o=\"" + NS + "\">"
                                        + "<o:foo xmlns:o=\"http://bar\"></o:foo></o:valnspace>"))),
                Arguments.of(
                        "foreign and unknown elements ignored",
                        "<D:propertyupdate xmlns:D=\"DAV:\"><x:y xmlns:x=\"urn:x\"/>"
                                + "<D:future/><D:remove><D:prop><z:c xmlns:z=\"urn:z\">ignored</z:c></D:prop></D:remove>"
                                + "</D:propertyupdate>",
                        List.of(new Change(new QName("urn:z", "c"), null))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parseWhenValidThenChangesInDocumentOrder(String name, String body, List<Change> changes) throws Exception {
        assertThat(parse(body).changes()).containsExactlyElementsOf(changes);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "<D:propertyupdate xmlns:D=\"DAV:\">",
                "<propertyupdate><set><prop><a/></prop></set></propertyupdate>",
                "<D:propfind xmlns:D=\"DAV:\"><D:set><D:prop><a/></D:prop></D:set></D:propfind>",
                "<D:propertyupdate xmlns:D=\"DAV:\"/>",
                "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><a/></D:set></D:propertyupdate>",
                "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop/></D:set><D:remove><D:prop/></D:remove></D:propertyupdate>",
                "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><p:a xmlns:p=\"\"/></D:prop></D:set></D:propertyupdate>",
                "<?xml version=\"1.0\"?><!DOCTYPE D:propertyupdate [<!ENTITY e \"x\">]><D:propertyupdate xmlns:D=\"DAV:\">"
                        + "<D:set><D:prop><z:a xmlns:z=\"urn:z\">&e;</z:a></D:prop></D:set></D:propertyupdate>"
            })
    void parseWhenMalformedThenRefused(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(MalformedXmlException.class);
    }
}
