package dev.patgate.demo.dav;

import dev.patgate.demo.store.NodeStore;
import io.milton.http.ResourceFactory;
import io.milton.resource.Resource;

/**
 * Maps decoded request paths under {@code /dav} to resources, as seen by the caller on this thread
 * (see {@link DavLocator}): {@code /dav/} is the list of workspaces. Anything else that names no
 * existing node is not found.
 */
final class DavResourceFactory implements ResourceFactory {

    private final NodeStore store;

    DavResourceFactory(NodeStore store) {
        this.store = store;
    }

    @Override
    public Resource getResource(String host, String path) {
        if (path != null && DavLocator.isTop(path)) {
            return new RootResource(store, CallerContext.login());
        }
        return CallerContext.locator()
                .fromDecodedPath(path)
                .flatMap(store::stat)
                .map(info -> NodeResource.of(store, info))
                .orElse(null);
    }
}
