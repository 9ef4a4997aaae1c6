package dev.patgate.demo.dav;

import dev.patgate.demo.store.NodeInfo;
import dev.patgate.demo.store.NodeStore;
import dev.patgate.demo.store.StoreException;
import io.milton.http.Auth;
import io.milton.http.Range;
import io.milton.http.exceptions.BadRequestException;
import io.milton.http.exceptions.ConflictException;
import io.milton.http.exceptions.NotAuthorizedException;
import io.milton.http.exceptions.NotFoundException;
import io.milton.resource.CollectionResource;
import io.milton.resource.CopyableResource;
import io.milton.resource.DeletableResource;
import io.milton.resource.GetableResource;
import io.milton.resource.MoveableResource;
import io.milton.resource.ReplaceableResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLConnection;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/** A file: streamed on GET (whole or one range) and on PUT, never held in memory. */
final class FileResource extends NodeResource
        implements GetableResource, ReplaceableResource, DeletableResource, MoveableResource, CopyableResource {

    FileResource(NodeStore store, NodeInfo info) {
        super(store, info);
    }

    @Override
    public void sendContent(OutputStream out, Range range, Map<String, String> params, String contentType)
            throws IOException, NotFoundException {
        FileChannel channel;
        try {
            channel = FileChannel.open(store.contentFile(path()), StandardOpenOption.READ);
        } catch (StoreException e) {
            throw new NotFoundException("file vanished");
        }
        try (channel) {
            long size = channel.size();
            long first = 0;
            long last = size - 1;
            if (range != null) {
                // as milton computes the announced length: a missing start is 0, a missing finish the end
                first = range.getStart() == null ? 0 : range.getStart();
                last = range.getFinish() == null ? last : Math.min(last, range.getFinish());
            }
            WritableByteChannel target = Channels.newChannel(out);
            long position = first;
            while (position <= last) {
                long sent = channel.transferTo(position, last - position + 1, target);
                if (sent <= 0) {
                    break;
                }
                position += sent;
            }
        }
    }

    @Override
    public Long getMaxAgeSeconds(Auth auth) {
        return null;
    }

    @Override
    public String getContentType(String accepts) {
        String type = URLConnection.guessContentTypeFromName(getName());
        return type == null ? "application/octet-stream" : type;
    }

    @Override
    public Long getContentLength() {
        return info.size();
    }

    @Override
    public void replaceContent(InputStream content, Long length)
            throws BadRequestException, ConflictException, NotAuthorizedException {
        try {
            store.write(path(), content, length);
        } catch (StoreException e) {
            throw rethrow(e, this);
        } catch (IOException e) {
            throw new BadRequestException("upload failed", e);
        }
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
