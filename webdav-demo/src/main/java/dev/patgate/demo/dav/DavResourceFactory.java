package dev.patgate.demo.dav;

import dev.patgate.demo.store.NodePath;
import dev.patgate.demo.store.NodeStore;
import dev.patgate.demo.store.StoreException;
import dev.patgate.demo.store.Workspace;
import io.milton.http.ResourceFactory;
import io.milton.resource.Resource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Maps decoded request paths under {@code /dav} to resources, as seen by the caller on this thread:
 * {@code /dav/} is the list of workspaces, {@code /dav/personal-files/...} the caller's own folder,
 * {@code /dav/common-files/...} the shared one. Anything else, or a path with an invalid name, is
 * not found.
 */
final class DavResourceFactory implements ResourceFactory {

    private final NodeStore store;

    DavResourceFactory(NodeStore store) {
        this.store = store;
    }

    @Override
    public Resource getResource(String host, String path) {
        if (path == null || !(path.equals(DavServlet.PREFIX) || path.startsWith(DavServlet.PREFIX + "/"))) {
            return null;
        }
        String login = CallerContext.login();
        List<String> names = Arrays.stream(path.substring(DavServlet.PREFIX.length()).split("/"))
                .filter(name -> !name.isEmpty())
                .toList();
        if (names.isEmpty()) {
            return new RootResource(store, login);
        }
        Optional<Workspace> workspace = Workspace.bySlug(names.get(0));
        if (workspace.isEmpty()) {
            return null;
        }
        NodePath root = store.workspaceRoot(workspace.get(), login);
        NodePath target;
        try {
            target = new NodePath(root.workspace(), root.owner(), names.subList(1, names.size()));
        } catch (StoreException e) {
            return null;
        }
        return store.stat(target).map(info -> NodeResource.of(store, info)).orElse(null);
    }
}
