package dev.patgate.gateway.scope;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.gateway.identity.UpstreamIdentity;
import dev.patgate.scope.BackendUnavailableException;
import dev.patgate.scope.LockResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Asks the backend, as the token's user, which locks apply to a resource: {@code PROPFIND} with
 * {@code Depth: 0} for {@code DAV:lockdiscovery} (RFC 4918 §15.8), whose every {@code activelock}
 * names its {@code locktoken} and {@code lockroot}. 404, 403 and 401 mean no lock the user can see;
 * another status, a malformed or oversized answer, or an {@code activelock} without a token or
 * root means the backend cannot answer, and the caller refuses the request. The answer is parsed
 * without DTDs or external entities.
 */
public final class BackendLockResolver implements LockResolver {

    private static final String DAV = "DAV:";
    private static final int MAX_ANSWER = 256 * 1024;
    private static final String BODY = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:lockdiscovery/></D:prop></D:propfind>";

    private final HttpClient http;
    private final String base;
    private final UpstreamIdentity identity;
    private final Duration timeout;

    /**
     * @param upstream the backend's base URL; the resource's path is appended as the client sent it
     * @param identity signs the user's identity header; returns {@code null} in upstream mode none
     */
    public BackendLockResolver(URI upstream, UpstreamIdentity identity, Duration timeout) {
        String text =
                Objects.requireNonNull(upstream, "upstream must not be null").toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.identity = Objects.requireNonNull(identity, "identity must not be null");
        this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Map<String, String> activeLocks(String rawPath, AuthenticatedToken asUser) {
        URI uri;
        try {
            uri = URI.create(base + rawPath);
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        request.timeout(timeout)
                .header("Depth", "0")
                .header("Content-Type", "application/xml; charset=utf-8")
                .method("PROPFIND", HttpRequest.BodyPublishers.ofString(BODY));
        HttpResponse<byte[]> response = BackendCall.send(http, request, uri, "PROPFIND", identity, asUser);
        int status = response.statusCode();
        if (status == 404 || status == 403 || status == 401) {
            return Map.of();
        }
        if (status != 207 && status != 200) {
            throw new BackendUnavailableException("backend answered " + status + " to a lock lookup");
        }
        if (response.body().length > MAX_ANSWER) {
            throw new BackendUnavailableException("backend's lock answer is too large");
        }
        return parse(response.body());
    }

    /** Lock token to lock root href, from a multistatus (or prop) answer. */
    static Map<String, String> parse(byte[] answer) {
        Document document;
        try {
            document = builder().parse(new ByteArrayInputStream(answer));
        } catch (SAXException | IOException e) {
            throw new BackendUnavailableException("backend's lock answer is not XML");
        }
        Map<String, String> locks = new LinkedHashMap<>();
        NodeList active = document.getElementsByTagNameNS(DAV, "activelock");
        for (int i = 0; i < active.getLength(); i++) {
            Element lock = (Element) active.item(i);
            String token = href(lock, "locktoken");
            String root = href(lock, "lockroot");
            if (token == null || root == null) {
                throw new BackendUnavailableException("backend's lock answer lacks a lock token or root");
            }
            locks.put(token, root);
        }
        return locks;
    }

    private static String href(Element lock, String child) {
        for (Node node = lock.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element
                    && DAV.equals(element.getNamespaceURI())
                    && child.equals(element.getLocalName())) {
                NodeList hrefs = element.getElementsByTagNameNS(DAV, "href");
                return hrefs.getLength() == 1 ? hrefs.item(0).getTextContent().strip() : null;
            }
        }
        return null;
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no secure XML parser available", e);
        }
    }
}
