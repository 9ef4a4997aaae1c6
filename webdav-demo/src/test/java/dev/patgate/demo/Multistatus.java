package dev.patgate.demo;

import java.io.StringReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Test helper: a multistatus answer as decoded href to properties ({@code {namespace}local}, the
 * namespace empty when there is none) to their text ({@link #parse}, found ones only) or status code
 * ({@link #statuses}).
 */
final class Multistatus {

    private static final String DAV = "DAV:";

    private Multistatus() {}

    static Map<String, Map<String, String>> parse(String xml) throws Exception {
        Map<String, Map<String, String>> answer = new LinkedHashMap<>();
        properties(xml).forEach((href, properties) -> {
            Map<String, String> found = new LinkedHashMap<>();
            properties.stream().filter(property -> property.status() == 200).forEach(property -> {
                Element element = property.element();
                found.put(
                        nameOf(element),
                        element.getLocalName().equals("resourcetype")
                                ? (element.getElementsByTagNameNS(DAV, "collection")
                                                        .getLength()
                                                > 0
                                        ? "collection"
                                        : "")
                                : text(element));
            });
            answer.put(href, found);
        });
        return answer;
    }

    static Map<String, Map<String, Integer>> statuses(String xml) throws Exception {
        Map<String, Map<String, Integer>> answer = new LinkedHashMap<>();
        properties(xml).forEach((href, properties) -> {
            Map<String, Integer> statuses = new LinkedHashMap<>();
            properties.forEach(property -> statuses.put(nameOf(property.element()), property.status()));
            answer.put(href, statuses);
        });
        return answer;
    }

    /** The first element named {@code {namespace}local} in a document, to look at its markup. */
    static Element element(String xml, String namespace, String local) throws Exception {
        return (Element) document(xml).getElementsByTagNameNS(namespace, local).item(0);
    }

    private record Property(int status, Element element) {}

    private static Map<String, List<Property>> properties(String xml) throws Exception {
        Map<String, List<Property>> answer = new LinkedHashMap<>();
        NodeList responses = document(xml).getElementsByTagNameNS(DAV, "response");
        for (int i = 0; i < responses.getLength(); i++) {
            Element response = (Element) responses.item(i);
            String href = URLDecoder.decode(
                    text(response.getElementsByTagNameNS(DAV, "href").item(0)).replace("+", "%2B"),
                    StandardCharsets.UTF_8);
            List<Property> properties = answer.computeIfAbsent(href, key -> new ArrayList<>());
            NodeList propstats = response.getElementsByTagNameNS(DAV, "propstat");
            for (int j = 0; j < propstats.getLength(); j++) {
                Element propstat = (Element) propstats.item(j);
                int status = Integer.parseInt(
                        text(propstat.getElementsByTagNameNS(DAV, "status").item(0))
                                .split(" ")[1]);
                Element prop =
                        (Element) propstat.getElementsByTagNameNS(DAV, "prop").item(0);
                for (Node child = prop.getFirstChild(); child != null; child = child.getNextSibling()) {
                    if (child instanceof Element element) {
                        properties.add(new Property(status, element));
                    }
                }
            }
        }
        return answer;
    }

    private static Document document(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static String nameOf(Element element) {
        return "{" + (element.getNamespaceURI() == null ? "" : element.getNamespaceURI()) + "}"
                + element.getLocalName();
    }

    private static String text(Node node) {
        return node == null ? "" : node.getTextContent().trim();
    }
}
