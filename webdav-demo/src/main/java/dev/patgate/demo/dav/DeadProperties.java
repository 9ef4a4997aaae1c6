package dev.patgate.demo.dav;

import io.milton.http.HttpManager;
import io.milton.http.Request;
import io.milton.http.Response;
import io.milton.property.PropertySource;
import io.milton.resource.Resource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.namespace.QName;

/**
 * Dead properties (RFC 4918 §4): any property in a namespace other than {@code DAV:} that a client sets
 * on a file or folder with PROPPATCH, kept as text. They live in memory, keyed by node UUID: they
 * follow a MOVE, are not copied by COPY, and are lost on restart. Properties never set are unknown
 * (404) to PROPFIND; PROPPATCH may set any, and removing one that is not there is no error
 * (RFC 4918 §14.23).
 */
final class DeadProperties implements PropertySource {

    /** The longest value kept, in characters. */
    static final int MAX_VALUE_LENGTH = 64 * 1024;
    /** The most properties kept per node. */
    static final int MAX_PER_NODE = 256;

    private static final String DAV = "DAV:";

    private final Map<String, Map<QName, String>> byNode = new ConcurrentHashMap<>();

    @Override
    public Object getProperty(QName name, Resource resource) {
        return uuidOf(resource) == null ? null : byNode.getOrDefault(uuidOf(resource), Map.of()).get(name);
    }

    @Override
    public void setProperty(QName name, Object value, Resource resource) throws PropertySetException {
        String uuid = uuidOf(resource);
        String text = value == null ? "" : value.toString();
        if (uuid == null || DAV.equals(name.getNamespaceURI())) {
            throw new PropertySetException(Response.Status.SC_FORBIDDEN, "not a dead property");
        }
        if (name.getNamespaceURI().isEmpty()) {
            // milton would list it under xmlns:ns1="", which makes the whole PROPFIND answer unreadable
            throw new PropertySetException(Response.Status.SC_FORBIDDEN, "a property needs a namespace");
        }
        if (text.length() > MAX_VALUE_LENGTH) {
            throw new PropertySetException(Response.Status.SC_INSUFFICIENT_STORAGE, "value too long");
        }
        Map<QName, String> properties = byNode.computeIfAbsent(uuid, key -> new ConcurrentHashMap<>());
        synchronized (properties) {
            if (!properties.containsKey(name) && properties.size() >= MAX_PER_NODE) {
                throw new PropertySetException(Response.Status.SC_INSUFFICIENT_STORAGE, "too many properties");
            }
            properties.put(name, text);
        }
    }

    @Override
    public PropertyMetaData getPropertyMetaData(QName name, Resource resource) {
        String uuid = uuidOf(resource);
        if (uuid == null || DAV.equals(name.getNamespaceURI())) {
            return PropertyMetaData.UNKNOWN;
        }
        boolean patching = HttpManager.request() != null && HttpManager.request().getMethod() == Request.Method.PROPPATCH;
        return patching || byNode.getOrDefault(uuid, Map.of()).containsKey(name)
                ? new PropertyMetaData(PropertyAccessibility.WRITABLE, String.class)
                : PropertyMetaData.UNKNOWN;
    }

    @Override
    public void clearProperty(QName name, Resource resource) {
        Map<QName, String> properties = uuidOf(resource) == null ? null : byNode.get(uuidOf(resource));
        if (properties != null) {
            properties.remove(name);
        }
    }

    @Override
    public List<QName> getAllPropertyNames(Resource resource) {
        String uuid = uuidOf(resource);
        return uuid == null ? List.of() : List.copyOf(byNode.getOrDefault(uuid, Map.of()).keySet());
    }

    private static String uuidOf(Resource resource) {
        return resource instanceof NodeResource node ? node.getUniqueId() : null;
    }
}
