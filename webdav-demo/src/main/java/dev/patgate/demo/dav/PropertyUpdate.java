package dev.patgate.demo.dav;

import dev.patgate.demo.xml.MalformedXmlException;
import dev.patgate.demo.xml.Xml;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * The body of a PROPPATCH request (RFC 4918 §9.2, §14.19): the properties to set and to remove, in
 * document order, which is the order they must be applied in.
 *
 * @param changes at least one
 */
record PropertyUpdate(List<Change> changes) {

    /**
     * Setting or removing one property.
     *
     * @param name    the property; the namespace is {@code ""} when it has none
     * @param element for a set, the whole property element as {@link Xml#serialise} writes it (its
     *                value is the element's content, markup included); null for a remove
     */
    record Change(QName name, String element) {

        Change {
            Objects.requireNonNull(name, "name");
        }

        boolean isSet() {
            return element != null;
        }
    }

    PropertyUpdate {
        changes = List.copyOf(changes);
    }

    /**
     * Parses a PROPPATCH body. Elements in other namespaces than {@code DAV:} and unknown {@code DAV:}
     * elements are ignored (RFC 4918 §17).
     *
     * @throws MalformedXmlException when the body is not well-formed, its root is not
     *                               {@code DAV:propertyupdate}, a {@code DAV:set} or {@code DAV:remove}
     *                               holds no {@code DAV:prop}, or no property is named at all
     */
    static PropertyUpdate parse(byte[] body) throws MalformedXmlException {
        Element root = Xml.parse(body);
        if (!Xml.is(root, Xml.DAV, "propertyupdate")) {
            throw new MalformedXmlException("a PROPPATCH body must be a DAV:propertyupdate element");
        }
        List<Change> changes = new ArrayList<>();
        for (Element instruction : Xml.children(root)) {
            boolean set = Xml.is(instruction, Xml.DAV, "set");
            if (!set && !Xml.is(instruction, Xml.DAV, "remove")) {
                continue;
            }
            List<Element> props = Xml.children(instruction).stream()
                    .filter(child -> Xml.is(child, Xml.DAV, "prop"))
                    .toList();
            if (props.isEmpty()) {
                throw new MalformedXmlException("DAV:" + instruction.getLocalName() + " needs a DAV:prop");
            }
            for (Element prop : props) {
                for (Element property : Xml.children(prop)) {
                    changes.add(new Change(Xml.name(property), set ? Xml.serialise(property) : null));
                }
            }
        }
        if (changes.isEmpty()) {
            throw new MalformedXmlException("DAV:propertyupdate names no property to set or remove");
        }
        return new PropertyUpdate(changes);
    }
}
