package dev.patgate.gateway.proxy;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where a request came from, as far as the gateway believes it. The proxy builds the backend's
 * {@code Host}, {@code Forwarded} and {@code X-Forwarded-*} headers from this alone, never from what
 * the client wrote in such headers (those are dropped, see {@link ProxyHeaders#isNetworkClaim}).
 *
 * <p>{@link #CONNECTION} reads the request as {@link ClientView} left it: for a peer in
 * {@code listen.trusted_proxies}, the client that proxy named; with {@code listen.public_url}, the
 * public scheme and host. The token filter's failure limit and audit line read the same
 * {@code getRemoteAddr()}, so they agree with what the backend is told.
 */
@FunctionalInterface
interface ClientOrigin {

    /**
     * @param address the client's IP address, as {@code getRemoteAddr()} gives it (IPv6 without brackets)
     * @param scheme {@code http} or {@code https}
     * @param host the authority the client asked for: {@code host} or {@code host:port}
     */
    record Origin(String address, String scheme, String host) {}

    /** Never null. */
    Origin of(HttpServletRequest clientToProxyRequest);

    /**
     * The socket's peer address, the connector's scheme, and the {@code Host} header as Jetty
     * checked it (one field, a valid authority, equal to an absolute-form target's). A request
     * without {@code Host} (HTTP/1.0) gets the address it arrived on.
     */
    ClientOrigin CONNECTION = request -> new Origin(addressOf(request), request.getScheme(), hostOf(request));

    private static String addressOf(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }

    private static String hostOf(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host != null && !host.isEmpty()) {
            return host;
        }
        String name = request.getServerName();
        String shown = name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
        return shown + ":" + request.getServerPort();
    }
}
