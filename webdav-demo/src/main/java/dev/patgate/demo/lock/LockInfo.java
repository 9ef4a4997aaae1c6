package dev.patgate.demo.lock;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The body of a LOCK request that asks for a new lock (RFC 4918 §14.11):
 * {@code <D:lockinfo>} with a {@code D:lockscope}, a {@code D:locktype} that must be
 * {@code D:write}, and an optional {@code D:owner}.
 *
 * @param scope exclusive or shared
 * @param owner the content of {@code D:owner} re-serialised as an XML fragment (each element declares
 *              its namespace), to be echoed in lock discovery; empty when absent
 */
public record LockInfo(Lock.Scope scope, String owner) {

    private static final String DAV = "DAV:";

    public LockInfo {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(owner, "owner");
    }

    /**
     * Parses a LOCK body. Document type declarations are refused.
     *
     * @throws LockSyntaxException when it is not well-formed XML, its root is not {@code DAV:lockinfo},
     *                             the scope is missing or unknown, or the type is missing or not write
     */
    public static LockInfo parse(byte[] body) throws LockSyntaxException {
        Element root = parseXml(body).getDocumentElement();
        if (!isDav(root, "lockinfo")) {
            throw new LockSyntaxException("LOCK body must be a DAV:lockinfo element");
        }
        Lock.Scope scope = null;
        boolean write = false;
        String owner = "";
        for (Element child : children(root)) {
            if (isDav(child, "lockscope")) {
                scope = scopeOf(child);
            } else if (isDav(child, "locktype")) {
                List<Element> types = children(child);
                write = types.size() == 1 && isDav(types.get(0), "write");
            } else if (isDav(child, "owner")) {
                owner = serialiseChildren(child);
            }
        }
        if (scope == null) {
            throw new LockSyntaxException("LOCK body needs DAV:lockscope with DAV:exclusive or DAV:shared");
        }
        if (!write) {
            throw new LockSyntaxException("LOCK body needs DAV:locktype with DAV:write");
        }
        return new LockInfo(scope, owner);
    }

    private static Lock.Scope scopeOf(Element lockscope) throws LockSyntaxException {
        List<Element> scopes = children(lockscope);
        if (scopes.size() == 1 && isDav(scopes.get(0), "exclusive")) {
            return Lock.Scope.EXCLUSIVE;
        }
        if (scopes.size() == 1 && isDav(scopes.get(0), "shared")) {
            return Lock.Scope.SHARED;
        }
        throw new LockSyntaxException("DAV:lockscope must hold DAV:exclusive or DAV:shared");
    }

    private static Document parseXml(byte[] body) throws LockSyntaxException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            throw new LockSyntaxException("LOCK body is not well-formed XML");
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no secure XML parser available", e);
        }
    }

    private static boolean isDav(Node node, String localName) {
        return DAV.equals(node.getNamespaceURI()) && localName.equals(node.getLocalName());
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static String serialiseChildren(Element parent) {
        StringBuilder out = new StringBuilder();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            serialise(child, out);
        }
        return out.toString().strip();
    }

    private static void serialise(Node node, StringBuilder out) {
        switch (node.getNodeType()) {
            case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> out.append(Xml.escape(node.getNodeValue()));
            case Node.ELEMENT_NODE -> {
                Element element = (Element) node;
                String namespace = element.getNamespaceURI();
                String name = namespace == null ? element.getLocalName() : "o:" + element.getLocalName();
                out.append('<').append(name);
                if (namespace != null) {
                    out.append(" xmlns:o=\"").append(Xml.escape(namespace)).append('"');
                }
                NamedNodeMap attributes = element.getAttributes();
                for (int i = 0; i < attributes.getLength(); i++) {
                    Attr attribute = (Attr) attributes.item(i);
                    if (attribute.getNamespaceURI() == null) {
                        out.append(' ').append(attribute.getName()).append("=\"")
                                .append(Xml.escape(attribute.getValue())).append('"');
                    }
                }
                out.append('>');
                for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
                    serialise(child, out);
                }
                out.append("</").append(name).append('>');
            }
            default -> {
                // comments and processing instructions are not part of the owner's value
            }
        }
    }
}
