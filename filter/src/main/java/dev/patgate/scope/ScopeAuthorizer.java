package dev.patgate.scope;

import dev.patgate.token.Access;
import com.fasterxml.jackson.databind.JsonNode;
import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.auth.Refusal;
import dev.patgate.json.MalformedJsonException;
import dev.patgate.json.StrictJson;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Enforces node scopes (DESIGN.md, "Node scopes"). An unscoped token passes: it acts as its user and
 * the backend's ACLs decide. A scoped token may act on a scoped node and everything below it, with
 * that scope's permissions, and on nothing else:
 * <ul>
 *   <li>WebDAV (below a configured prefix such as {@code /dav/}): the method says what access the
 *       target needs ({@link MethodAccess}); COPY and MOVE also need write on their Destination,
 *       which must name this gateway.</li>
 *   <li>REST: a {@link RestRoute} says where the targets are (URL path, URL UUID, JSON body) and what
 *       they need. A REST request no route describes is refused.</li>
 *   <li>OPTIONS is no exception: its target must be inside a scope, or it is refused before the
 *       backend sees it (its answer would tell what lies outside).</li>
 * </ul>
 * Targets are compared as decoded, normalized path segments ({@link TargetPath}); ambiguous paths
 * are refused with 400 before any decision. Scoped nodes are found by UUID through the
 * {@link CachingNodeResolver}. Every request that can move, remove or replace a node, for any
 * token, is announced to it when forwarded and again when over, so that nothing decided before or
 * during the change is used after it.
 */
public final class ScopeAuthorizer implements Authorizer {

    /** Headers some frameworks read to run another method than the request line's. */
    private static final List<String> METHOD_OVERRIDES =
            List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

    private static final String CHANGES_NODES = ScopeAuthorizer.class.getName() + ".changesNodes";
    /** WebDAV methods that never move, remove or replace an existing node (creating one is harmless). */
    private static final Set<String> NON_REPLACING = Set.of("GET", "HEAD", "OPTIONS", "PROPFIND", "REPORT",
            "PROPPATCH", "MKCOL", "LOCK", "UNLOCK");
    /** REST methods that change nothing when no route says otherwise. */
    private static final Set<String> REST_SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final List<String> webdavPrefixes;
    private final List<RestRoute> restRoutes;
    private final CachingNodeResolver resolver;
    private final LockChecks lockChecks;
    private final int maxBodyBytes;
    /** Requests already allowed, so a known token repeating a request costs one lookup. */
    private final CachingNodeResolver.Derived<Decision, Boolean> allowed;

    /**
     * @param webdavPrefixes path prefixes (starting and ending with {@code /}) below which the path is
     *        a node path, e.g. {@code /dav/}
     * @param restRoutes the REST route table
     * @param maxBodyBytes the largest body read to find targets; a larger one gets 413
     */
    public ScopeAuthorizer(List<String> webdavPrefixes, List<RestRoute> restRoutes, CachingNodeResolver resolver,
            int maxBodyBytes) {
        this(webdavPrefixes, restRoutes, resolver, LockResolver.NONE, maxBodyBytes);
    }

    /**
     * @param locks finds the roots of the locks a scoped request names; {@link LockResolver#NONE}
     *        refuses every such request
     */
    public ScopeAuthorizer(List<String> webdavPrefixes, List<RestRoute> restRoutes, CachingNodeResolver resolver,
            LockResolver locks, int maxBodyBytes) {
        for (String prefix : webdavPrefixes) {
            if (!prefix.startsWith("/") || !prefix.endsWith("/") || prefix.length() < 3) {
                throw new IllegalArgumentException("a WebDAV prefix must start and end with / and not be /");
            }
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("max body bytes must be positive");
        }
        this.webdavPrefixes = List.copyOf(webdavPrefixes);
        this.restRoutes = List.copyOf(restRoutes);
        this.resolver = Objects.requireNonNull(resolver, "resolver must not be null");
        this.lockChecks = new LockChecks(Objects.requireNonNull(locks, "locks must not be null"), this);
        this.maxBodyBytes = maxBodyBytes;
        this.allowed = resolver.companionCache(100_000);
    }

    @Override
    public HttpServletRequest authorize(HttpServletRequest request, AuthenticatedToken token)
            throws Refusal {
        String method = request.getMethod();
        String rawPath = request.getRequestURI();
        String webdavPrefix = webdavPrefix(rawPath);
        RestRoute route = webdavPrefix == null ? restRoute(method, rawPath) : null;
        HttpServletRequest forward = token.isScoped()
                ? authorizeScoped(request, token, method, rawPath, webdavPrefix, route) : request;
        if (changesNodes(request, method, webdavPrefix, route)) {
            resolver.changeStarted();
            forward.setAttribute(CHANGES_NODES, Boolean.TRUE);
        }
        return forward;
    }

    /** Ends the change announced in {@link #authorize}: decisions are made on the new state from now on. */
    @Override
    public void forwarded(HttpServletRequest request) {
        if (request.getAttribute(CHANGES_NODES) != null) {
            request.removeAttribute(CHANGES_NODES);
            resolver.changeCompleted();
        }
    }

    private HttpServletRequest authorizeScoped(HttpServletRequest request, AuthenticatedToken token, String method,
            String rawPath, String webdavPrefix, RestRoute route) throws Refusal {
        for (String header : METHOD_OVERRIDES) {
            if (request.getHeader(header) != null) {
                // a backend that honours it would run another method than the one authorized
                throw Refusal.invalidRequest("method override header with a scoped token", token);
            }
        }
        if (webdavPrefix == null && route == null) {
            throw Refusal.insufficientScope("no REST route describes this request", token, null);
        }
        long generation = resolver.generation();
        Decision decision = null;
        if ((webdavPrefix != null || route.bodyField() == null) && !namesLocks(request)) {
            String destination = "COPY".equals(method) || "MOVE".equals(method) ? destinationKey(request) : null;
            decision = new Decision(token.tokenId(), method, rawPath, destination);
            if (allowed.getIfPresent(decision) != null) {
                return request;
            }
        }
        try {
            HttpServletRequest forward;
            if (webdavPrefix != null) {
                authorizeWebDav(request, token, method, rawPath, webdavPrefix);
                lockChecks.authorize(request, token, rawPath, webdavPrefix);
                forward = request;
            } else {
                if (namesLocks(request)) {
                    throw Refusal.insufficientScope("lock headers on a REST request", token, "write");
                }
                forward = authorizeRest(request, token, route, rawPath);
            }
            if (decision != null) {
                allowed.put(decision, Boolean.TRUE, generation);
            }
            return forward;
        } catch (BackendUnavailableException e) {
            throw Refusal.upstreamUnavailable("scope resolution failed: " + e.getMessage(), token);
        }
    }

    /** Whether the request names lock tokens, so that its decision depends on more than method and path. */
    private static boolean namesLocks(HttpServletRequest request) {
        return request.getHeader("If") != null || request.getHeader("Lock-Token") != null;
    }

    private void authorizeWebDav(HttpServletRequest request, AuthenticatedToken token, String method,
            String rawPath, String prefix) throws Refusal {
        Set<Access> needed;
        Set<Access> neededAtDestination;
        try {
            needed = MethodAccess.required(method);
            neededAtDestination = MethodAccess.destinationAccess(method);
        } catch (IllegalArgumentException e) {
            throw Refusal.insufficientScope("method not allowed for scoped tokens", token, null);
        }
        TargetPath target = nodePath(rawPath, prefix, token);
        if (needed.isEmpty()) {
            requireInside(target, token);
        }
        for (Access access : needed) {
            require(target, access, token);
        }
        if (!neededAtDestination.isEmpty()) {
            TargetPath destination = destination(request, token);
            for (Access access : neededAtDestination) {
                require(destination, access, token);
            }
        }
    }

    /**
     * A request without a body already allowed for a token. It depends only on these fields and on the
     * resolutions, which is why it lives in a companion cache of the resolver: it expires with them
     * and is dropped with them.
     */
    private record Decision(String tokenId, String method, String rawPath, String destination) {
    }

    /**
     * What a COPY or MOVE decision depends on besides token, method and path: every Destination
     * value, and the Host it was checked against.
     */
    private static String destinationKey(HttpServletRequest request) {
        return request.getHeader("Host") + "\n"
                + String.join("\n", Collections.list(request.getHeaders("Destination")));
    }

    private TargetPath destination(HttpServletRequest request, AuthenticatedToken token)
            throws Refusal {
        String header = request.getHeader("Destination");
        if (header == null) {
            throw Refusal.invalidRequest("Destination header missing", token);
        }
        if (Collections.list(request.getHeaders("Destination")).size() > 1) {
            throw Refusal.invalidRequest("more than one Destination header", token);
        }
        String host = request.getHeader("Host");
        TargetPath full;
        try {
            full = Destination.parseDestination(header, request.getScheme(), host == null ? "" : host);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalidRequest("Destination refused: " + e.getMessage(), token);
        }
        String rawDestinationPath = java.net.URI.create(header.trim()).getRawPath();
        String prefix = webdavPrefix(rawDestinationPath);
        if (prefix == null) {
            throw Refusal.insufficientScope("Destination outside WebDAV", token, "write");
        }
        return nodePath(rawDestinationPath, prefix, token);
    }

    private HttpServletRequest authorizeRest(HttpServletRequest request, AuthenticatedToken token, RestRoute route,
            String rawPath) throws Refusal {
        List<TargetPath> targets = new ArrayList<>();
        RestRoute.TargetKind urlKind = route.urlKind();
        String rest = rawPath.substring(route.prefix().length());
        if (urlKind == RestRoute.TargetKind.PATH) {
            targets.add(nodePath("/" + rest, "/", token));
        } else if (urlKind == RestRoute.TargetKind.UUID) {
            targets.add(pathOfUuid(rest, token));
        }
        HttpServletRequest forward = request;
        if (route.bodyField() != null) {
            byte[] body = readBody(request, token);
            for (String value : bodyValues(body, route.bodyField(), token)) {
                targets.add(route.bodyKind() == RestRoute.TargetKind.UUID ? pathOfUuid(value, token)
                        : bodyPath(value, token));
            }
            forward = new BufferedBodyRequest(request, body);
        }
        if (targets.isEmpty()) {
            throw Refusal.insufficientScope("request names no target", token, null);
        }
        for (TargetPath target : targets) {
            require(target, route.access(), token);
        }
        return forward;
    }

    /** Refuses unless one of the token's scopes with this access holds {@code target}. */
    void require(TargetPath target, Access access, AuthenticatedToken token) throws Refusal {
        for (dev.patgate.token.Scope scope : token.scopes()) {
            boolean allows = access == Access.READ ? scope.read() : scope.write();
            if (!allows) {
                continue;
            }
            Optional<TargetPath> root = resolver.resolve(scope.nodeUuid(), token);
            if (root.isPresent() && target.isSameOrBelow(root.get())) {
                return;
            }
        }
        String permission = access == Access.READ ? "read" : "write";
        throw Refusal.insufficientScope("target outside the token's " + permission + " scopes",
                token, permission);
    }

    /**
     * For OPTIONS: the target must be inside one of the token's scopes, whatever its permission, so
     * that a scoped token learns nothing (headers, existence) about what lies outside.
     */
    void requireInside(TargetPath target, AuthenticatedToken token) throws Refusal {
        for (dev.patgate.token.Scope scope : token.scopes()) {
            Optional<TargetPath> root = resolver.resolve(scope.nodeUuid(), token);
            if (root.isPresent() && target.isSameOrBelow(root.get())) {
                return;
            }
        }
        throw Refusal.insufficientScope("target outside the token's scopes", token, "read");
    }

    private TargetPath pathOfUuid(String text, AuthenticatedToken token) throws Refusal {
        String uuid;
        try {
            uuid = dev.patgate.token.Scope.parse("node:" + text + ":r").nodeUuid();
        } catch (IllegalArgumentException e) {
            throw Refusal.invalidRequest("not a node UUID", token);
        }
        Optional<TargetPath> path = resolver.resolve(uuid, token);
        if (path.isEmpty()) {
            throw Refusal.insufficientScope("unknown node", token, null);
        }
        return path.get();
    }

    static TargetPath nodePath(String rawPath, String prefix, AuthenticatedToken token)
            throws Refusal {
        String path = rawPath.substring(prefix.length() - 1);
        try {
            return TargetPath.parse(path.isEmpty() ? "/" : path);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalidRequest("path refused: " + e.getMessage(), token);
        }
    }

    private static TargetPath bodyPath(String value, AuthenticatedToken token) throws Refusal {
        String path = value;
        if (path.equals("*") || path.endsWith("/*")) {
            path = path.substring(0, path.length() - 1);
        }
        try {
            return TargetPath.ofNodePath(path);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalidRequest("body path refused: " + e.getMessage(), token);
        }
    }

    private byte[] readBody(HttpServletRequest request, AuthenticatedToken token) throws Refusal {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw Refusal.bodyTooLarge(token);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw Refusal.bodyTooLarge(token);
            }
            return body;
        } catch (IOException e) {
            throw Refusal.invalidRequest("body could not be read", token);
        }
    }

    private static List<String> bodyValues(byte[] body, String field, AuthenticatedToken token)
            throws Refusal {
        JsonNode root;
        try {
            // strict, so the targets checked here are the ones the backend acts on (see StrictJson)
            root = StrictJson.read(body);
        } catch (MalformedJsonException e) {
            throw Refusal.invalidRequest("body is not JSON: " + e.getMessage(), token);
        }
        int dot = field.indexOf("[].");
        String arrayName = dot < 0 ? field : field.substring(0, dot);
        String member = dot < 0 ? null : field.substring(dot + 3);
        JsonNode array = field(root, arrayName, token);
        if (array == null || !array.isArray()) {
            throw Refusal.invalidRequest("body lacks its target list", token);
        }
        List<String> values = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            JsonNode value = member == null ? element : field(element, member, token);
            if (value == null || !value.isTextual()) {
                throw Refusal.invalidRequest("body has a target that is not a string", token);
            }
            values.add(value.textValue());
        }
        return values;
    }

    /**
     * The field {@code name} of an object, or null when it is absent or the node is no object. A key
     * that differs from {@code name} only in case is refused: backends whose JSON decoding ignores
     * case (Go's encoding/json, for one) could read it instead of the one checked here.
     */
    private static JsonNode field(JsonNode object, String name, AuthenticatedToken token)
            throws Refusal {
        if (object == null || !object.isObject()) {
            return null;
        }
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!key.equals(name) && key.equalsIgnoreCase(name)) {
                throw Refusal.invalidRequest("body has a target field spelled in another case", token);
            }
        }
        return object.get(name);
    }

    /** The WebDAV prefix {@code rawPath} is below, or null. */
    String webdavPrefix(String rawPath) {
        for (String prefix : webdavPrefixes) {
            if (rawPath.startsWith(prefix) || rawPath.equals(prefix.substring(0, prefix.length() - 1))) {
                return prefix;
            }
        }
        return null;
    }

    private RestRoute restRoute(String method, String rawPath) {
        for (RestRoute route : restRoutes) {
            if (route.matches(method, rawPath)) {
                return route;
            }
        }
        return null;
    }

    /**
     * Whether the request can move, remove or replace an existing node, whoever sends it: every WebDAV
     * method but those in {@link #NON_REPLACING} (so unknown and extension methods such as REBIND
     * count), except a COPY whose {@code Overwrite} is exactly {@code F}; a REST route marked
     * {@code invalidates}, and any REST request no route describes other than GET, HEAD and OPTIONS.
     * A request carrying a method override header counts too: the backend might honour it.
     */
    private static boolean changesNodes(HttpServletRequest request, String method, String webdavPrefix,
            RestRoute route) {
        for (String header : METHOD_OVERRIDES) {
            if (request.getHeader(header) != null) {
                return true;
            }
        }
        if (webdavPrefix != null) {
            if ("COPY".equals(method)) {
                List<String> overwrite = Collections.list(request.getHeaders("Overwrite"));
                return !(overwrite.size() == 1 && overwrite.get(0).trim().equals("F"));
            }
            return !NON_REPLACING.contains(method);
        }
        return route != null ? route.invalidates() : !REST_SAFE.contains(method);
    }
}
