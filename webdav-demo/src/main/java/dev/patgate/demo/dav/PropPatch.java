package dev.patgate.demo.dav;

import dev.patgate.demo.dav.DeadProperties.Outcome;
import dev.patgate.demo.store.NodeInfo;
import dev.patgate.demo.store.NodeStore;
import dev.patgate.demo.xml.MalformedXmlException;
import dev.patgate.demo.xml.Xml;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.namespace.QName;

/**
 * PROPPATCH (RFC 4918 §9.2), answered here rather than by milton, which applies all sets before all
 * removes and cannot name a property without a namespace. The changes are applied in document order,
 * all or nothing, to the node's {@link DeadProperties}; the answer is 207 with one {@code propstat}
 * per outcome. A {@code DAV:} or other live property cannot be changed: 403 with
 * {@code DAV:cannot-modify-protected-property}, and 424 for the other properties, none applied.
 * The lock rules have been applied before ({@link LockGate}).
 */
final class PropPatch {

    /** The largest PROPPATCH body read; a bigger one is refused with 413. */
    static final int MAX_BODY = 1024 * 1024;

    private final NodeStore store;
    private final DeadProperties properties;

    PropPatch(NodeStore store, DeadProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    /**
     * Answers 207, or without changing anything: 400 for a malformed body, 403 on {@code /dav/},
     * 404 for a missing node, 413 for a body over {@link #MAX_BODY}.
     */
    void handle(HttpServletRequest request, HttpServletResponse response, DavLocator caller, String decodedPath)
            throws IOException {
        try {
            NodeInfo node = target(caller, decodedPath);
            PropertyUpdate update = PropertyUpdate.parse(RequestBody.read(request, MAX_BODY, "PROPPATCH"));
            Map<QName, Outcome> outcomes = properties.apply(node.uuid(), update.changes());
            byte[] body = multistatus(caller.href(node.path()), outcomes).getBytes(StandardCharsets.UTF_8);
            response.setStatus(207);
            response.setContentType("application/xml;charset=utf-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        } catch (MalformedXmlException e) {
            DavRefusal.plain(400, e.getMessage()).writeTo(request, response);
        } catch (DavRefusal refusal) {
            refusal.writeTo(request, response);
        }
    }

    private NodeInfo target(DavLocator caller, String decodedPath) throws DavRefusal {
        if (DavLocator.isTop(decodedPath)) {
            throw DavRefusal.plain(403, "the top level has no properties to change");
        }
        return caller.fromDecodedPath(decodedPath)
                .flatMap(store::stat)
                .orElseThrow(() -> DavRefusal.plain(404, "no such file or folder"));
    }

    /** The answer: the properties grouped by outcome, in the order of {@link Outcome}. */
    static String multistatus(String href, Map<QName, Outcome> outcomes) {
        Map<Outcome, List<QName>> byOutcome = new TreeMap<>();
        outcomes.forEach((name, outcome) ->
                byOutcome.computeIfAbsent(outcome, key -> new ArrayList<>()).add(name));
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
                .append("<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>")
                .append(Xml.escape(href))
                .append("</D:href>");
        byOutcome.forEach((outcome, names) -> {
            xml.append("<D:propstat><D:prop>");
            names.forEach(name -> xml.append(Xml.emptyElement(name)));
            xml.append("</D:prop><D:status>").append(outcome.statusLine()).append("</D:status>");
            if (outcome == Outcome.PROTECTED) {
                xml.append("<D:error><D:cannot-modify-protected-property/></D:error>");
            }
            xml.append("</D:propstat>");
        });
        return xml.append("</D:response></D:multistatus>\n").toString();
    }
}
