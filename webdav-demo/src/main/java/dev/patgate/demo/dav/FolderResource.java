package dev.patgate.demo.dav;

import dev.patgate.demo.store.NodeInfo;
import dev.patgate.demo.store.NodeStore;
import io.milton.http.Request;
import io.milton.http.exceptions.BadRequestException;
import io.milton.http.exceptions.ConflictException;
import io.milton.http.exceptions.NotAuthorizedException;
import io.milton.resource.CollectionResource;
import io.milton.resource.CopyableResource;
import io.milton.resource.DeletableCollectionResource;
import io.milton.resource.MoveableResource;

/** A folder below a workspace root. */
final class FolderResource extends CollectionBase
        implements DeletableCollectionResource, MoveableResource, CopyableResource {

    FolderResource(NodeStore store, NodeInfo info) {
        super(store, info);
    }

    @Override
    public boolean isLockedOutRecursive(Request request) {
        return false;
    }

    @Override
    public void delete() throws NotAuthorizedException, ConflictException, BadRequestException {
        deleteNode();
    }

    @Override
    public void moveTo(CollectionResource destination, String newName)
            throws ConflictException, NotAuthorizedException, BadRequestException {
        moveNode(destination, newName);
    }

    @Override
    public void copyTo(CollectionResource destination, String newName)
            throws NotAuthorizedException, BadRequestException, ConflictException {
        copyNode(destination, newName);
    }
}
