package dev.patgate.demo.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a node is, as one caller sees it: a workspace (the personal one bound to its owner's folder)
 * and the names below the workspace root.
 *
 * @param workspace the workspace
 * @param owner     for {@link Workspace#PERSONAL}, the owner's folder name under {@code DATA/personal};
 *                  null for {@link Workspace#COMMON}
 * @param names     the names below the workspace root; empty for the root itself
 */
public record NodePath(Workspace workspace, String owner, List<String> names) {

    public NodePath {
        Objects.requireNonNull(workspace, "workspace");
        if ((workspace == Workspace.PERSONAL) != (owner != null)) {
            throw new IllegalArgumentException("owner must be set for the personal workspace only");
        }
        if (owner != null && !isValidName(owner)) {
            throw new IllegalArgumentException("owner is not a valid folder name");
        }
        names = List.copyOf(names);
        for (String name : names) {
            if (!isValidName(name)) {
                throw new StoreException(StoreException.Kind.BAD_PATH, "invalid name in path");
            }
        }
    }

    /**
     * Whether {@code name} may be one file or folder name: not empty, not {@code .} or {@code ..},
     * at most 255 characters, without {@code /}, {@code \} or control characters.
     */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > 255 || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    public boolean isRoot() {
        return names.isEmpty();
    }

    /** The last name, or the workspace slug for a workspace root. */
    public String name() {
        return isRoot() ? workspace.slug() : names.get(names.size() - 1);
    }

    /** @throws StoreException ({@link StoreException.Kind#BAD_PATH}) for an invalid name */
    public NodePath child(String name) {
        List<String> childNames = new ArrayList<>(names);
        childNames.add(name);
        return new NodePath(workspace, owner, childNames);
    }

    /** The parent; empty for a workspace root. */
    public Optional<NodePath> parent() {
        return isRoot()
                ? Optional.empty()
                : Optional.of(new NodePath(workspace, owner, names.subList(0, names.size() - 1)));
    }

    /** Whether this is {@code other} or lies below it. */
    public boolean isSameOrBelow(NodePath other) {
        return workspace == other.workspace
                && Objects.equals(owner, other.owner)
                && names.size() >= other.names.size()
                && names.subList(0, other.names.size()).equals(other.names);
    }

    /** The Cells node path, e.g. {@code personal-files/docs/a.txt}, or the slug for a root. */
    public String display() {
        return isRoot() ? workspace.slug() : workspace.slug() + "/" + String.join("/", names);
    }

    /** The path relative to the data directory, {@code /}-separated: the key of the UUID index. */
    String storageKey() {
        StringBuilder key = new StringBuilder(workspace.directory());
        if (owner != null) {
            key.append('/').append(owner);
        }
        for (String name : names) {
            key.append('/').append(name);
        }
        return key.toString();
    }

    /** The inverse of {@link #storageKey()}; empty for a key that names no node. */
    static Optional<NodePath> fromStorageKey(String key) {
        String[] parts = key.split("/", -1);
        List<String> names = new ArrayList<>(List.of(parts).subList(1, parts.length));
        try {
            if (parts[0].equals(Workspace.COMMON.directory())) {
                return Optional.of(new NodePath(Workspace.COMMON, null, names));
            }
            if (parts[0].equals(Workspace.PERSONAL.directory()) && !names.isEmpty()) {
                String owner = names.remove(0);
                return Optional.of(new NodePath(Workspace.PERSONAL, owner, names));
            }
        } catch (IllegalArgumentException | StoreException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return display();
    }
}
