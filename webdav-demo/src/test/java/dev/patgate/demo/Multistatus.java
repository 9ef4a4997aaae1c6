package dev.patgate.demo;

import java.io.StringReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Test helper: a PROPFIND answer as decoded href to properties ({@code {namespace}local} to text). */
final class Multistatus {

    private static final String DAV = "DAV:";

    private Multistatus() {
    }

    static Map<String, Map<String, String>> parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        Map<String, Map<String, String>> answer = new LinkedHashMap<>();
        NodeList responses = document.getElementsByTagNameNS(DAV, "response");
        for (int i = 0; i < responses.getLength(); i++) {
            Element response = (Element) responses.item(i);
            String href = URLDecoder.decode(text(response.getElementsByTagNameNS(DAV, "href").item(0)).replace("+", "%2B"),
                    StandardCharsets.UTF_8);
            Map<String, String> props = new LinkedHashMap<>();
            NodeList propstats = response.getElementsByTagNameNS(DAV, "propstat");
            for (int j = 0; j < propstats.getLength(); j++) {
                Element propstat = (Element) propstats.item(j);
                if (!text(propstat.getElementsByTagNameNS(DAV, "status").item(0)).contains(" 200 ")) {
                    continue;
                }
                Element prop = (Element) propstat.getElementsByTagNameNS(DAV, "prop").item(0);
                for (Node child = prop.getFirstChild(); child != null; child = child.getNextSibling()) {
                    if (child instanceof Element) {
                        Element element = (Element) child;
                        String value = element.getLocalName().equals("resourcetype")
                                ? (element.getElementsByTagNameNS(DAV, "collection").getLength() > 0 ? "collection" : "")
                                : text(element);
                        props.put("{" + element.getNamespaceURI() + "}" + element.getLocalName(), value);
                    }
                }
            }
            answer.put(href, props);
        }
        return answer;
    }

    private static String text(Node node) {
        return node == null ? "" : node.getTextContent().trim();
    }
}
