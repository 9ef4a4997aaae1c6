package dev.patgate.demo.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where things are in the data directory, and what a fresh one is seeded with:
 * <pre>
 * DATA/uuids.json             the UUID index
 * DATA/tmp/                   uploads in progress (emptied at start)
 * DATA/common/                common-files; readme.txt on first start
 * DATA/personal/&lt;login&gt;/     personal-files of one user; welcome.txt on the user's first request
 * </pre>
 */
final class DataLayout {

    private static final Pattern PLAIN_LOGIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}");

    private final Path root;

    DataLayout(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path indexFile() {
        return root.resolve("uuids.json");
    }

    Path tmpDir() {
        return root.resolve("tmp");
    }

    /** Creates the directories, empties {@code tmp} and seeds common-files when it does not exist. */
    void prepare() throws IOException {
        Files.createDirectories(tmpDir());
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmpDir())) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
        Path common = root.resolve(Workspace.COMMON.directory());
        if (!Files.exists(common)) {
            Files.createDirectories(common);
            Files.writeString(
                    common.resolve("readme.txt"),
                    "This is common-files: every user of this demo server sees and shares it.\n");
        }
    }

    /**
     * Creates the personal folder of {@code login} with a {@code welcome.txt}, unless it exists.
     *
     * @return the folder as a node path
     */
    NodePath seedPersonal(String login) throws IOException {
        NodePath home = new NodePath(Workspace.PERSONAL, ownerFolder(login), List.of());
        Path dir = path(home);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir);
            Files.writeString(
                    dir.resolve("welcome.txt"),
                    "Welcome to your personal files, " + login + ".\n"
                            + "Only you see this folder; common-files is shared by everyone.\n");
        }
        return home;
    }

    /**
     * The folder name under {@code DATA/personal} for a login: the login itself when it is plain
     * (letters, digits, {@code . _ @ + -}, at most 64 characters, not starting with a punctuation
     * mark), otherwise {@code ~} followed by 32 hex digits of its SHA-256, so that no login can name
     * a path outside its own folder.
     */
    static String ownerFolder(String login) {
        if (PLAIN_LOGIN.matcher(login).matches()) {
            return login;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(login.getBytes(StandardCharsets.UTF_8));
            return "~" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The file or folder of a node. */
    Path path(NodePath node) {
        Path file = root.resolve(node.workspace().directory());
        if (node.owner() != null) {
            file = file.resolve(node.owner());
        }
        for (String name : node.names()) {
            file = file.resolve(name);
        }
        return file;
    }

    /** Whether the nearest existing ancestor of {@code node} is a file, so that the path names nothing. */
    boolean underAFile(NodePath node) {
        for (Optional<NodePath> p = node.parent(); p.isPresent(); p = p.get().parent()) {
            Path ancestor = path(p.get());
            if (Files.exists(ancestor, LinkOption.NOFOLLOW_LINKS)) {
                return !Files.isDirectory(ancestor, LinkOption.NOFOLLOW_LINKS);
            }
        }
        return false;
    }
}
