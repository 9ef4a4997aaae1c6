package dev.patgate.demo.store;

import dev.patgate.demo.store.StoreException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Files and folders on disk under a data directory, each with a stable UUID kept in a persistent
 * index ({@code DATA/uuids.json}). Layout: {@code DATA/common/} holds {@code common-files},
 * {@code DATA/personal/<login>/} holds each user's {@code personal-files}, {@code DATA/tmp/} holds
 * uploads in progress. A UUID survives MOVE, rename, content replacement and restart; DELETE forgets
 * it; COPY gives the copies new UUIDs.
 *
 * <p>Thread-safe: structural changes and index updates run under one lock; uploads stream to a
 * temporary file outside it. I/O failures surface as {@link UncheckedIOException}; refused operations
 * as {@link StoreException}.
 */
public final class NodeStore {

    private final DataLayout layout;
    private final UuidIndex index;
    private final Object lock = new Object();
    private final Set<String> seededOwners = ConcurrentHashMap.newKeySet();
    private final List<Consumer<String>> forgetListeners = new CopyOnWriteArrayList<>();

    private NodeStore(DataLayout layout, UuidIndex index) {
        this.layout = layout;
        this.index = index;
    }

    /**
     * Opens (creating when needed) the store in {@code dataDir}. On first start it creates
     * {@code common-files} with a {@code readme.txt}; it drops index entries whose files are gone
     * and uploads left unfinished by an earlier run.
     */
    public static NodeStore open(Path dataDir) throws IOException {
        DataLayout layout = new DataLayout(dataDir.toAbsolutePath().normalize());
        layout.prepare();
        NodeStore store = new NodeStore(layout, UuidIndex.load(layout.indexFile()));
        synchronized (store.lock) {
            store.index.retainIf(key -> Files.exists(layout.root().resolve(key), LinkOption.NOFOLLOW_LINKS));
            store.index.uuidOf(Workspace.COMMON.directory());
            store.index.saveIfDirty();
        }
        return store;
    }

    /**
     * Registers {@code listener} to hear the UUID of every node this store forgets: deleted ones, and
     * stale index entries a copy lands on. It is called after the change, outside the store's lock.
     */
    public void onForget(Consumer<String> listener) {
        forgetListeners.add(listener);
    }

    /** The folder that holds {@code login}'s personal files, under {@code DATA/personal}; see the class doc. */
    public static String ownerFolder(String login) {
        return DataLayout.ownerFolder(login);
    }

    /**
     * The root of {@code workspace} as {@code login} sees it. The first call for a login creates its
     * personal folder with a {@code welcome.txt}.
     */
    public NodePath workspaceRoot(Workspace workspace, String login) {
        if (workspace == Workspace.COMMON) {
            return new NodePath(Workspace.COMMON, null, List.of());
        }
        String owner = ownerFolder(login);
        if (!seededOwners.contains(owner)) {
            synchronized (lock) {
                try {
                    statLocked(layout.seedPersonal(login));
                    save();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                seededOwners.add(owner);
            }
        }
        return new NodePath(Workspace.PERSONAL, owner, List.of());
    }

    /**
     * Parses a Cells node path such as {@code personal-files/docs/a.txt} for {@code login}. One
     * leading and one trailing {@code /} are ignored.
     *
     * @throws StoreException {@link Kind#BAD_PATH} when malformed, {@link Kind#NOT_FOUND} for an unknown
     *                        workspace slug
     */
    public NodePath resolve(String login, String nodePath) {
        if (nodePath == null) {
            throw new StoreException(Kind.BAD_PATH, "path is required");
        }
        String path = nodePath.startsWith("/") ? nodePath.substring(1) : nodePath;
        path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (path.isEmpty()) {
            throw new StoreException(Kind.BAD_PATH, "path is empty");
        }
        String[] parts = path.split("/", -1);
        Workspace workspace =
                Workspace.bySlug(parts[0]).orElseThrow(() -> new StoreException(Kind.NOT_FOUND, "no such workspace"));
        NodePath root = workspaceRoot(workspace, login);
        return new NodePath(workspace, root.owner(), Arrays.asList(parts).subList(1, parts.length));
    }

    /** The node at {@code path}; empty when nothing (or a symbolic link or other special file) is there. */
    public Optional<NodeInfo> stat(NodePath path) {
        synchronized (lock) {
            Optional<NodeInfo> info = statLocked(path);
            save();
            return info;
        }
    }

    /**
     * The children of a folder, sorted by name.
     *
     * @throws StoreException {@link Kind#NOT_FOUND} when {@code folder} is not an existing folder
     */
    public List<NodeInfo> list(NodePath folder) {
        synchronized (lock) {
            if (!Files.isDirectory(layout.path(folder), LinkOption.NOFOLLOW_LINKS)) {
                throw new StoreException(Kind.NOT_FOUND, "no such folder");
            }
            List<NodeInfo> children = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(layout.path(folder))) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (NodePath.isValidName(name)) {
                        statLocked(folder.child(name)).ifPresent(children::add);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            save();
            children.sort(Comparator.comparing(child -> child.path().name()));
            return children;
        }
    }

    /**
     * The file holding a node's content, for reading.
     *
     * @throws StoreException {@link Kind#NOT_FOUND} when {@code path} is not an existing file
     */
    public Path contentFile(NodePath path) {
        Path file = layout.path(path);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException(Kind.NOT_FOUND, "no such file");
        }
        return file;
    }

    /**
     * Creates a folder.
     *
     * @param parents true to create missing parent folders, false to refuse when the parent is missing
     * @throws StoreException {@link Kind#CONFLICT} when something exists there or the parent is missing
     */
    public NodeInfo createFolder(NodePath path, boolean parents) {
        return create(path, parents, true);
    }

    /** Creates an empty file; otherwise as {@link #createFolder}. */
    public NodeInfo createFile(NodePath path, boolean parents) {
        return create(path, parents, false);
    }

    /**
     * Creates or replaces a file with {@code content}, streamed to disk (never held in memory). A
     * replaced file keeps its UUID.
     *
     * @param expectedLength the announced length, or null when unknown; a different actual length is refused
     * @throws IOException    when reading {@code content} fails
     * @throws StoreException {@link Kind#CONFLICT} when the parent folder is missing or a folder is there
     */
    public NodeInfo write(NodePath path, InputStream content, Long expectedLength) throws IOException {
        if (path.isRoot()) {
            throw new StoreException(Kind.CONFLICT, "a workspace root is a folder");
        }
        requireParentFolder(path);
        Path tmp = Files.createTempFile(layout.tmpDir(), "upload-", ".part");
        try {
            long written;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                written = content.transferTo(out);
            }
            if (expectedLength != null && written != expectedLength) {
                throw new IOException("upload ended after " + written + " of " + expectedLength + " bytes");
            }
            synchronized (lock) {
                requireParentFolder(path);
                Path target = layout.path(path);
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new StoreException(Kind.CONFLICT, "a folder exists at this path");
                }
                moveReplacing(tmp, target);
                return statOrFail(path);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Deletes a file, or a folder with everything in it, and forgets their UUIDs.
     *
     * @throws StoreException {@link Kind#FORBIDDEN} for a workspace root, {@link Kind#NOT_FOUND} when missing
     */
    public void delete(NodePath path) {
        if (path.isRoot()) {
            throw new StoreException(Kind.FORBIDDEN, "a workspace root cannot be deleted");
        }
        List<String> forgotten;
        synchronized (lock) {
            if (statLocked(path).isEmpty()) {
                throw new StoreException(Kind.NOT_FOUND, "no such node");
            }
            try {
                FileTrees.delete(layout.path(path));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            forgotten = index.removeTree(path.storageKey());
            save();
        }
        tellForgotten(forgotten);
    }

    /**
     * Moves or renames a node; it and everything below it keep their UUIDs.
     *
     * @throws StoreException {@link Kind#FORBIDDEN} for a workspace root, {@link Kind#NOT_FOUND} when the
     *                        source is missing, {@link Kind#CONFLICT} when the target exists, its parent
     *                        is missing, or it lies inside the source
     */
    public NodeInfo move(NodePath from, NodePath to) {
        if (from.isRoot()) {
            throw new StoreException(Kind.FORBIDDEN, "a workspace root cannot be moved");
        }
        synchronized (lock) {
            checkTransfer(from, to);
            try {
                moveReplacing(layout.path(from), layout.path(to));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            index.rename(from.storageKey(), to.storageKey());
            return statOrFail(to);
        }
    }

    /**
     * Copies a node and everything below it; every copy gets a new UUID. Errors as for {@link #move}
     * (a workspace root may be copied).
     */
    public NodeInfo copy(NodePath from, NodePath to) {
        List<String> forgotten;
        NodeInfo copy;
        synchronized (lock) {
            checkTransfer(from, to);
            Path target = layout.path(to);
            try {
                FileTrees.copy(layout.path(from), target);
                forgotten = index.removeTree(to.storageKey());
                for (Path copied : FileTrees.list(target)) {
                    index.uuidOf(layout.root().relativize(copied).toString().replace('\\', '/'));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            copy = statOrFail(to);
        }
        tellForgotten(forgotten);
        return copy;
    }

    private void tellForgotten(List<String> uuids) {
        for (String uuid : uuids) {
            forgetListeners.forEach(listener -> listener.accept(uuid));
        }
    }

    /**
     * The node with {@code uuid}, if it exists and {@code login} can see it (the common workspace and
     * the caller's own personal workspace); empty otherwise, so that other users' nodes are
     * indistinguishable from unknown ones.
     */
    public Optional<NodeInfo> findByUuid(String login, String uuid) {
        String owner = workspaceRoot(Workspace.PERSONAL, login).owner();
        synchronized (lock) {
            Optional<NodePath> path = index.keyOf(uuid)
                    .flatMap(NodePath::fromStorageKey)
                    .filter(p -> p.workspace() == Workspace.COMMON || owner.equals(p.owner()));
            Optional<NodeInfo> info = path.flatMap(this::statLocked);
            save();
            return info;
        }
    }

    private NodeInfo create(NodePath path, boolean parents, boolean folder) {
        synchronized (lock) {
            if (statLocked(path).isPresent()) {
                throw new StoreException(Kind.CONFLICT, "a node exists at this path");
            }
            if (layout.underAFile(path)) {
                throw new StoreException(Kind.CONFLICT, "a file is in the way");
            }
            Path target = layout.path(path);
            try {
                if (parents) {
                    Files.createDirectories(target.getParent());
                } else {
                    requireParentFolder(path);
                }
                if (folder) {
                    Files.createDirectory(target);
                } else {
                    Files.createFile(target);
                }
            } catch (FileAlreadyExistsException e) {
                throw new StoreException(Kind.CONFLICT, "a file is in the way");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return statOrFail(path);
        }
    }

    private void checkTransfer(NodePath from, NodePath to) {
        if (to.isSameOrBelow(from)) {
            throw new StoreException(Kind.CONFLICT, "a node cannot go inside itself");
        }
        if (statLocked(from).isEmpty()) {
            throw new StoreException(Kind.NOT_FOUND, "no such node");
        }
        if (to.isRoot() || statLocked(to).isPresent()) {
            throw new StoreException(Kind.CONFLICT, "a node exists at the destination");
        }
        requireParentFolder(to);
    }

    private void requireParentFolder(NodePath path) {
        Path parent = path.parent().map(layout::path).orElseThrow();
        if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException(Kind.CONFLICT, "the parent folder does not exist");
        }
    }

    private Optional<NodeInfo> statLocked(NodePath path) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(layout.path(path), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (FileSystemException e) {
            if (layout.underAFile(path)) {
                return Optional.empty();
            }
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!attrs.isDirectory() && !attrs.isRegularFile()) {
            return Optional.empty();
        }
        String uuid = index.uuidOf(path.storageKey());
        return Optional.of(new NodeInfo(
                uuid,
                path,
                attrs.isDirectory(),
                attrs.isDirectory() ? 0 : attrs.size(),
                attrs.lastModifiedTime().toInstant()));
    }

    private NodeInfo statOrFail(NodePath path) {
        NodeInfo info = statLocked(path).orElseThrow(() -> new StoreException(Kind.NOT_FOUND, "node vanished"));
        save();
        return info;
    }

    private static void moveReplacing(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void save() {
        try {
            index.saveIfDirty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
