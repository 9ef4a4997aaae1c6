package dev.patgate.scope;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.auth.Refusal;
import dev.patgate.json.MalformedJsonException;
import dev.patgate.json.StrictJson;
import dev.patgate.token.Access;
import dev.patgate.token.Scope;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Says where a request acts and what it needs there (DESIGN.md, "Node scopes"), without deciding:
 * <ul>
 *   <li>WebDAV (below a configured prefix such as {@code /dav/}): the request path, with the access
 *       its method needs ({@link MethodAccess}); COPY and MOVE also name their Destination, which
 *       must be this gateway, with write;</li>
 *   <li>REST: what the {@link RestRoute} says, from the URL path, the URL's UUID or the JSON body
 *       (read up to the body limit, strictly: see {@link StrictJson}).</li>
 * </ul>
 * Paths are decoded and normalized by {@link TargetPath}; an ambiguous or malformed one is refused
 * with 400, as is a node UUID that is not one.
 */
final class RequestTargets {

    /**
     * One place a request acts on: a node path or a node UUID (exactly one is set), and the access
     * it needs there; null access means only that the target must be inside one of the token's
     * scopes, whatever its permission (OPTIONS).
     */
    record Target(TargetPath path, String nodeUuid, Access access) {

        static Target at(TargetPath path, Access access) {
            return new Target(path, null, access);
        }

        static Target node(String nodeUuid, Access access) {
            return new Target(null, nodeUuid, access);
        }
    }

    /**
     * The targets of a request, in the order they are checked, and the request to forward (one that
     * replays the body when the body had to be read).
     */
    record Found(List<Target> targets, HttpServletRequest forward) {}

    /** The keys a user job's parameters may hold (Cells' copy and move jobs). */
    private static final Set<String> JOB_KEYS = Set.of("nodes", "target", "targetParent");

    private final List<String> webdavPrefixes;
    private final List<RestRoute> restRoutes;
    private final int maxBodyBytes;

    /**
     * @param webdavPrefixes path prefixes below which the path is a node path, e.g. {@code /dav/}
     *        (see {@link PathPrefixes})
     * @param maxBodyBytes the largest body read to find targets; a larger one gets 413
     */
    RequestTargets(List<String> webdavPrefixes, List<RestRoute> restRoutes, int maxBodyBytes) {
        for (String prefix : webdavPrefixes) {
            if (!PathPrefixes.isValid(prefix)) {
                throw new IllegalArgumentException("a WebDAV prefix must start and end with / and not be /");
            }
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("max body bytes must be positive");
        }
        this.webdavPrefixes = List.copyOf(webdavPrefixes);
        this.restRoutes = List.copyOf(restRoutes);
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The WebDAV prefix {@code rawPath} is below, or null. */
    String webdavPrefix(String rawPath) {
        return PathPrefixes.matching(webdavPrefixes, rawPath);
    }

    /** The first REST route that describes the request, or null. */
    RestRoute restRoute(String method, String rawPath) {
        for (int i = 0; i < restRoutes.size(); i++) {
            RestRoute route = restRoutes.get(i);
            if (route.matches(method, rawPath)) {
                return route;
            }
        }
        return null;
    }

    /**
     * The targets of a WebDAV request below {@code prefix}.
     *
     * @throws Refusal 403 for a method scoped tokens may not use or a Destination
     *         outside WebDAV; 400 for a malformed path, or a missing, repeated or malformed Destination
     */
    List<Target> webDav(
            HttpServletRequest request, AuthenticatedToken token, String method, String rawPath, String prefix)
            throws Refusal {
        Set<Access> needed;
        Set<Access> neededAtDestination;
        try {
            needed = MethodAccess.required(method);
            neededAtDestination = MethodAccess.destinationAccess(method);
        } catch (IllegalArgumentException e) {
            throw Refusal.insufficientScope("method not allowed for scoped tokens", token, null);
        }
        TargetPath target = nodePath(rawPath, prefix, token);
        List<Target> targets = new ArrayList<>(2);
        if (needed.isEmpty()) {
            targets.add(Target.at(target, null));
        }
        for (Access access : needed) {
            targets.add(Target.at(target, access));
        }
        if (!neededAtDestination.isEmpty()) {
            TargetPath destination = destination(request, token);
            for (Access access : neededAtDestination) {
                targets.add(Target.at(destination, access));
            }
        }
        return targets;
    }

    /**
     * The targets of a REST request {@code route} describes, in order: the URL's, then the body's.
     *
     * @throws Refusal 400 for a malformed path, UUID or body, 413 for a body over the limit
     */
    Found rest(HttpServletRequest request, AuthenticatedToken token, RestRoute route, String rawPath) throws Refusal {
        List<Target> targets = new ArrayList<>();
        String rest = rawPath.substring(route.prefix().length());
        if (route.urlKind() == RestRoute.TargetKind.PATH) {
            targets.add(Target.at(nodePath("/" + rest, "/", token), route.access()));
        } else if (route.urlKind() == RestRoute.TargetKind.UUID) {
            targets.add(Target.node(nodeUuid(rest, token), route.access()));
        }
        if (route.bodyField() == null) {
            return new Found(targets, request);
        }
        byte[] body = readBody(request, token);
        JsonNode root;
        try {
            // strict, so the targets checked here are the ones the backend acts on (see StrictJson)
            root = StrictJson.read(body);
        } catch (MalformedJsonException e) {
            throw Refusal.invalidRequest("body is not JSON: " + e.getMessage(), token);
        }
        for (RestRoute.BodyField field : route.bodyFields()) {
            collect(root, field, 0, route.access(), targets, token);
        }
        return new Found(targets, new BufferedBodyRequest(request, body));
    }

    /**
     * The node path of a raw path below {@code prefix}.
     *
     * @throws Refusal 400 when {@link TargetPath#parse} refuses it
     */
    static TargetPath nodePath(String rawPath, String prefix, AuthenticatedToken token) throws Refusal {
        String path = rawPath.substring(prefix.length() - 1);
        try {
            return TargetPath.parse(path.isEmpty() ? "/" : path);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalidRequest("path refused: " + e.getMessage(), token);
        }
    }

    /**
     * The node path the one {@code Destination} header names; see {@link Destination}.
     *
     * @throws Refusal 400 when missing, repeated or refused, 403 when outside WebDAV
     */
    private TargetPath destination(HttpServletRequest request, AuthenticatedToken token) throws Refusal {
        String header = request.getHeader("Destination");
        if (header == null) {
            throw Refusal.invalidRequest("Destination header missing", token);
        }
        if (Collections.list(request.getHeaders("Destination")).size() > 1) {
            throw Refusal.invalidRequest("more than one Destination header", token);
        }
        Destination destination;
        try {
            destination = Destination.parse(header, request.getScheme(), hostOf(request));
        } catch (IllegalArgumentException e) {
            throw Refusal.invalidRequest("Destination refused: " + e.getMessage(), token);
        }
        TargetPath nodePath = belowPrefix(destination);
        if (nodePath == null) {
            throw Refusal.insufficientScope("Destination outside WebDAV", token, "write");
        }
        return nodePath;
    }

    /** The node path of a parsed URL below a WebDAV prefix, or null when it is below none. */
    TargetPath belowPrefix(Destination destination) {
        String prefix = webdavPrefix(destination.rawPath());
        if (prefix == null) {
            return null;
        }
        List<String> segments = destination.path().segments();
        int prefixSegments = (int) prefix.chars().filter(c -> c == '/').count() - 1;
        return new TargetPath(segments.subList(prefixSegments, segments.size()));
    }

    /** The request's Host, or empty when it has none. */
    static String hostOf(HttpServletRequest request) {
        String host = request.getHeader("Host");
        return host == null ? "" : host;
    }

    private static String nodeUuid(String text, AuthenticatedToken token) throws Refusal {
        try {
            return Scope.parseNodeUuid(text);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalidRequest("not a node UUID", token);
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

    /**
     * Walks {@code field} from {@code node} (its names from {@code depth} on) and adds the targets
     * found at its end.
     *
     * @throws Refusal 400 when a required field is missing or a value has the wrong shape
     */
    private static void collect(
            JsonNode node,
            RestRoute.BodyField field,
            int depth,
            Access access,
            List<Target> targets,
            AuthenticatedToken token)
            throws Refusal {
        if (depth == field.names().size()) {
            addTargets(node, field.kind(), access, targets, token);
            return;
        }
        JsonNode value = field(node, field.names().get(depth), token);
        if (value == null || value.isNull()) {
            if (field.optional()) {
                return;
            }
            throw Refusal.invalidRequest("body lacks its target list", token);
        }
        if (!field.arrays().get(depth)) {
            collect(value, field, depth + 1, access, targets, token);
            return;
        }
        if (!value.isArray()) {
            throw Refusal.invalidRequest("body has a target list that is not an array", token);
        }
        for (JsonNode element : value) {
            collect(element, field, depth + 1, access, targets, token);
        }
    }

    /** The targets one value at the end of a body field names, as its kind says. */
    private static void addTargets(
            JsonNode value, RestRoute.TargetKind kind, Access access, List<Target> targets, AuthenticatedToken token)
            throws Refusal {
        switch (kind) {
            case PATH, UUID -> {
                if (value.isArray()) {
                    for (JsonNode element : value) {
                        addTarget(element, kind, access, targets, token);
                    }
                } else {
                    addTarget(value, kind, access, targets, token);
                }
            }
            case UUID_OR_PATH -> {
                if (value.isArray()) {
                    for (JsonNode element : value) {
                        addNodeReference(element, access, targets, token);
                    }
                } else {
                    addNodeReference(value, access, targets, token);
                }
            }
            case JOB_PARAMETERS -> addJobParameters(value, access, targets, token);
        }
    }

    private static void addTarget(
            JsonNode value, RestRoute.TargetKind kind, Access access, List<Target> targets, AuthenticatedToken token)
            throws Refusal {
        if (value == null || !value.isTextual()) {
            throw Refusal.invalidRequest("body has a target that is not a string", token);
        }
        targets.add(
                kind == RestRoute.TargetKind.UUID
                        ? Target.node(nodeUuid(value.textValue(), token), access)
                        : Target.at(bodyPath(value.textValue(), token), access));
    }

    /** An object naming a node by {@code Uuid} or {@code Path}: each one given is a target. */
    private static void addNodeReference(JsonNode node, Access access, List<Target> targets, AuthenticatedToken token)
            throws Refusal {
        if (!node.isObject()) {
            throw Refusal.invalidRequest("body has a node that is not an object", token);
        }
        JsonNode uuid = field(node, "Uuid", token);
        JsonNode path = field(node, "Path", token);
        if ((uuid == null || uuid.isNull()) && (path == null || path.isNull())) {
            throw Refusal.invalidRequest("body has a node with neither Uuid nor Path", token);
        }
        if (uuid != null && !uuid.isNull()) {
            addTarget(uuid, RestRoute.TargetKind.UUID, access, targets, token);
        }
        if (path != null && !path.isNull()) {
            addTarget(path, RestRoute.TargetKind.PATH, access, targets, token);
        }
    }

    /**
     * A string holding {@code {"nodes": [paths], "target": path, "targetParent": bool}}, read as
     * strictly as the body itself; {@code nodes} need {@code access}, {@code target} needs write.
     * Any other key, a key twice, a value of another type, or a string that is not one JSON object
     * is refused: the backend reads this document on its own, so nothing in it may go unchecked.
     */
    private static void addJobParameters(JsonNode value, Access access, List<Target> targets, AuthenticatedToken token)
            throws Refusal {
        if (!value.isTextual()) {
            throw Refusal.invalidRequest("job parameters are not a JSON string", token);
        }
        JsonNode parameters;
        try {
            parameters = StrictJson.read(value.textValue().getBytes(StandardCharsets.UTF_8));
        } catch (MalformedJsonException e) {
            throw Refusal.invalidRequest("job parameters are not JSON: " + e.getMessage(), token);
        }
        if (!parameters.isObject()) {
            throw Refusal.invalidRequest("job parameters are not a JSON object", token);
        }
        Iterator<String> keys = parameters.fieldNames();
        while (keys.hasNext()) {
            if (!JOB_KEYS.contains(keys.next())) {
                throw Refusal.invalidRequest("job parameters hold a key other than nodes, target, targetParent", token);
            }
        }
        JsonNode nodes = parameters.get("nodes");
        JsonNode target = parameters.get("target");
        JsonNode targetParent = parameters.get("targetParent");
        if (nodes == null || !nodes.isArray() || nodes.isEmpty()) {
            throw Refusal.invalidRequest("job parameters lack their nodes", token);
        }
        if (target == null || !target.isTextual()) {
            throw Refusal.invalidRequest("job parameters lack their target", token);
        }
        if (targetParent != null && !targetParent.isBoolean()) {
            throw Refusal.invalidRequest("job parameters have a targetParent that is not a boolean", token);
        }
        for (JsonNode node : nodes) {
            if (!node.isTextual()) {
                throw Refusal.invalidRequest("job parameters have a node that is not a string", token);
            }
            targets.add(Target.at(jobPath(node.textValue(), token), access));
        }
        targets.add(Target.at(jobPath(target.textValue(), token), Access.WRITE));
    }

    /** A path in job parameters: read as is (no listing rule: {@code *} there is a name). */
    private static TargetPath jobPath(String value, AuthenticatedToken token) throws Refusal {
        try {
            return TargetPath.ofNodePath(value);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalidRequest("job parameter path refused: " + e.getMessage(), token);
        }
    }

    /**
     * The field {@code name} of an object, or null when it is absent or the node is no object. A key
     * that differs from {@code name} only in case is refused: backends whose JSON decoding ignores
     * case (Go's encoding/json, for one) could read it instead of the one checked here.
     */
    private static JsonNode field(JsonNode object, String name, AuthenticatedToken token) throws Refusal {
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
}
