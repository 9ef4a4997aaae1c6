package dev.patgate.demo.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A snapshot of one node.
 *
 * @param uuid       the node's stable UUID (random, version 4)
 * @param path       where it is
 * @param collection true for a folder or workspace root
 * @param size       the file size in bytes; 0 for a collection
 * @param modified   the last modification time
 */
public record NodeInfo(String uuid, NodePath path, boolean collection, long size, Instant modified) {

    public NodeInfo {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(modified, "modified");
    }

    /**
     * A version tag that changes whenever the content (size or modification time) changes: 32 hex
     * digits derived from the UUID, the size and the modification time. It is not a content hash.
     */
    public String etag() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String input = uuid + ':' + size + ':' + modified.getEpochSecond() + '.' + modified.getNano();
            byte[] hash = digest.digest(input.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
