package dev.patgate.demo.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import javax.xml.namespace.QName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

class XmlTest {

    private static Element parse(String xml) throws MalformedXmlException {
        return Xml.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "<foo>",
                "<a></b>",
                "<D:propfind xmlns:D=\"DAV:\"><D:prop><bar:foo xmlns:bar=\"\"/></D:prop></D:propfind>",
                "<p:unbound/>",
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><x>&e;</x>",
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
                "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://127.0.0.1:1/x.dtd\"><x/>",
                "<x>&undeclared;</x>",
                "<x/><y/>"
            })
    void parseWhenNotWellFormedOrHasDoctypeThenMalformed(String xml) {
        assertThatThrownBy(() -> parse(xml)).isInstanceOf(MalformedXmlException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "text escaped|<p xmlns=\"urn:x\">a &amp; b &lt; c &gt; d</p>|<o:p xmlns:o=\"urn:x\">a &amp; b &lt; c &gt; d</o:p>",
                "no namespace|<p>v</p>|<p>v</p>",
                "no namespace undeclared|<x:w xmlns:x=\"urn:w\"><p xmlns=\"\">v</p></x:w>|<o:w xmlns:o=\"urn:w\"><p>v</p></o:w>",
                "nested namespaces|<t:p xmlns:t=\"urn:t\"><foo xmlns=\"http://bar\"/></t:p>|<o:p xmlns:o=\"urn:t\"><o:foo xmlns:o=\"http://bar\"></o:foo></o:p>",
                "attributes kept|<p xmlns=\"urn:x\" xml:lang=\"en\" plain=\"&quot;q&apos;\" xmlns:a=\"urn:a\" a:k=\"v\"/>"
                        + "|<o:p xmlns:o=\"urn:x\" xmlns:a0=\"urn:a\" a0:k=\"v\" plain=\"&quot;q&apos;\" xml:lang=\"en\"></o:p>",
                "comments and instructions dropped, CDATA as text|<p><!-- c --><?pi x?><![CDATA[<raw>]]></p>|<p>&lt;raw&gt;</p>",
                "character references resolved|<p>&#65536;</p>|<p>\uD800\uDC00</p>"
            })
    void serialiseWhenParsedThenSelfContained(String name, String xml, String expected) throws Exception {
        assertThat(Xml.serialise(parse(xml))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"urn:x|p|<o:p xmlns:o=\"urn:x\"/>", "''|p|<p/>", "DAV:|getetag|<o:getetag xmlns:o=\"DAV:\"/>"})
    void emptyElementWhenNamedThenPrefixedOnlyWithANamespace(String namespace, String local, String expected) {
        assertThat(Xml.emptyElement(new QName(namespace, local))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"<x:p xmlns:x=\"urn:x\"/>|urn:x", "<p/>|''", "<p xmlns=\"urn:d\"/>|urn:d"})
    void nameWhenParsedThenEmptyNamespaceWhenNone(String xml, String namespace) throws Exception {
        assertThat(Xml.name(parse(xml))).isEqualTo(new QName(namespace, "p"));
    }
}
