package dev.patgate.gateway.proxy;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which headers the proxy believes, drops and keeps. Pure rules on header names and values, so that
 * they can be checked without a server.
 *
 * <ul>
 *   <li>A client never speaks for the network: {@code Forwarded}, {@code Via}, every
 *       {@code X-Forwarded*} and {@code X-Original-*} header and the other spellings of a client
 *       address, scheme or host that frameworks read ({@code X-Real-IP}, {@code True-Client-IP},
 *       {@code X-Host}, {@code X-Url-Scheme} ...) are dropped; the gateway sets its own.</li>
 *   <li>A {@code Connection} header names hop-by-hop headers to drop (RFC 9110, 7.6.1), but never
 *       one of {@link #KEPT_DESPITE_CONNECTION}: those say what the message is or what the WebDAV
 *       operation does, and the gateway decided on them, so the backend must see them too.</li>
 * </ul>
 */
final class ProxyHeaders {

    /**
     * Headers that a {@code Connection} header cannot remove, in either direction (lower case):
     * the target and credentials, the gateway's own headers, the framing and the representation,
     * and the WebDAV and conditional headers an operation depends on.
     */
    static final Set<String> KEPT_DESPITE_CONNECTION = Set.of(
            "host",
            "authorization",
            "x-patgate-identity",
            "forwarded",
            "x-forwarded-for",
            "x-forwarded-proto",
            "x-forwarded-host",
            "via",
            "content-length",
            "content-type",
            "content-encoding",
            "content-range",
            "content-language",
            "content-location",
            "destination",
            "depth",
            "overwrite",
            "if",
            "lock-token",
            "timeout",
            "if-match",
            "if-none-match",
            "if-modified-since",
            "if-unmodified-since",
            "if-range",
            "range");

    private static final Set<String> NETWORK_CLAIMS = Set.of(
            "forwarded",
            "via",
            "x-real-ip",
            "x-client-ip",
            "client-ip",
            "true-client-ip",
            "x-cluster-client-ip",
            "cf-connecting-ip",
            "fastly-client-ip",
            "x-originating-ip",
            "x-remote-ip",
            "x-remote-addr",
            "x-proxyuser-ip",
            "wl-proxy-client-ip",
            "proxy-client-ip",
            "x-host",
            "x-http-host",
            "x-url-scheme",
            "x-scheme",
            "front-end-https",
            "x-rewrite-url");

    /**
     * Request headers through which Pydio Cells would take a credential or an identity other than
     * {@code Authorization}: the legacy bearer carrier and its internal user context. Always dropped.
     */
    static final List<String> SMUGGLED_CREDENTIALS = List.of("X-Pydio-Bearer", "X-Pydio-User");

    /** The query parameter through which Cells would take a bearer token; always dropped. */
    static final String SMUGGLED_QUERY_PARAMETER = "pydio_jwt";

    private ProxyHeaders() {}

    /**
     * A raw query (without {@code ?}) to forward: {@code ?} and the query unchanged, but without any
     * {@code pydio_jwt} parameter (its name compared after percent-decoding, ignoring case); the empty
     * string when nothing is left.
     */
    static String withoutSmuggledCredentials(String rawQuery) {
        if (!rawQuery.toLowerCase(Locale.ROOT).contains("pydio") && !rawQuery.contains("%")) {
            return "?" + rawQuery;
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : rawQuery.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (isSmuggledParameter(name)) {
                continue;
            }
            if (kept.length() > 0) {
                kept.append('&');
            }
            kept.append(pair);
        }
        return kept.length() == 0 && !rawQuery.isEmpty() ? "" : "?" + kept;
    }

    private static boolean isSmuggledParameter(String rawName) {
        String name;
        try {
            name = java.net.URLDecoder.decode(rawName, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // not decodable: compare what a lenient reader would see, the raw text
            name = rawName;
        }
        return name.strip().equalsIgnoreCase(SMUGGLED_QUERY_PARAMETER);
    }

    /** Whether a client-sent header claims something about the network path; such headers are dropped. */
    static boolean isNetworkClaim(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return NETWORK_CLAIMS.contains(lower) || lower.startsWith("x-forwarded") || lower.startsWith("x-original-");
    }

    /**
     * The header names a message's {@code Connection} values ask to drop, lower case, without those
     * in {@link #KEPT_DESPITE_CONNECTION}. Values are comma lists; blanks, tabs and empty elements
     * are ignored.
     */
    static Set<String> namedByConnection(List<String> connectionValues) {
        Set<String> names = new HashSet<>();
        for (String value : connectionValues) {
            for (String element : value.split(",", -1)) {
                String name = element.strip().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !KEPT_DESPITE_CONNECTION.contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /**
     * The gateway's {@code Forwarded} value (RFC 7239): {@code for="…";host="…";proto=…}, the
     * address in brackets when it is IPv6.
     */
    static String forwarded(ClientOrigin.Origin origin) {
        String address = origin.address().contains(":") ? "[" + origin.address() + "]" : origin.address();
        return "for=" + quoted(address) + ";host=" + quoted(origin.host()) + ";proto=" + origin.scheme();
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
