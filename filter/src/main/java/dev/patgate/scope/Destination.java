package dev.patgate.scope;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Reads the WebDAV {@code Destination} header (RFC 4918 §10.3) of COPY and MOVE under the same rules as
 * the request target: it must be an absolute URI naming this gateway, and its path must pass
 * {@link TargetPath#parse}. RFC 4918 also allows a bare absolute path; patgate refuses it, so that the
 * gateway never has to guess which authority a client meant.
 *
 * @param rawPath the destination's path as sent, still percent-encoded; it passed {@link TargetPath#parse}
 * @param path the same path, decoded
 */
public record Destination(String rawPath, TargetPath path) {

    /**
     * The destination's path; see {@link #parse}.
     *
     * @return the destination's path, never null
     */
    public static TargetPath parseDestination(String headerValue, String expectedScheme, String expectedHostAndPort) {
        return parse(headerValue, expectedScheme, expectedHostAndPort).path();
    }

    /**
     * @param headerValue the header value as received; null or empty is refused
     * @param expectedScheme this gateway's scheme as clients see it, e.g. {@code https}; compared
     *     case-insensitively
     * @param expectedHostAndPort this gateway's authority as clients see it: {@code host},
     *     {@code host:port}, {@code [ipv6]} or {@code [ipv6]:port}; the host is compared
     *     case-insensitively, and a missing port on either side means the scheme's default (80 for
     *     http, 443 for https)
     * @return the destination's raw and decoded path, never null
     * @throws IllegalArgumentException if the value is not an absolute hierarchical URI; if its scheme,
     *     host or port differ from the expected ones; if it has user information, a query (even an
     *     empty one) or a fragment; or if its raw path is refused by {@link TargetPath#parse}. The
     *     message never quotes the header. Also thrown if the expected scheme or authority is itself
     *     malformed, with a message naming that argument.
     */
    public static Destination parse(String headerValue, String expectedScheme, String expectedHostAndPort) {
        if (expectedScheme == null || expectedScheme.isEmpty()) {
            throw new IllegalArgumentException("expectedScheme must not be empty");
        }
        Authority expected = Authority.parse(expectedHostAndPort, expectedScheme);
        if (headerValue == null || headerValue.isEmpty()) {
            throw new IllegalArgumentException("Destination must not be empty");
        }
        URI uri;
        try {
            uri = new URI(headerValue);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Destination is not a valid URI");
        }
        if (!uri.isAbsolute() || uri.isOpaque()) {
            throw new IllegalArgumentException("Destination must be an absolute URI");
        }
        if (!uri.getScheme().equalsIgnoreCase(expectedScheme)) {
            throw new IllegalArgumentException("Destination must use this gateway's scheme");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("Destination must not contain user information");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("Destination must name a host");
        }
        int port = uri.getPort() == -1 ? defaultPort(expectedScheme) : uri.getPort();
        if (!uri.getHost().toLowerCase(Locale.ROOT).equals(expected.host()) || port != expected.port()) {
            throw new IllegalArgumentException("Destination must name this gateway");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("Destination must not have a query or fragment");
        }
        return new Destination(uri.getRawPath(), TargetPath.parse(uri.getRawPath()));
    }

    private static int defaultPort(String scheme) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }

    /** The expected authority, host lower-cased (IPv6 with brackets, as {@link URI#getHost} gives it). */
    private record Authority(String host, int port) {

        static Authority parse(String hostAndPort, String scheme) {
            if (hostAndPort == null || hostAndPort.isEmpty()) {
                throw new IllegalArgumentException("expectedHostAndPort must not be empty");
            }
            int hostEnd = hostAndPort.startsWith("[") ? hostAndPort.indexOf(']') + 1 : hostAndPort.indexOf(':');
            if (hostEnd == 0) {
                throw new IllegalArgumentException("expectedHostAndPort has an unclosed IPv6 bracket");
            }
            if (hostEnd < 0) {
                hostEnd = hostAndPort.length();
            }
            String host = hostAndPort.substring(0, hostEnd);
            String rest = hostAndPort.substring(hostEnd);
            if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@')) {
                throw new IllegalArgumentException("expectedHostAndPort must start with a host name or address");
            }
            int port;
            if (rest.isEmpty()) {
                port = defaultPort(scheme);
            } else if (rest.matches(":[0-9]{1,5}") && Integer.parseInt(rest.substring(1)) <= 65535) {
                port = Integer.parseInt(rest.substring(1));
            } else {
                throw new IllegalArgumentException("expectedHostAndPort must end with :port, port 0 to 65535");
            }
            if (port < 0) {
                throw new IllegalArgumentException(
                        "expectedHostAndPort needs a port for a scheme other than http or https");
            }
            return new Authority(host.toLowerCase(Locale.ROOT), port);
        }
    }
}
