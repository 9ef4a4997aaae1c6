package dev.patgate.demo.dav;

import dev.patgate.demo.store.NodeStore;
import dev.patgate.demo.store.Workspace;
import io.milton.http.Auth;
import io.milton.http.Request;
import io.milton.http.exceptions.NotAuthorizedException;
import io.milton.resource.CollectionResource;
import io.milton.resource.MakeCollectionableResource;
import io.milton.resource.PropFindableResource;
import io.milton.resource.PutableResource;
import io.milton.resource.Resource;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * {@code /dav/}: lists the two workspaces. Nothing can be created here: PUT and MKCOL are refused
 * with 403 (rather than milton's 501 for an operation a resource does not implement).
 */
final class RootResource implements PropFindableResource, PutableResource, MakeCollectionableResource {

    private final NodeStore store;
    private final String login;

    RootResource(NodeStore store, String login) {
        this.store = store;
        this.login = login;
    }

    @Override
    public Resource child(String childName) {
        return Workspace.bySlug(childName).map(this::workspace).orElse(null);
    }

    @Override
    public List<? extends Resource> getChildren() {
        List<Resource> children = new ArrayList<>();
        for (Workspace workspace : Workspace.values()) {
            Resource child = workspace(workspace);
            if (child != null) {
                children.add(child);
            }
        }
        return children;
    }

    private Resource workspace(Workspace workspace) {
        return store.stat(store.workspaceRoot(workspace, login))
                .map(info -> NodeResource.of(store, info))
                .orElse(null);
    }

    @Override
    public Resource createNew(String newName, InputStream content, Long length, String contentType)
            throws NotAuthorizedException {
        throw new NotAuthorizedException("only workspaces are at the top level", this, 403);
    }

    @Override
    public CollectionResource createCollection(String newName) throws NotAuthorizedException {
        throw new NotAuthorizedException("only workspaces are at the top level", this, 403);
    }

    @Override
    public String getUniqueId() {
        return null;
    }

    @Override
    public String getName() {
        return DavServlet.PREFIX.substring(1);
    }

    @Override
    public Object authenticate(String user, String password) {
        return null;
    }

    @Override
    public boolean authorise(Request request, Request.Method method, Auth auth) {
        return true;
    }

    @Override
    public String getRealm() {
        return DavServlet.REALM;
    }

    @Override
    public Date getModifiedDate() {
        return null;
    }

    @Override
    public String checkRedirect(Request request) {
        return null;
    }

    @Override
    public Date getCreateDate() {
        return null;
    }
}
