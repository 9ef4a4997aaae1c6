package dev.patgate.demo.dav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.demo.dav.PropfindBody.Kind;
import dev.patgate.demo.xml.MalformedXmlException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PropfindBodyTest {

    private static PropfindBody parse(String body) throws MalformedXmlException {
        return PropfindBody.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> valid() {
        QName etag = new QName("DAV:", "getetag");
        return Stream.of(
                Arguments.of("empty body", "", Kind.ALLPROP, List.of()),
                Arguments.of("blank body", " \r\n", Kind.ALLPROP, List.of()),
                Arguments.of("allprop", "<propfind xmlns=\"DAV:\"><allprop/></propfind>", Kind.ALLPROP, List.of()),
                Arguments.of(
                        "allprop with include",
                        "<D:propfind xmlns:D=\"DAV:\"><D:allprop/><D:include><D:getetag/>"
                                + "</D:include></D:propfind>",
                        Kind.ALLPROP,
                        List.of(etag)),
                Arguments.of(
                        "propname",
                        "<D:propfind xmlns:D=\"DAV:\"><D:propname/></D:propfind>",
                        Kind.PROPNAME,
                        List.of()),
                Arguments.of(
                        "prop, names in order, repeats dropped, no namespace kept",
                        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<propfind xmlns=\"DAV:\"><prop>\n<getetag/>"
                                + "<nonamespace xmlns=\"\"/><z:c xmlns:z=\"urn:z\">ignored</z:c><getetag/></prop></propfind>",
                        Kind.PROP,
                        List.of(etag, new QName("", "nonamespace"), new QName("urn:z", "c"))),
                Arguments.of(
                        "foreign and unknown elements ignored",
                        "<D:propfind xmlns:D=\"DAV:\"><x:ext xmlns:x=\"urn:x\"/>"
                                + "<D:future/><D:prop><D:getetag/></D:prop></D:propfind>",
                        Kind.PROP,
                        List.of(etag)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parseWhenValidThenKindAndNames(String name, String body, Kind kind, List<QName> names) throws Exception {
        assertThat(parse(body)).isEqualTo(new PropfindBody(kind, names));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<foo>",
                "<D:propfind xmlns:D=\"DAV:\"><D:prop><bar:foo xmlns:bar=\"\"/></D:prop></D:propfind>",
                "<propfind><prop><getetag/></prop></propfind>",
                "<D:propertyupdate xmlns:D=\"DAV:\"><D:prop><D:getetag/></D:prop></D:propertyupdate>",
                "<D:propfind xmlns:D=\"DAV:\"/>",
                "<D:propfind xmlns:D=\"DAV:\"><D:prop/></D:propfind>",
                "<D:propfind xmlns:D=\"DAV:\"><D:allprop/><D:propname/></D:propfind>",
                "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:getetag/></D:prop><D:prop><D:getetag/></D:prop></D:propfind>",
                "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:getetag/></D:prop><D:include><D:getetag/></D:include></D:propfind>",
                "<?xml version=\"1.0\"?><!DOCTYPE D:propfind [<!ENTITY e \"x\">]><D:propfind xmlns:D=\"DAV:\"><D:allprop/></D:propfind>"
            })
    void parseWhenMalformedThenRefused(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(MalformedXmlException.class);
    }

    @Test
    void toMiltonWhenPropThenSameNames() throws Exception {
        PropfindBody body =
                parse("<D:propfind xmlns:D=\"DAV:\"><D:prop><n xmlns=\"\"/><D:getetag/></D:prop></D:propfind>");

        assertThat(body.toMilton().isAllProp()).isFalse();
        assertThat(body.toMilton().getNames())
                .containsExactlyInAnyOrder(new QName("", "n"), new QName("DAV:", "getetag"));
        assertThat(PropfindBody.ALL.toMilton().isAllProp()).isTrue();
    }
}
