package dev.patgate.demo.dav;

import dev.patgate.demo.xml.Xml;
import io.milton.http.Response;
import io.milton.http.XmlWriter;
import io.milton.http.values.ValueAndType;
import io.milton.http.values.ValueWriters;
import io.milton.http.webdav.PropFindResponse;
import io.milton.http.webdav.PropFindXmlGenerator;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;

/**
 * Writes milton's PROPFIND answers (RFC 4918 §9.1, §14.16) as milton does, without two of its flaws:
 * it declares {@code xmlns:ns1=""} for a property without a namespace, which is not well-formed
 * XML, and it writes a property reported with an error status (such as 404) without its namespace
 * unless a property found shares it. Here a property without a namespace is written without a prefix
 * (the answer never declares a default namespace), and every property, found or not, with the
 * prefix of its namespace.
 *
 * <p>Only {@link #generate(List, OutputStream, boolean)}, the method milton's PROPFIND handler
 * calls, is replaced.
 */
final class PropFindXml extends PropFindXmlGenerator {

    private static final String D = "d";

    private final ValueWriters valueWriters;

    PropFindXml(ValueWriters valueWriters) {
        super(valueWriters);
        this.valueWriters = valueWriters;
    }

    @Override
    public void generate(List<PropFindResponse> responses, OutputStream out, boolean writeErrorProps) {
        Map<String, String> prefixes = prefixes(responses);
        StringBuilder declarations = new StringBuilder();
        prefixes.forEach((namespace, prefix) -> declarations
                .append(" xmlns:")
                .append(prefix)
                .append("=\"")
                .append(Xml.escape(namespace))
                .append('"'));
        XmlWriter writer = new XmlWriter(out);
        writer.writeXMLHeader();
        writer.open(D, "multistatus" + declarations);
        writer.newLine();
        for (PropFindResponse response : responses) {
            writer.open(D, "response");
            writer.writeProperty(D, "href", Xml.escape(response.getHref()));
            if (response.getStatus() != null) {
                writer.writeProperty(D, "status", response.getStatus().toString());
            } else {
                writeFound(writer, response, prefixes);
                if (writeErrorProps && response.getErrorProperties() != null) {
                    response.getErrorProperties()
                            .forEach((status, names) -> writePropstat(
                                    writer,
                                    status,
                                    names.stream()
                                            .map(PropFindResponse.NameAndError::getName)
                                            .toList(),
                                    prefixes));
                }
            }
            writer.close(D, "response");
        }
        writer.close(D, "multistatus");
        writer.flush();
    }

    /** {@code DAV:} is {@code d}, every other namespace of a property named gets {@code ns1}, {@code ns2}, ... */
    private static Map<String, String> prefixes(List<PropFindResponse> responses) {
        Map<String, String> prefixes = new LinkedHashMap<>();
        prefixes.put(Xml.DAV, D);
        for (PropFindResponse response : responses) {
            response.getKnownProperties().keySet().forEach(name -> addPrefix(prefixes, name));
            if (response.getErrorProperties() != null) {
                response.getErrorProperties()
                        .values()
                        .forEach(names -> names.forEach(named -> addPrefix(prefixes, named.getName())));
            }
        }
        return prefixes;
    }

    private static void addPrefix(Map<String, String> prefixes, QName name) {
        String namespace = name.getNamespaceURI();
        if (!namespace.isEmpty() && !prefixes.containsKey(namespace)) {
            prefixes.put(namespace, "ns" + prefixes.size());
        }
    }

    private void writeFound(XmlWriter writer, PropFindResponse response, Map<String, String> prefixes) {
        Map<QName, ValueAndType> found = response.getKnownProperties();
        if (found.isEmpty()) {
            return;
        }
        writer.open(D, "propstat");
        writer.open(D, "prop");
        found.forEach((name, value) -> {
            String prefix = prefixes.get(name.getNamespaceURI());
            if (value == null) {
                writer.writeProperty(prefix, name.getLocalPart());
            } else {
                valueWriters.writeValue(writer, name, prefix, value, response.getHref(), prefixes);
            }
        });
        writer.close(D, "prop");
        writer.writeProperty(D, "status", Response.Status.SC_OK.toString());
        writer.close(D, "propstat");
    }

    private static void writePropstat(
            XmlWriter writer, Response.Status status, List<QName> names, Map<String, String> prefixes) {
        if (names.isEmpty()) {
            return;
        }
        writer.open(D, "propstat");
        writer.open(D, "prop");
        names.forEach(name -> writer.writeProperty(prefixes.get(name.getNamespaceURI()), name.getLocalPart()));
        writer.close(D, "prop");
        writer.writeProperty(D, "status", status.toString());
        writer.close(D, "propstat");
    }
}
