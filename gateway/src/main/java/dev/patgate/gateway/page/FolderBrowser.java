package dev.patgate.gateway.page;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.gateway.identity.IdentitySigner;
import dev.patgate.gateway.identity.UpstreamCredentialException;
import dev.patgate.gateway.identity.UpstreamIdentity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Lists a user's folders for the page's scope picker: a WebDAV {@code PROPFIND} with
 * {@code Depth: 1} below the WebDAV prefix, sent to the backend as that user, exactly as a proxied
 * request of theirs would be (the signed identity header, or in upstream mode cells their Cells
 * credential). Each folder comes with its node UUID, the {@code uuid} property in Pydio's
 * namespace ({@code http://pydio.com/}), which webdav-demo and Cells both answer.
 */
final class FolderBrowser {

    static final String PYDIO = "http://pydio.com/";
    private static final String DAV = "DAV:";
    private static final int MAX_ANSWER = 1024 * 1024;
    private static final int MAX_PATH = 1024;
    private static final String BODY = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<d:propfind xmlns:d=\"DAV:\" xmlns:p=\"" + PYDIO + "\"><d:prop>"
            + "<d:resourcetype/><p:uuid/></d:prop></d:propfind>";

    /** A folder: its name, its path below the WebDAV prefix (no leading or trailing slash), its UUID. */
    record Folder(String name, String path, String uuid) {}

    /** A folder's answer: the folder itself (its UUID, when the backend gives one) and its subfolders. */
    record Listing(String path, String uuid, List<Folder> folders) {}

    /** The backend could not be asked or gave no usable answer (502); the message names no secret. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    private final HttpClient http;
    private final String base;
    private final String prefix;
    private final UpstreamIdentity identity;
    private final Duration timeout;

    /**
     * @param upstream the backend's base URL
     * @param prefix the WebDAV prefix ({@code scopes.webdav}'s first), like {@code /dav/}
     */
    FolderBrowser(URI upstream, String prefix, UpstreamIdentity identity, Duration timeout) {
        String text = upstream.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.prefix = Objects.requireNonNull(prefix);
        this.identity = Objects.requireNonNull(identity);
        this.timeout = Objects.requireNonNull(timeout);
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The WebDAV prefix, like {@code /dav/}. */
    String prefix() {
        return prefix;
    }

    /**
     * The segments of a path as the page sends it ({@code a/b}, empty for the top), or {@code null}
     * when it is not a plain path (empty, dot or dot-dot segments, control characters, too long).
     */
    static List<String> segments(String path) {
        if (path == null || path.length() > MAX_PATH) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() && path.isEmpty()) {
                continue;
            }
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return null;
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (Character.isISOControl(c) || c == '\\') {
                    return null;
                }
            }
            segments.add(segment);
        }
        return segments;
    }

    /**
     * {@code login}'s subfolders of {@code segments}, sorted by name.
     *
     * @return {@code null} when the backend says the user has no such folder (403, 404)
     * @throws Unavailable when the backend cannot be asked or its answer is not a multistatus
     */
    Listing list(String login, List<String> segments) throws Unavailable {
        StringBuilder target = new StringBuilder(prefix);
        for (String segment : segments) {
            target.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                    .append('/');
        }
        URI uri = URI.create(base + target);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Depth", "1")
                .header("Content-Type", "application/xml; charset=utf-8")
                .method("PROPFIND", HttpRequest.BodyPublishers.ofString(BODY));
        AuthenticatedToken asUser = new AuthenticatedToken(login, "-", List.of(), null);
        String assertion = identity.assertion(asUser, "PROPFIND", uri.getRawPath());
        if (assertion != null) {
            request.header(IdentitySigner.HEADER, assertion);
        }
        try {
            String authorization = identity.authorization(asUser, uri.getRawPath());
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
        } catch (UpstreamCredentialException e) {
            throw new Unavailable("no backend credential for the user (" + e.status() + ")");
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Unavailable("the backend cannot be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
        int status = response.statusCode();
        if (status == 404 || status == 403) {
            return null;
        }
        if (status != 207) {
            throw new Unavailable("the backend answered " + status + " to a folder listing");
        }
        if (response.body().length > MAX_ANSWER) {
            throw new Unavailable("the backend's folder listing is too large");
        }
        return parse(response.body(), String.join("/", segments));
    }

    /** Reads a multistatus: the entry of {@code path} itself gives its UUID, collections below are folders. */
    Listing parse(byte[] xml, String path) throws Unavailable {
        Document document;
        try {
            document = parser().parse(new ByteArrayInputStream(xml));
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new Unavailable("the backend's folder listing is not a multistatus");
        }
        String selfUuid = null;
        List<Folder> folders = new ArrayList<>();
        NodeList responses = document.getElementsByTagNameNS(DAV, "response");
        for (int i = 0; i < responses.getLength(); i++) {
            Element entry = (Element) responses.item(i);
            String href = text(entry, DAV, "href");
            String entryPath = href == null ? null : relativePath(href);
            if (entryPath == null) {
                continue;
            }
            String uuid = text(entry, PYDIO, "uuid");
            if (entryPath.equals(path)) {
                selfUuid = uuid;
                continue;
            }
            boolean collection = entry.getElementsByTagNameNS(DAV, "collection").getLength() > 0;
            if (!collection) {
                continue;
            }
            int slash = entryPath.lastIndexOf('/');
            folders.add(new Folder(entryPath.substring(slash + 1), entryPath, uuid));
        }
        folders.sort(Comparator.comparing(Folder::name, String.CASE_INSENSITIVE_ORDER));
        return new Listing(path, selfUuid, folders);
    }

    /** The decoded path of an href below the prefix, without slashes at either end; {@code null} outside it. */
    private String relativePath(String href) {
        String raw = href.trim();
        try {
            URI uri = URI.create(raw);
            raw = uri.getRawPath();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw == null || !raw.startsWith(prefix) && !(raw + "/").equals(prefix)) {
            return null;
        }
        String below = raw.length() <= prefix.length() ? "" : raw.substring(prefix.length());
        List<String> decoded = new ArrayList<>();
        for (String segment : below.split("/")) {
            if (!segment.isEmpty()) {
                decoded.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return String.join("/", decoded);
    }

    private static String text(Element entry, String namespace, String name) {
        NodeList found = entry.getElementsByTagNameNS(namespace, name);
        if (found.getLength() == 0) {
            return null;
        }
        String text = found.item(0).getTextContent();
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory.newDocumentBuilder();
    }
}
