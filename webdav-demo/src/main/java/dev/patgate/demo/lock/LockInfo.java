package dev.patgate.demo.lock;

import dev.patgate.demo.xml.MalformedXmlException;
import dev.patgate.demo.xml.Xml;
import java.util.List;
import java.util.Objects;
import org.w3c.dom.Element;

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
        Element root;
        try {
            root = Xml.parse(body);
        } catch (MalformedXmlException e) {
            throw new LockSyntaxException("LOCK body is not well-formed XML");
        }
        if (!isDav(root, "lockinfo")) {
            throw new LockSyntaxException("LOCK body must be a DAV:lockinfo element");
        }
        Lock.Scope scope = null;
        boolean write = false;
        String owner = "";
        for (Element child : Xml.children(root)) {
            if (isDav(child, "lockscope")) {
                scope = scopeOf(child);
            } else if (isDav(child, "locktype")) {
                List<Element> types = Xml.children(child);
                write = types.size() == 1 && isDav(types.get(0), "write");
            } else if (isDav(child, "owner")) {
                owner = Xml.serialiseContent(child).strip();
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
        List<Element> scopes = Xml.children(lockscope);
        if (scopes.size() == 1 && isDav(scopes.get(0), "exclusive")) {
            return Lock.Scope.EXCLUSIVE;
        }
        if (scopes.size() == 1 && isDav(scopes.get(0), "shared")) {
            return Lock.Scope.SHARED;
        }
        throw new LockSyntaxException("DAV:lockscope must hold DAV:exclusive or DAV:shared");
    }

    private static boolean isDav(Element element, String localName) {
        return Xml.is(element, Xml.DAV, localName);
    }
}
