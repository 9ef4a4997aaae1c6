package dev.patgate.demo.dav;

import dev.patgate.demo.store.NodeInfo;
import dev.patgate.demo.store.NodePath;
import dev.patgate.demo.store.NodeStore;
import dev.patgate.demo.store.StoreException;
import dev.patgate.demo.store.Workspace;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Maps WebDAV URLs to store paths and back, as one caller sees them: {@code /dav/personal-files/...}
 * is the caller's own folder, {@code /dav/common-files/...} the shared one. Links are absolute URLs
 * on the base the request came in on (behind the gateway, the gateway's).
 */
final class DavLocator {

    private final NodeStore store;
    private final String login;
    private final String davBase;

    /** @param davBase the absolute URL of {@code /dav/}, ending in {@code /} */
    DavLocator(NodeStore store, String login, String davBase) {
        this.store = store;
        this.login = login;
        this.davBase = davBase;
    }

    /** The locator for {@code login} on the base URL {@code request} came in on. */
    static DavLocator of(NodeStore store, String login, HttpServletRequest request) {
        String url = request.getRequestURL().toString();
        String origin = url.substring(0, url.length() - request.getRequestURI().length());
        return new DavLocator(store, login, origin + DavServlet.PREFIX + "/");
    }

    String login() {
        return login;
    }

    NodeStore store() {
        return store;
    }

    /** Whether a decoded path is the top of the tree, {@code /dav} or {@code /dav/}. */
    static boolean isTop(String decodedPath) {
        return decodedPath.equals(DavServlet.PREFIX) || decodedPath.equals(DavServlet.PREFIX + "/");
    }

    /**
     * The node a decoded path names, whether or not it exists; empty for the top, a path outside
     * {@code /dav/}, an unknown workspace or an invalid name.
     */
    Optional<NodePath> fromDecodedPath(String path) {
        if (path == null || !path.startsWith(DavServlet.PREFIX + "/")) {
            return Optional.empty();
        }
        List<String> names = Arrays.stream(
                        path.substring(DavServlet.PREFIX.length()).split("/"))
                .filter(name -> !name.isEmpty())
                .toList();
        if (names.isEmpty()) {
            return Optional.empty();
        }
        Optional<Workspace> workspace = Workspace.bySlug(names.get(0));
        if (workspace.isEmpty()) {
            return Optional.empty();
        }
        NodePath root = store.workspaceRoot(workspace.get(), login);
        try {
            return Optional.of(new NodePath(root.workspace(), root.owner(), names.subList(1, names.size())));
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    /**
     * The node an absolute URL or absolute path names, as in {@code Destination} and in tagged
     * {@code If} lists; the scheme and authority are ignored. Empty as for {@link #fromDecodedPath},
     * and for malformed percent-encoding.
     */
    Optional<NodePath> fromUrl(String urlOrPath) {
        return rawPath(urlOrPath).flatMap(DavLocator::decode).flatMap(this::fromDecodedPath);
    }

    /** The absolute URL of a node; collections end in {@code /}. */
    String href(NodePath path) {
        boolean collection = store.stat(path).map(NodeInfo::collection).orElse(path.isRoot());
        StringBuilder href = new StringBuilder(davBase).append(path.workspace().slug());
        for (String name : path.names()) {
            href.append('/').append(encode(name));
        }
        return collection ? href.append('/').toString() : href.toString();
    }

    private static Optional<String> rawPath(String urlOrPath) {
        if (urlOrPath == null) {
            return Optional.empty();
        }
        String path = urlOrPath;
        int scheme = path.indexOf("://");
        if (scheme >= 0 && scheme < path.indexOf('/')) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        int end = path.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = path.indexOf(stop);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        path = path.substring(0, end);
        return path.startsWith("/") ? Optional.of(path) : Optional.empty();
    }

    /** Percent-decodes a URL path as UTF-8 ({@code +} stays {@code +}); empty when malformed. */
    static Optional<String> decode(String rawPath) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawPath.length() || !isHex(rawPath.charAt(i + 1)) || !isHex(rawPath.charAt(i + 2))) {
                    return Optional.empty();
                }
                bytes.write(HexFormat.fromHexDigits(rawPath, i + 1, i + 3));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** Percent-encodes one path segment: everything but RFC 3986 unreserved characters. */
    private static String encode(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }
}
