package dev.patgate.demo.dav;

import dev.patgate.demo.store.NodeInfo;
import dev.patgate.demo.store.NodePath;
import dev.patgate.demo.store.NodeStore;
import dev.patgate.demo.xml.Xml;
import io.milton.http.Response;
import io.milton.http.XmlWriter;
import io.milton.http.values.ValueWriter;
import io.milton.property.PropertySource;
import io.milton.resource.Resource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.namespace.QName;

/**
 * Dead properties (RFC 4918 §4): every property outside {@code DAV:}, with or without a namespace,
 * except the live {@link NodeResource#UUID_PROPERTY}, that PROPPATCH sets on a file or folder. A
 * value is any XML content, kept with its markup and namespaces. They live in memory, keyed by node
 * UUID: they follow a MOVE, COPY copies them ({@link #copyTree}), a node the store forgets loses them
 * ({@link #forget}), and a restart loses them all.
 *
 * <p>PROPPATCH changes them through {@link #apply}; for PROPFIND this is a milton property source,
 * whose values {@link Writer} writes. Properties never set are unknown (404) to PROPFIND.
 */
final class DeadProperties implements PropertySource {

    /** The longest property kept, in characters of its serialised element. */
    static final int MAX_ELEMENT_LENGTH = 64 * 1024;
    /** The most properties kept per node. */
    static final int MAX_PER_NODE = 256;

    /** What became of one property named in a PROPPATCH (RFC 4918 §9.2.1). */
    enum Outcome {
        OK(200, "OK"),
        /** a live or {@code DAV:} property: it cannot be set or removed */
        PROTECTED(403, "Forbidden"),
        /** not applied because another property failed */
        FAILED_DEPENDENCY(424, "Failed Dependency"),
        /** the value is too long, or the node has too many properties */
        INSUFFICIENT_STORAGE(507, "Insufficient Storage");

        final int status;
        private final String reason;

        Outcome(int status, String reason) {
            this.status = status;
            this.reason = reason;
        }

        /** The text of {@code DAV:status}, e.g. {@code HTTP/1.1 424 Failed Dependency}. */
        String statusLine() {
            return "HTTP/1.1 " + status + " " + reason;
        }
    }

    /** A property's value for milton: the whole property element, as {@link Xml#serialise} wrote it. */
    record Value(String element) {}

    /** Node UUID to its properties, property name to serialised element; the inner maps are never changed. */
    private final Map<String, Map<QName, String>> byNode = new ConcurrentHashMap<>();

    /** Whether {@code name} can be a dead property: not in {@code DAV:} and not a live property. */
    static boolean isDead(QName name) {
        return !Xml.DAV.equals(name.getNamespaceURI()) && !NodeResource.UUID_PROPERTY.equals(name);
    }

    /**
     * Applies a PROPPATCH to the node {@code uuid}: every change in order, all or nothing (RFC 4918 §9.2).
     *
     * @return the outcome for each property named, in order of first mention: all {@link Outcome#OK}
     *         when applied; otherwise nothing has changed, the properties that failed are
     *         {@link Outcome#PROTECTED} or {@link Outcome#INSUFFICIENT_STORAGE} and the others
     *         {@link Outcome#FAILED_DEPENDENCY}
     */
    Map<QName, Outcome> apply(String uuid, List<PropertyUpdate.Change> changes) {
        Map<QName, Outcome> failed = new LinkedHashMap<>();
        byNode.compute(uuid, (key, old) -> {
            Map<QName, String> properties = old == null ? new LinkedHashMap<>() : new LinkedHashMap<>(old);
            for (PropertyUpdate.Change change : changes) {
                Optional<Outcome> failure = failure(change, properties);
                if (failure.isPresent()) {
                    failed.putIfAbsent(change.name(), failure.get());
                } else if (change.isSet()) {
                    properties.put(change.name(), change.element());
                } else {
                    properties.remove(change.name());
                }
            }
            if (!failed.isEmpty()) {
                return old;
            }
            return properties.isEmpty() ? null : Collections.unmodifiableMap(properties);
        });
        Map<QName, Outcome> outcomes = new LinkedHashMap<>();
        for (PropertyUpdate.Change change : changes) {
            outcomes.putIfAbsent(
                    change.name(),
                    failed.isEmpty() ? Outcome.OK : failed.getOrDefault(change.name(), Outcome.FAILED_DEPENDENCY));
        }
        return outcomes;
    }

    private static Optional<Outcome> failure(PropertyUpdate.Change change, Map<QName, String> properties) {
        if (!isDead(change.name())) {
            return Optional.of(Outcome.PROTECTED);
        }
        boolean tooLong = change.isSet() && change.element().length() > MAX_ELEMENT_LENGTH;
        boolean tooMany = change.isSet() && !properties.containsKey(change.name()) && properties.size() >= MAX_PER_NODE;
        return tooLong || tooMany ? Optional.of(Outcome.INSUFFICIENT_STORAGE) : Optional.empty();
    }

    /** Drops the properties of a node that no longer exists. */
    void forget(String uuid) {
        byNode.remove(uuid);
    }

    /**
     * Gives every node of the copy at {@code to} the properties of its original, the node at the same
     * place under {@code from}. Nodes missing on either side are skipped.
     */
    void copyTree(NodeStore store, NodePath from, NodePath to) {
        if (byNode.isEmpty()) {
            return;
        }
        Optional<NodeInfo> original = store.stat(from);
        Optional<NodeInfo> copy = store.stat(to);
        if (original.isEmpty() || copy.isEmpty()) {
            return;
        }
        Map<QName, String> properties = byNode.get(original.get().uuid());
        if (properties != null) {
            byNode.put(copy.get().uuid(), properties);
        }
        if (original.get().collection() && copy.get().collection()) {
            for (NodeInfo child : store.list(to)) {
                copyTree(store, from.child(child.path().name()), child.path());
            }
        }
    }

    /** The properties of the node {@code uuid}: name to the serialised property element; empty when it has none. */
    Map<QName, String> ofNode(String uuid) {
        return byNode.getOrDefault(uuid, Map.of());
    }

    private Map<QName, String> propertiesOf(Resource resource) {
        return resource instanceof NodeResource node ? ofNode(node.getUniqueId()) : Map.of();
    }

    @Override
    public Object getProperty(QName name, Resource resource) {
        String element = propertiesOf(resource).get(name);
        return element == null ? null : new Value(element);
    }

    @Override
    public PropertyMetaData getPropertyMetaData(QName name, Resource resource) {
        return isDead(name) && propertiesOf(resource).containsKey(name)
                ? new PropertyMetaData(PropertyAccessibility.WRITABLE, Value.class)
                : PropertyMetaData.UNKNOWN;
    }

    @Override
    public void setProperty(QName name, Object value, Resource resource) throws PropertySetException {
        throw new PropertySetException(Response.Status.SC_FORBIDDEN, "PROPPATCH is answered by PropPatch");
    }

    @Override
    public void clearProperty(QName name, Resource resource) throws PropertySetException {
        throw new PropertySetException(Response.Status.SC_FORBIDDEN, "PROPPATCH is answered by PropPatch");
    }

    @Override
    public List<QName> getAllPropertyNames(Resource resource) {
        return List.copyOf(propertiesOf(resource).keySet());
    }

    /** Writes a {@link Value} into a PROPFIND answer: the stored element, as it is. */
    static final class Writer implements ValueWriter {

        @Override
        public boolean supports(String namespaceUri, String localName, Class type) {
            return type == Value.class;
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
            writer.writeText(((Value) value).element());
        }

        @Override
        public Object parse(String namespaceUri, String localName, String value) {
            throw new UnsupportedOperationException("PROPPATCH is answered by PropPatch");
        }
    }
}
