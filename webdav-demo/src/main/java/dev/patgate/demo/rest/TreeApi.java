package dev.patgate.demo.rest;

import dev.patgate.demo.store.NodeInfo;
import dev.patgate.demo.store.NodePath;
import dev.patgate.demo.store.NodeStore;
import dev.patgate.demo.store.StoreException;
import dev.patgate.demo.store.Workspace;
import java.util.ArrayList;
import java.util.List;

/**
 * The operations of the tree API for one caller. Refusals are thrown as {@link ApiException} or
 * {@link StoreException}, both of which carry their HTTP status.
 */
final class TreeApi {

    private static final String CHILDREN_SUFFIX = "/*";

    private final NodeStore store;

    TreeApi(NodeStore store) {
        this.store = store;
    }

    /** The node at a path; 404 when missing or in an unknown workspace. */
    Json.NodeAnswer stat(String login, String path) {
        NodeInfo info =
                store.stat(store.resolve(login, path)).orElseThrow(() -> new ApiException(404, "node not found"));
        return new Json.NodeAnswer(Json.Node.of(info));
    }

    /**
     * The nodes at the given paths, in order; a path ending in {@code /*} stands for the children of
     * that folder, and {@code *} alone for the workspace roots. Missing nodes are left out;
     * malformed paths are refused (400).
     */
    Json.NodesAnswer stats(String login, Json.StatsRequest request) {
        if (request == null || request.nodePaths() == null) {
            throw new ApiException(400, "NodePaths is required");
        }
        List<Json.Node> nodes = new ArrayList<>();
        for (String path : request.nodePaths()) {
            if (path == null) {
                throw new ApiException(400, "NodePaths must hold strings");
            }
            for (NodeInfo info : lookUp(login, path)) {
                nodes.add(Json.Node.of(info));
            }
        }
        return new Json.NodesAnswer(nodes);
    }

    private List<NodeInfo> lookUp(String login, String path) {
        if (path.equals("*") || path.equals(CHILDREN_SUFFIX)) {
            List<NodeInfo> roots = new ArrayList<>();
            for (Workspace workspace : Workspace.values()) {
                store.stat(store.workspaceRoot(workspace, login)).ifPresent(roots::add);
            }
            return roots;
        }
        try {
            if (path.endsWith(CHILDREN_SUFFIX)) {
                String folder = path.substring(0, path.length() - CHILDREN_SUFFIX.length());
                return store.list(store.resolve(login, folder));
            }
            return store.stat(store.resolve(login, path)).map(List::of).orElse(List.of());
        } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
    }

    /**
     * Creates folders (Type COLLECTION) and empty files (Type LEAF, the default), with any missing
     * parent folders. Every path is checked before anything is created.
     */
    Json.NodesAnswer create(String login, Json.NodesRequest request) {
        List<NodePath> paths = resolveAll(login, request);
        List<Boolean> folders = new ArrayList<>();
        for (Json.NodeSpec spec : request.nodes()) {
            folders.add(isCollection(spec.type()));
        }
        List<Json.Node> created = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            NodeInfo info =
                    folders.get(i) ? store.createFolder(paths.get(i), true) : store.createFile(paths.get(i), true);
            created.add(Json.Node.of(info));
        }
        return new Json.NodesAnswer(created);
    }

    /**
     * Deletes the given nodes (and everything below them) at once. Every node must exist (404) and
     * none may be a workspace root (403); nothing is deleted otherwise.
     */
    Json.DeleteAnswer delete(String login, Json.NodesRequest request) {
        List<NodePath> paths = resolveAll(login, request);
        for (NodePath path : paths) {
            if (path.isRoot()) {
                throw new ApiException(403, "a workspace root cannot be deleted");
            }
            if (store.stat(path).isEmpty()) {
                throw new ApiException(404, "node not found");
            }
        }
        for (NodePath path : paths) {
            if (store.stat(path).isPresent()) {
                store.delete(path);
            }
        }
        return new Json.DeleteAnswer(List.of());
    }

    /** The node with this UUID; 404 when unknown or not visible to {@code login}. */
    Json.Node node(String login, String uuid) {
        return store.findByUuid(login, uuid)
                .map(Json.Node::of)
                .orElseThrow(() -> new ApiException(404, "node not found"));
    }

    private List<NodePath> resolveAll(String login, Json.NodesRequest request) {
        if (request == null || request.nodes() == null || request.nodes().isEmpty()) {
            throw new ApiException(400, "Nodes is required");
        }
        List<NodePath> paths = new ArrayList<>();
        for (Json.NodeSpec spec : request.nodes()) {
            if (spec == null || spec.path() == null) {
                throw new ApiException(400, "every node needs a Path");
            }
            isCollection(spec.type());
            paths.add(store.resolve(login, spec.path()));
        }
        return paths;
    }

    private static boolean isCollection(String type) {
        if (type == null || type.equals(Json.LEAF)) {
            return false;
        }
        if (type.equals(Json.COLLECTION)) {
            return true;
        }
        throw new ApiException(400, "Type must be LEAF or COLLECTION");
    }
}
