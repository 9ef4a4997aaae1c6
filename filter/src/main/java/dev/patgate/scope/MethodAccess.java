package dev.patgate.scope;

import dev.patgate.token.Access;
import java.util.Map;
import java.util.Set;

/**
 * Which {@link Access} a WebDAV or HTTP method needs on its targets (DESIGN, "Node scopes"). Methods
 * are matched case-sensitively, as RFC 9110 §9.1 defines them; a method not in the table is refused,
 * so new methods fail closed.
 *
 * <table>
 *   <caption>Access needed</caption>
 *   <tr><th>method</th><th>request target</th><th>Destination</th></tr>
 *   <tr><td>GET, HEAD, PROPFIND, REPORT</td><td>READ</td><td>none</td></tr>
 *   <tr><td>PUT, DELETE, MKCOL, PROPPATCH, LOCK, UNLOCK, POST, PATCH</td><td>WRITE</td><td>none</td></tr>
 *   <tr><td>COPY</td><td>READ</td><td>WRITE</td></tr>
 *   <tr><td>MOVE</td><td>WRITE</td><td>WRITE</td></tr>
 *   <tr><td>OPTIONS</td><td>none (the target must be inside some scope: the caller checks)</td><td>none</td></tr>
 * </table>
 */
public final class MethodAccess {

    private static final Set<Access> NONE = Set.of();
    private static final Set<Access> READ = Set.of(Access.READ);
    private static final Set<Access> WRITE = Set.of(Access.WRITE);

    private static final Map<String, Set<Access>> TARGET = Map.ofEntries(
            Map.entry("GET", READ),
            Map.entry("HEAD", READ),
            Map.entry("PROPFIND", READ),
            Map.entry("REPORT", READ),
            Map.entry("PUT", WRITE),
            Map.entry("DELETE", WRITE),
            Map.entry("MKCOL", WRITE),
            Map.entry("PROPPATCH", WRITE),
            Map.entry("LOCK", WRITE),
            Map.entry("UNLOCK", WRITE),
            Map.entry("POST", WRITE),
            Map.entry("PATCH", WRITE),
            Map.entry("COPY", READ),
            Map.entry("MOVE", WRITE),
            Map.entry("OPTIONS", NONE));

    private MethodAccess() {}

    /**
     * The access the method needs on the request target.
     *
     * @param method the request method, e.g. {@code PROPFIND}
     * @return an immutable set, empty for OPTIONS
     * @throws IllegalArgumentException if the method is null or not in the table
     */
    public static Set<Access> required(String method) {
        return lookup(method);
    }

    /**
     * The access the method needs on the target named by its {@code Destination} header.
     *
     * @param method the request method
     * @return {@code {WRITE}} for COPY and MOVE, an empty immutable set for every other known method
     * @throws IllegalArgumentException if the method is null or not in the table
     */
    public static Set<Access> destinationAccess(String method) {
        lookup(method);
        return "COPY".equals(method) || "MOVE".equals(method) ? WRITE : NONE;
    }

    private static Set<Access> lookup(String method) {
        Set<Access> access = method == null ? null : TARGET.get(method);
        if (access == null) {
            throw new IllegalArgumentException("method is not supported for scoped tokens");
        }
        return access;
    }
}
