package dev.patgate.demo.dav;

import dev.patgate.demo.store.NodeInfo;
import dev.patgate.demo.store.NodePath;
import dev.patgate.demo.store.NodeStore;
import dev.patgate.demo.store.StoreException;
import io.milton.http.Auth;
import io.milton.http.Request;
import io.milton.http.Response;
import io.milton.http.exceptions.BadRequestException;
import io.milton.http.exceptions.ConflictException;
import io.milton.http.exceptions.NotAuthorizedException;
import io.milton.property.PropertySource.PropertyAccessibility;
import io.milton.property.PropertySource.PropertyMetaData;
import io.milton.property.PropertySource.PropertySetException;
import io.milton.resource.CollectionResource;
import io.milton.resource.MultiNamespaceCustomPropertyResource;
import io.milton.resource.PropFindableResource;
import io.milton.resource.Resource;
import java.util.Date;
import java.util.List;
import javax.xml.namespace.QName;

/**
 * A file or folder of the store as a milton resource. Every caller only ever reaches its own
 * personal folder and the common one, so {@link #authorise} allows everything it is asked; what a
 * resource cannot do it does not implement (milton then answers 405).
 */
abstract class NodeResource implements PropFindableResource, MultiNamespaceCustomPropertyResource {

    /** The node's UUID as a read-only WebDAV property, as Pydio Cells names it. */
    static final QName UUID_PROPERTY = new QName("http://pydio.com/", "uuid");

    final NodeStore store;
    final NodeInfo info;

    NodeResource(NodeStore store, NodeInfo info) {
        this.store = store;
        this.info = info;
    }

    /** The resource for a node: a workspace root, a folder or a file. */
    static NodeResource of(NodeStore store, NodeInfo info) {
        if (!info.collection()) {
            return new FileResource(store, info);
        }
        return info.path().isRoot() ? new WorkspaceResource(store, info) : new FolderResource(store, info);
    }

    NodePath path() {
        return info.path();
    }

    /** Where a move or copy into {@code destination} under {@code name} would go. */
    static NodePath target(CollectionResource destination, String name) throws ConflictException, BadRequestException {
        if (!(destination instanceof CollectionBase)) {
            throw new ConflictException("nothing can be created at the top level; use a workspace");
        }
        try {
            return ((CollectionBase) destination).path().child(name);
        } catch (StoreException e) {
            throw new BadRequestException("invalid name");
        }
    }

    /**
     * Throws the milton exception that yields the fitting status for a refused store operation:
     * 400 for a bad path, 403 for a forbidden one, 409 otherwise. Declared to return so that callers
     * can write {@code throw rethrow(e, this)}; it never returns.
     */
    static RuntimeException rethrow(StoreException e, Resource resource)
            throws NotAuthorizedException, ConflictException, BadRequestException {
        switch (e.kind()) {
            case BAD_PATH:
                throw new BadRequestException(resource, e.getMessage());
            case FORBIDDEN:
                throw new NotAuthorizedException(e.getMessage(), resource, 403);
            default:
                throw new ConflictException(resource, e.getMessage());
        }
    }

    /** Deletes this node (and what lies below it); the shared body of DELETE for files and folders. */
    void deleteNode() throws NotAuthorizedException, ConflictException, BadRequestException {
        try {
            store.delete(path());
        } catch (StoreException e) {
            throw rethrow(e, this);
        }
    }

    /** Moves this node into {@code destination} as {@code newName}; the node keeps its UUID. */
    void moveNode(CollectionResource destination, String newName)
            throws NotAuthorizedException, ConflictException, BadRequestException {
        try {
            store.move(path(), target(destination, newName));
        } catch (StoreException e) {
            throw rethrow(e, this);
        }
    }

    /** Copies this node into {@code destination} as {@code newName}; copies get new UUIDs. */
    void copyNode(CollectionResource destination, String newName)
            throws NotAuthorizedException, ConflictException, BadRequestException {
        try {
            store.copy(path(), target(destination, newName));
        } catch (StoreException e) {
            throw rethrow(e, this);
        }
    }

    @Override
    public String getUniqueId() {
        return info.uuid();
    }

    @Override
    public String getName() {
        return info.path().name();
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
        return Date.from(info.modified());
    }

    @Override
    public String checkRedirect(Request request) {
        return null;
    }

    @Override
    public Date getCreateDate() {
        return Date.from(info.modified());
    }

    @Override
    public Object getProperty(QName name) {
        return UUID_PROPERTY.equals(name) ? info.uuid() : null;
    }

    @Override
    public void setProperty(QName name, Object value) throws PropertySetException {
        throw new PropertySetException(Response.Status.SC_FORBIDDEN, "read-only property");
    }

    @Override
    public PropertyMetaData getPropertyMetaData(QName name) {
        return UUID_PROPERTY.equals(name)
                ? new PropertyMetaData(PropertyAccessibility.READ_ONLY, String.class)
                : PropertyMetaData.UNKNOWN;
    }

    @Override
    public List<QName> getAllPropertyNames() {
        return List.of(UUID_PROPERTY);
    }
}
