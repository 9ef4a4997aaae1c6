package dev.patgate.demo.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The XML of WebDAV request bodies and answers: a hardened parser, element helpers, text escaping and
 * context-free re-serialisation of elements.
 */
public final class Xml {

    /** The WebDAV namespace. */
    public static final String DAV = "DAV:";

    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // not an error
        }

        @Override
        public void error(SAXParseException e) throws SAXParseException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
        }
    };

    private Xml() {}

    /** {@code text} with {@code & < > " '} replaced by character references; safe in text and attribute values. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Parses a request body, namespace-aware, and returns its root element. A document type declaration
     * is refused, so there are no entities to expand, internal or external; nothing is fetched and
     * nothing is printed.
     *
     * @throws MalformedXmlException when the body is not well-formed XML with well-formed namespaces
     *                               (an empty prefixed binding such as {@code xmlns:p=""} included) or
     *                               has a document type declaration
     */
    public static Element parse(byte[] body) throws MalformedXmlException {
        try {
            return newBuilder().parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (SAXException | IOException e) {
            throw new MalformedXmlException("not well-formed XML");
        }
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(SILENT);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no secure XML parser available", e);
        }
    }

    /** The child elements of {@code parent}, in document order; text and comments are skipped. */
    public static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    /** Whether {@code node} is the element {@code {namespace}localName}. */
    public static boolean is(Node node, String namespace, String localName) {
        return node instanceof Element
                && namespace.equals(node.getNamespaceURI())
                && localName.equals(node.getLocalName());
    }

    /** The name of an element; the namespace is {@code ""} when it has none. */
    public static QName name(Element element) {
        String namespace = element.getNamespaceURI();
        return new QName(namespace == null ? "" : namespace, element.getLocalName());
    }

    /**
     * {@code element} as text that means the same wherever it is pasted, as long as no default
     * namespace is in scope there: each element in a namespace declares it for the prefix {@code o},
     * an element in no namespace has no prefix. Attributes are kept ({@code xml:lang} and the like
     * included); namespace declarations are rewritten; comments and processing instructions are dropped.
     */
    public static String serialise(Element element) {
        StringBuilder out = new StringBuilder();
        write(element, out);
        return out.toString();
    }

    /** The content of {@code element}, serialised as {@link #serialise} does, without the element itself. */
    public static String serialiseContent(Element element) {
        StringBuilder out = new StringBuilder();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            write(child, out);
        }
        return out.toString();
    }

    /** An empty element named {@code name}, as {@link #serialise} writes it. */
    public static String emptyElement(QName name) {
        return name.getNamespaceURI().isEmpty()
                ? "<" + name.getLocalPart() + "/>"
                : "<o:" + name.getLocalPart() + " xmlns:o=\"" + escape(name.getNamespaceURI()) + "\"/>";
    }

    private static void write(Node node, StringBuilder out) {
        switch (node.getNodeType()) {
            case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> out.append(escape(node.getNodeValue()));
            case Node.ELEMENT_NODE -> {
                Element element = (Element) node;
                String namespace = element.getNamespaceURI();
                String name = namespace == null ? element.getLocalName() : "o:" + element.getLocalName();
                out.append('<').append(name);
                if (namespace != null) {
                    out.append(" xmlns:o=\"").append(escape(namespace)).append('"');
                }
                writeAttributes(element.getAttributes(), out);
                out.append('>');
                for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
                    write(child, out);
                }
                out.append("</").append(name).append('>');
            }
            default -> {
                // comments and processing instructions carry no value
            }
        }
    }

    private static void writeAttributes(NamedNodeMap attributes, StringBuilder out) {
        int prefixes = 0;
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            String namespace = attribute.getNamespaceURI();
            String name;
            if (namespace == null) {
                name = attribute.getLocalName();
            } else if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(namespace)) {
                continue;
            } else if (XMLConstants.XML_NS_URI.equals(namespace)) {
                name = "xml:" + attribute.getLocalName();
            } else {
                String prefix = "a" + prefixes++;
                out.append(" xmlns:")
                        .append(prefix)
                        .append("=\"")
                        .append(escape(namespace))
                        .append('"');
                name = prefix + ":" + attribute.getLocalName();
            }
            out.append(' ')
                    .append(name)
                    .append("=\"")
                    .append(escape(attribute.getValue()))
                    .append('"');
        }
    }
}
