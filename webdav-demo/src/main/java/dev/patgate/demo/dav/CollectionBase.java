package dev.patgate.demo.dav;

import dev.patgate.demo.store.NodeInfo;
import dev.patgate.demo.store.NodePath;
import dev.patgate.demo.store.NodeStore;
import dev.patgate.demo.store.StoreException;
import io.milton.http.exceptions.BadRequestException;
import io.milton.http.exceptions.ConflictException;
import io.milton.http.exceptions.NotAuthorizedException;
import io.milton.resource.CollectionResource;
import io.milton.resource.MakeCollectionableResource;
import io.milton.resource.PutableResource;
import io.milton.resource.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** A workspace root or a folder: lists, and creates files (PUT, streamed) and folders (MKCOL). */
abstract class CollectionBase extends NodeResource implements PutableResource, MakeCollectionableResource {

    CollectionBase(NodeStore store, NodeInfo info) {
        super(store, info);
    }

    @Override
    public Resource child(String childName) {
        if (!NodePath.isValidName(childName)) {
            return null;
        }
        return store.stat(path().child(childName))
                .map(child -> of(store, child))
                .orElse(null);
    }

    @Override
    public List<? extends Resource> getChildren() {
        try {
            List<Resource> children = new ArrayList<>();
            for (NodeInfo child : store.list(path())) {
                children.add(of(store, child));
            }
            return children;
        } catch (StoreException e) {
            return List.of();
        }
    }

    @Override
    public Resource createNew(String newName, InputStream content, Long length, String contentType)
            throws ConflictException, NotAuthorizedException, BadRequestException {
        try {
            return of(store, store.write(path().child(newName), content, length));
        } catch (StoreException e) {
            throw rethrow(e, this);
        } catch (IOException e) {
            throw new BadRequestException("upload failed", e);
        }
    }

    @Override
    public CollectionResource createCollection(String newName)
            throws NotAuthorizedException, ConflictException, BadRequestException {
        try {
            return new FolderResource(store, store.createFolder(path().child(newName), false));
        } catch (StoreException e) {
            throw rethrow(e, this);
        }
    }
}
