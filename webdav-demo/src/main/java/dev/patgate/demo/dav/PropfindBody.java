package dev.patgate.demo.dav;

import dev.patgate.demo.xml.MalformedXmlException;
import dev.patgate.demo.xml.Xml;
import io.milton.http.webdav.PropertiesRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * The body of a PROPFIND request (RFC 4918 §9.1, §14.20): which properties to report.
 *
 * @param kind  what is asked for
 * @param names for {@link Kind#PROP}, the properties asked for (at least one); for
 *              {@link Kind#ALLPROP}, those of {@code DAV:include}; in document order, without repeats.
 *              A property without a namespace has the namespace {@code ""}.
 */
record PropfindBody(Kind kind, List<QName> names) {

    enum Kind {
        /** {@code DAV:allprop}, or no body: the dead properties and the live ones the server lists. */
        ALLPROP,
        /** {@code DAV:propname}: the names of all properties. */
        PROPNAME,
        /** {@code DAV:prop}: the named properties. */
        PROP
    }

    static final PropfindBody ALL = new PropfindBody(Kind.ALLPROP, List.of());

    PropfindBody {
        Objects.requireNonNull(kind, "kind");
        names = List.copyOf(names);
    }

    /**
     * Parses a PROPFIND body. An empty (or blank) body means {@code allprop} (RFC 4918 §9.1). Elements
     * in other namespaces than {@code DAV:} and unknown {@code DAV:} elements inside
     * {@code DAV:propfind} are ignored (RFC 4918 §17).
     *
     * @throws MalformedXmlException when the body is not well-formed, or its root is not
     *                               {@code DAV:propfind}, or it holds not exactly one of {@code DAV:prop},
     *                               {@code DAV:allprop} and {@code DAV:propname}, or {@code DAV:prop}
     *                               names no property, or {@code DAV:include} comes without {@code DAV:allprop}
     */
    static PropfindBody parse(byte[] body) throws MalformedXmlException {
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            return ALL;
        }
        Element root = Xml.parse(body);
        if (!Xml.is(root, Xml.DAV, "propfind")) {
            throw new MalformedXmlException("a PROPFIND body must be a DAV:propfind element");
        }
        Kind kind = null;
        Set<QName> names = new LinkedHashSet<>();
        boolean include = false;
        for (Element child : Xml.children(root)) {
            Kind found = kindOf(child);
            if (found != null && kind != null) {
                throw new MalformedXmlException(
                        "DAV:propfind holds more than one of DAV:prop, DAV:allprop, DAV:propname");
            }
            kind = found == null ? kind : found;
            boolean isInclude = Xml.is(child, Xml.DAV, "include");
            include |= isInclude;
            if (found == Kind.PROP || isInclude) {
                Xml.children(child).forEach(element -> names.add(Xml.name(element)));
            }
        }
        if (kind == null) {
            throw new MalformedXmlException("DAV:propfind needs one of DAV:prop, DAV:allprop, DAV:propname");
        }
        if (kind == Kind.PROP && names.isEmpty()) {
            throw new MalformedXmlException("DAV:prop names no property");
        }
        if (include && kind != Kind.ALLPROP) {
            throw new MalformedXmlException("DAV:include goes with DAV:allprop only");
        }
        return new PropfindBody(kind, List.copyOf(names));
    }

    private static Kind kindOf(Element element) {
        for (Kind kind : Kind.values()) {
            if (Xml.is(element, Xml.DAV, kind.name().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        return null;
    }

    /** The same request as milton takes it. */
    PropertiesRequest toMilton() {
        if (kind == Kind.PROP) {
            return PropertiesRequest.toProperties(new LinkedHashSet<>(names));
        }
        PropertiesRequest request = new PropertiesRequest(kind == Kind.ALLPROP, kind == Kind.PROPNAME);
        names.forEach(request::add);
        return request;
    }
}
