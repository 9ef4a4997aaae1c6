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

/**
 * The root of a workspace ({@code /dav/personal-files/}, {@code /dav/common-files/}). It can be
 * copied into a folder, but DELETE and MOVE are refused with 403 (rather than milton's 501 for an
 * operation a resource does not implement).
 */
final class WorkspaceResource extends CollectionBase
        implements DeletableCollectionResource, MoveableResource, CopyableResource {

    WorkspaceResource(NodeStore store, NodeInfo info) {
        super(store, info);
    }

    @Override
    public boolean isLockedOutRecursive(Request request) {
        return false;
    }

    @Override
    public void delete() throws NotAuthorizedException {
        throw new NotAuthorizedException("a workspace root cannot be deleted", this, 403);
    }

    @Override
    public void moveTo(CollectionResource destination, String newName) throws NotAuthorizedException {
        throw new NotAuthorizedException("a workspace root cannot be moved", this, 403);
    }

    @Override
    public void copyTo(CollectionResource destination, String newName)
            throws NotAuthorizedException, BadRequestException, ConflictException {
        copyNode(destination, newName);
    }
}
