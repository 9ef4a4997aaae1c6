package dev.patgate.demo.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The persistent map from storage key (path relative to the data directory) to node UUID, kept in
 * one JSON file: {@code {"version":1,"nodes":{"common/readme.txt":"<uuid>", ...}}}. Saved by
 * writing a temporary file and renaming it over the old one.
 *
 * <p>Not thread-safe: {@link NodeStore} guards it with its lock.
 */
final class UuidIndex {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    private final Path file;
    private final TreeMap<String, String> uuidByKey = new TreeMap<>();
    private final Map<String, String> keyByUuid = new HashMap<>();
    private boolean dirty;

    private UuidIndex(Path file) {
        this.file = file;
    }

    /** Loads the index, or starts an empty one when the file does not exist. */
    static UuidIndex load(Path file) throws IOException {
        UuidIndex index = new UuidIndex(file);
        if (Files.exists(file)) {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null
                    || root.path("version").asInt() != VERSION
                    || !root.path("nodes").isObject()) {
                throw new IOException("UUID index " + file + " is not a version " + VERSION + " index");
            }
            for (Map.Entry<String, JsonNode> entry : root.get("nodes").properties()) {
                index.put(entry.getKey(), entry.getValue().asText());
            }
        }
        return index;
    }

    /** The UUID of the node at {@code key}, assigning a new random one when it has none. */
    String uuidOf(String key) {
        String uuid = uuidByKey.get(key);
        if (uuid == null) {
            uuid = UUID.randomUUID().toString();
            put(key, uuid);
            dirty = true;
        }
        return uuid;
    }

    Optional<String> keyOf(String uuid) {
        return Optional.ofNullable(keyByUuid.get(uuid));
    }

    /** Moves the entries of {@code from} and everything below it to {@code to}, keeping their UUIDs. */
    void rename(String from, String to) {
        Map<String, String> moved = new TreeMap<>();
        String own = uuidByKey.get(from);
        if (own != null) {
            moved.put(to, own);
        }
        for (Map.Entry<String, String> entry : below(from).entrySet()) {
            moved.put(to + entry.getKey().substring(from.length()), entry.getValue());
        }
        removeTree(from);
        removeTree(to);
        moved.forEach(this::put);
        dirty = true;
    }

    /** Forgets {@code key} and everything below it; returns the UUIDs forgotten. */
    List<String> removeTree(String key) {
        List<String> removed = new ArrayList<>();
        remove(key).ifPresent(removed::add);
        for (String child : Map.copyOf(below(key)).keySet()) {
            remove(child).ifPresent(removed::add);
        }
        return removed;
    }

    /** Forgets every entry whose key fails {@code exists}. */
    void retainIf(Predicate<String> exists) {
        for (String key : Map.copyOf(uuidByKey).keySet()) {
            if (!exists.test(key)) {
                remove(key);
            }
        }
    }

    void saveIfDirty() throws IOException {
        if (!dirty) {
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        ObjectNode nodes = root.putObject("nodes");
        uuidByKey.forEach(nodes::put);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        dirty = false;
    }

    private SortedMap<String, String> below(String key) {
        // every key that starts with key + "/" sorts between key + "/" and key + "0" ('0' follows '/')
        return uuidByKey.subMap(key + "/", key + "0");
    }

    private void put(String key, String uuid) {
        String previousKey = keyByUuid.put(uuid, key);
        if (previousKey != null && !previousKey.equals(key)) {
            uuidByKey.remove(previousKey);
        }
        String previousUuid = uuidByKey.put(key, uuid);
        if (previousUuid != null && !previousUuid.equals(uuid)) {
            keyByUuid.remove(previousUuid);
        }
        if (previousKey != null || previousUuid != null) {
            dirty = true;
        }
    }

    private Optional<String> remove(String key) {
        String uuid = uuidByKey.remove(key);
        if (uuid != null) {
            keyByUuid.remove(uuid);
            dirty = true;
        }
        return Optional.ofNullable(uuid);
    }
}
