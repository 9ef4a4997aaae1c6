package dev.patgate.demo.dav;

import dev.patgate.demo.lock.Lock;
import dev.patgate.demo.lock.LockTable;
import io.milton.http.Response;
import io.milton.http.XmlWriter;
import io.milton.http.values.ValueWriter;
import io.milton.property.PropertySource;
import io.milton.resource.Resource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;

/**
 * The protected properties {@code DAV:lockdiscovery} (the active locks that apply to a node, its
 * ancestors' depth-infinity locks included) and {@code DAV:supportedlock} (exclusive and shared
 * write locks) of files and folders (RFC 4918 §15.8, §15.10), for milton's PROPFIND. They are part
 * of {@code allprop}. {@link Writer} writes their values.
 */
final class LockProperties implements PropertySource {

    static final QName LOCK_DISCOVERY = new QName("DAV:", "lockdiscovery");
    static final QName SUPPORTED_LOCK = new QName("DAV:", "supportedlock");

    private final LockTable locks;

    LockProperties(LockTable locks) {
        this.locks = locks;
    }

    /** The value of {@code DAV:lockdiscovery}: each lock with the URL of its root. */
    record LockDiscovery(List<Discovered> locks, Instant now) {}

    record Discovered(Lock lock, String rootHref) {}

    /** The value of {@code DAV:supportedlock}. */
    record SupportedLock() {}

    @Override
    public Object getProperty(QName name, Resource resource) {
        if (!(resource instanceof NodeResource node)) {
            return null;
        }
        if (LOCK_DISCOVERY.equals(name)) {
            DavLocator caller = CallerContext.locator();
            List<Discovered> discovered = locks.covering(node.path()).stream()
                    .map(lock -> new Discovered(lock, caller.href(lock.root())))
                    .toList();
            return new LockDiscovery(discovered, locks.now());
        }
        return SUPPORTED_LOCK.equals(name) ? new SupportedLock() : null;
    }

    @Override
    public void setProperty(QName name, Object value, Resource resource) throws PropertySetException {
        throw new PropertySetException(Response.Status.SC_FORBIDDEN, "protected property");
    }

    @Override
    public PropertyMetaData getPropertyMetaData(QName name, Resource resource) {
        if (!(resource instanceof NodeResource)) {
            return PropertyMetaData.UNKNOWN;
        }
        if (LOCK_DISCOVERY.equals(name)) {
            return new PropertyMetaData(PropertyAccessibility.READ_ONLY, LockDiscovery.class);
        }
        if (SUPPORTED_LOCK.equals(name)) {
            return new PropertyMetaData(PropertyAccessibility.READ_ONLY, SupportedLock.class);
        }
        return PropertyMetaData.UNKNOWN;
    }

    @Override
    public void clearProperty(QName name, Resource resource) throws PropertySetException {
        throw new PropertySetException(Response.Status.SC_FORBIDDEN, "protected property");
    }

    @Override
    public List<QName> getAllPropertyNames(Resource resource) {
        return resource instanceof NodeResource ? List.of(SUPPORTED_LOCK, LOCK_DISCOVERY) : List.of();
    }

    /** Writes {@link LockDiscovery} and {@link SupportedLock} values into a multistatus answer. */
    static final class Writer implements ValueWriter {

        @Override
        public boolean supports(String namespaceUri, String localName, Class type) {
            return type == LockDiscovery.class || type == SupportedLock.class;
        }

        @Override
        public void writeValue(
                XmlWriter writer,
                String namespaceUri,
                String prefix,
                String localName,
                Object value,
                String href,
                Map<String, String> namespacePrefixes) {
            StringBuilder xml = new StringBuilder();
            if (value instanceof LockDiscovery discovery) {
                for (Discovered found : discovery.locks()) {
                    xml.append(LockXml.activeLock(prefix, found.lock(), found.rootHref(), discovery.now()));
                }
            } else if (value instanceof SupportedLock) {
                xml.append(LockXml.supportedLock(prefix));
            }
            writer.writeProperty(prefix, localName, xml.toString());
        }

        @Override
        public Object parse(String namespaceUri, String localName, String value) {
            throw new UnsupportedOperationException("protected property");
        }
    }
}
