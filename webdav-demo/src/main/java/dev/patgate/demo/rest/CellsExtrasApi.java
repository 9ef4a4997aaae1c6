package dev.patgate.demo.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.demo.store.NodeInfo;
import dev.patgate.demo.store.NodePath;
import dev.patgate.demo.store.NodeStore;
import dev.patgate.demo.store.StoreException;
import dev.patgate.demo.store.Workspace;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rest of the Cells REST endpoints that name nodes, beyond the tree API of {@link TreeApi}, in
 * Cells' JSON shapes ({@link CellsExtrasJson}):
 * <ul>
 *   <li>{@code GET /a/n/node/{Uuid}} (Cells' REST v2 node by UUID);</li>
 *   <li>user metadata: {@code POST /a/meta/get|set|delete/{path}}, {@code POST /a/meta/bulk/get},
 *       kept in memory per node UUID;</li>
 *   <li>{@code POST /a/tree/restore} (this stand-in's recycle bin: a node at
 *       {@code <workspace>/recycle_bin/<path>} goes back to {@code <workspace>/<path>}) and
 *       {@code POST /a/tree/selection};</li>
 *   <li>{@code PUT /a/jobs/user/copy|move}: runs at once in the node store, answers a job UUID;</li>
 *   <li>{@code POST /a/search/nodes}: by name (substring, any case) and path prefix, across the
 *       caller's whole tree;</li>
 *   <li>{@code PUT /a/share/link}, {@code PUT /a/share/cell}: recorded, answered with the share;</li>
 *   <li>{@code POST /a/auth/token/document} in the signed-identity personality only: answers a fresh
 *       random token string, accepted nowhere (in the cells personality the Cells API servlet mints
 *       a real DOCUMENT token there, and this servlet never sees the request).</li>
 * </ul>
 */
final class CellsExtrasApi {

    private static final String NODE_V2 = "/a/n/node/";
    private static final String META_GET = "/a/meta/get/";
    private static final String META_SET = "/a/meta/set/";
    private static final String META_DELETE = "/a/meta/delete/";
    private static final String RECYCLE_BIN = "recycle_bin";
    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final int MAX_SEARCH_RESULTS = 1000;

    private final NodeStore store;
    private final ObjectMapper json;
    private final TreeApi tree;
    private final SecureRandom random = new SecureRandom();
    /** Node UUID → namespace → JSON value, as Cells' user metadata keeps it. */
    private final Map<String, Map<String, String>> metadata = new ConcurrentHashMap<>();

    private final Map<String, Object> shares = new ConcurrentHashMap<>();

    CellsExtrasApi(NodeStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
        this.tree = new TreeApi(store);
    }

    /**
     * The answer for a route this class serves, or null when it serves none.
     *
     * @throws ApiException or {@link StoreException} with their status
     */
    Object dispatch(String route, String login, HttpServletRequest request) throws IOException {
        String method = request.getMethod();
        if (route.startsWith(NODE_V2) && route.indexOf('/', NODE_V2.length()) < 0) {
            require("GET", method);
            return tree.node(login, route.substring(NODE_V2.length()));
        }
        if (route.startsWith(META_GET)) {
            require("POST", method);
            return metaNode(stat(login, route.substring(META_GET.length())));
        }
        if (route.startsWith(META_SET)) {
            require("POST", method);
            return metaSet(login, route.substring(META_SET.length()), body(request));
        }
        if (route.startsWith(META_DELETE)) {
            require("POST", method);
            return metaDelete(login, route.substring(META_DELETE.length()), body(request));
        }
        switch (route) {
            case "/a/meta/bulk/get" -> {
                require("POST", method);
                return metaBulk(login, body(request));
            }
            case "/a/tree/restore" -> {
                require("POST", method);
                return restore(login, body(request));
            }
            case "/a/tree/selection" -> {
                require("POST", method);
                return selection(login, body(request));
            }
            case "/a/jobs/user/copy", "/a/jobs/user/move" -> {
                require("PUT", method);
                return userJob(login, route.endsWith("/move"), body(request));
            }
            case "/a/search/nodes" -> {
                require("POST", method);
                return search(login, body(request));
            }
            case "/a/share/link" -> {
                require("PUT", method);
                return shareLink(login, body(request));
            }
            case "/a/share/cell" -> {
                require("PUT", method);
                return shareCell(login, body(request));
            }
            case "/a/auth/token/document" -> {
                require("POST", method);
                stat(login, text(body(request), "Path"));
                return new CellsExtrasJson.AccessToken(randomHex(32));
            }
            default -> {
                return null;
            }
        }
    }

    private CellsExtrasJson.MetaNode metaSet(String login, String path, JsonNode body) {
        NodeInfo node = stat(login, path);
        JsonNode metas = body.get("Metadatas");
        if (metas == null || !metas.isArray()) {
            throw new ApiException(400, "Metadatas is required");
        }
        Map<String, String> values = metadata.computeIfAbsent(node.uuid(), u -> new ConcurrentHashMap<>());
        for (JsonNode meta : metas) {
            String namespace = text(meta, "Namespace");
            String value = text(meta, "JsonMeta");
            values.put(namespace, value);
        }
        return metaNode(node);
    }

    private CellsExtrasJson.MetaNode metaDelete(String login, String path, JsonNode body) {
        NodeInfo node = stat(login, path);
        JsonNode namespaces = body.get("Namespace");
        if (namespaces == null || !namespaces.isArray()) {
            throw new ApiException(400, "Namespace is required");
        }
        Map<String, String> values = metadata.get(node.uuid());
        for (JsonNode namespace : namespaces) {
            if (values != null) {
                values.remove(namespace.asText());
            }
        }
        return metaNode(node);
    }

    private CellsExtrasJson.BulkMeta metaBulk(String login, JsonNode body) {
        List<CellsExtrasJson.MetaNode> nodes = new ArrayList<>();
        for (String path : texts(body, "NodePaths")) {
            try {
                if (path.endsWith("/*")) {
                    for (NodeInfo child : store.list(store.resolve(login, path.substring(0, path.length() - 2)))) {
                        nodes.add(metaNode(child));
                    }
                } else {
                    store.stat(store.resolve(login, path)).ifPresent(info -> nodes.add(metaNode(info)));
                }
            } catch (StoreException e) {
                if (e.kind() != StoreException.Kind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        return new CellsExtrasJson.BulkMeta(nodes, new CellsExtrasJson.Pagination(nodes.size()));
    }

    private CellsExtrasJson.RestoreAnswer restore(String login, JsonNode body) {
        List<NodePath> from = new ArrayList<>();
        for (String path : nodePaths(body)) {
            NodePath recycled = store.resolve(login, path);
            if (recycled.names().size() < 2 || !recycled.names().get(0).equals(RECYCLE_BIN)) {
                throw new ApiException(400, "only nodes in a recycle bin can be restored");
            }
            from.add(recycled);
        }
        List<CellsExtrasJson.JobResult> jobs = new ArrayList<>();
        for (NodePath recycled : from) {
            NodePath original = new NodePath(
                    recycled.workspace(),
                    recycled.owner(),
                    recycled.names().subList(1, recycled.names().size()));
            NodeInfo restored = store.move(recycled, original);
            jobs.add(new CellsExtrasJson.JobResult(UUID.randomUUID().toString(), "Restore", restored.uuid()));
        }
        return new CellsExtrasJson.RestoreAnswer(jobs);
    }

    private CellsExtrasJson.SelectionAnswer selection(String login, JsonNode body) {
        List<Json.Node> nodes = new ArrayList<>();
        for (String path : nodePaths(body)) {
            nodes.add(Json.Node.of(stat(login, path)));
        }
        return new CellsExtrasJson.SelectionAnswer(UUID.randomUUID().toString(), nodes);
    }

    /** Copies or moves the job's nodes at once, checking every one before changing anything. */
    private CellsExtrasJson.JobAnswer userJob(String login, boolean move, JsonNode body) {
        JsonNode parametersText = body.get("JsonParameters");
        if (parametersText == null || !parametersText.isTextual()) {
            throw new ApiException(400, "JsonParameters must be a string");
        }
        JsonNode parameters;
        try {
            parameters = json.readTree(parametersText.textValue());
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "JsonParameters is not JSON");
        }
        if (parameters == null || !parameters.isObject()) {
            throw new ApiException(400, "JsonParameters is not a JSON object");
        }
        List<String> sources = texts(parameters, "nodes");
        NodePath target = store.resolve(login, text(parameters, "target"));
        JsonNode parentFlag = parameters.get("targetParent");
        boolean targetParent = parentFlag == null || parentFlag.asBoolean(true);
        if (sources.isEmpty() || (!targetParent && sources.size() != 1)) {
            throw new ApiException(400, "nodes must name one node, or several with targetParent");
        }
        List<NodePath[]> transfers = new ArrayList<>();
        for (String source : sources) {
            NodePath from = store.resolve(login, source);
            if (store.stat(from).isEmpty()) {
                throw new ApiException(404, "node not found");
            }
            transfers.add(new NodePath[] {from, targetParent ? target.child(from.name()) : target});
        }
        for (NodePath[] transfer : transfers) {
            if (move) {
                store.move(transfer[0], transfer[1]);
            } else {
                store.copy(transfer[0], transfer[1]);
            }
        }
        return new CellsExtrasJson.JobAnswer(UUID.randomUUID().toString());
    }

    /**
     * Every node of the caller's whole tree whose name contains {@code Query.FileName} (any case) and
     * whose path starts with one of {@code Query.PathPrefix}, if given; like Cells, it looks
     * everywhere the user can read.
     */
    private CellsExtrasJson.SearchResults search(String login, JsonNode body) {
        JsonNode query = body.get("Query");
        if (query == null || !query.isObject()) {
            throw new ApiException(400, "Query is required");
        }
        JsonNode nameNode = query.get("FileName");
        String name = nameNode == null ? "" : nameNode.asText("").toLowerCase(Locale.ROOT);
        List<String> prefixes = query.has("PathPrefix") ? texts(query, "PathPrefix") : List.of();
        List<Json.Node> results = new ArrayList<>();
        for (Workspace workspace : Workspace.values()) {
            walk(store.workspaceRoot(workspace, login), name, prefixes, results);
        }
        return new CellsExtrasJson.SearchResults(results, results.size());
    }

    private void walk(NodePath folder, String name, List<String> prefixes, List<Json.Node> results) {
        for (NodeInfo child : store.list(folder)) {
            if (results.size() >= MAX_SEARCH_RESULTS) {
                return;
            }
            String path = child.path().display();
            boolean prefixed = prefixes.isEmpty() || prefixes.stream().anyMatch(path::startsWith);
            if (prefixed && child.path().name().toLowerCase(Locale.ROOT).contains(name)) {
                results.add(Json.Node.of(child));
            }
            if (child.collection()) {
                walk(child.path(), name, prefixes, results);
            }
        }
    }

    private CellsExtrasJson.ShareLink shareLink(String login, JsonNode body) {
        JsonNode link = body.get("ShareLink");
        if (link == null || !link.isObject()) {
            throw new ApiException(400, "ShareLink is required");
        }
        String hash = randomHex(16);
        CellsExtrasJson.ShareLink answer = new CellsExtrasJson.ShareLink(
                UUID.randomUUID().toString(),
                hash,
                "/public/" + hash,
                link.path("Label").asText(""),
                rootNodes(login, link));
        shares.put(answer.uuid(), answer);
        return answer;
    }

    private CellsExtrasJson.Cell shareCell(String login, JsonNode body) {
        JsonNode room = body.get("Room");
        if (room == null || !room.isObject()) {
            throw new ApiException(400, "Room is required");
        }
        CellsExtrasJson.Cell answer = new CellsExtrasJson.Cell(
                UUID.randomUUID().toString(), room.path("Label").asText(""), rootNodes(login, room));
        shares.put(answer.uuid(), answer);
        return answer;
    }

    /** The share's {@code RootNodes}, each named by {@code Uuid} or else {@code Path}; 404 for an unknown one. */
    private List<Json.Node> rootNodes(String login, JsonNode share) {
        JsonNode roots = share.get("RootNodes");
        if (roots == null || !roots.isArray() || roots.isEmpty()) {
            throw new ApiException(400, "RootNodes is required");
        }
        List<Json.Node> nodes = new ArrayList<>();
        for (JsonNode root : roots) {
            JsonNode uuid = root.get("Uuid");
            if (uuid != null && uuid.isTextual()) {
                nodes.add(tree.node(login, uuid.textValue()));
            } else {
                nodes.add(Json.Node.of(stat(login, text(root, "Path"))));
            }
        }
        return nodes;
    }

    /** Paths from {@code Nodes[].Path}. */
    private static List<String> nodePaths(JsonNode body) {
        JsonNode nodes = body.get("Nodes");
        if (nodes == null || !nodes.isArray() || nodes.isEmpty()) {
            throw new ApiException(400, "Nodes is required");
        }
        List<String> paths = new ArrayList<>();
        for (JsonNode node : nodes) {
            paths.add(text(node, "Path"));
        }
        return paths;
    }

    private NodeInfo stat(String login, String path) {
        return store.stat(store.resolve(login, path)).orElseThrow(() -> new ApiException(404, "node not found"));
    }

    private CellsExtrasJson.MetaNode metaNode(NodeInfo info) {
        Map<String, String> values = metadata.getOrDefault(info.uuid(), Map.of());
        return CellsExtrasJson.MetaNode.of(info, new LinkedHashMap<>(values));
    }

    private JsonNode body(HttpServletRequest request) throws IOException {
        byte[] bytes = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "request body too large");
        }
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new ApiException(400, "request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "request body is not valid JSON");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual()) {
            throw new ApiException(400, field + " must be a string");
        }
        return value.textValue();
    }

    private static List<String> texts(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new ApiException(400, field + " must be a list of strings");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw new ApiException(400, field + " must be a list of strings");
            }
            texts.add(element.textValue());
        }
        return texts;
    }

    private static void require(String expected, String method) {
        if (!expected.equals(method)) {
            throw new ApiException(405, "method not allowed");
        }
    }

    private String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
