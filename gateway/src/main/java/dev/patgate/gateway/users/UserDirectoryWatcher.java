package dev.patgate.gateway.users;

import dev.patgate.gateway.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a running gateway's {@link UserDirectory} in step with its file. {@link #check()} (run
 * periodically, every {@code tokens.users_check_interval}) reloads when the file's modification
 * time, size or identity (inode: an editor or {@code patgate admin user} replaces the file by a
 * move) differ from the last look; {@link #reload()} (SIGHUP) reloads whatever they say.
 *
 * <p>A file that cannot be used keeps the directory as it was and logs one warning line naming the
 * file and the problem, never a hash; the periodic check does not repeat it until the file changes
 * again. Polling rather than a {@code WatchService}: it sees a file replaced by a move, through a
 * symlink or on a network file system the same way, and costs one {@code stat} per interval.
 */
public final class UserDirectoryWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(UserDirectoryWatcher.class);

    private final UserDirectory directory;
    private Signature seen;

    /** @param directory a directory loaded from its file ({@link UserDirectory#load}) */
    public UserDirectoryWatcher(UserDirectory directory) {
        this.directory = Objects.requireNonNull(directory, "directory must not be null");
        Objects.requireNonNull(directory.file(), "the directory must have been loaded from a file");
        // no signature yet: the first check reads the file once more, so that an edit made between
        // the directory's load and this watcher's start is not missed
        this.seen = null;
    }

    /**
     * Reloads when the file looks different from the last check.
     *
     * @return whether the directory's content changed
     */
    public synchronized boolean check() {
        Signature now = signature();
        if (now.equals(seen)) {
            return false;
        }
        seen = now;
        return reloadLogged();
    }

    /**
     * Reloads now, whether or not the file looks changed (SIGHUP).
     *
     * @return whether the file was valid and taken (changed or not)
     */
    public synchronized boolean reload() {
        seen = signature();
        try {
            boolean changed = directory.reload();
            LOG.info("user directory {} reloaded on request: {}", directory.file(), summary(changed));
            return true;
        } catch (ConfigException e) {
            warn(e);
            return false;
        }
    }

    private boolean reloadLogged() {
        try {
            boolean changed = directory.reload();
            if (changed) {
                LOG.info("user directory {} reloaded: {}", directory.file(), summary(true));
            }
            return changed;
        } catch (ConfigException e) {
            warn(e);
            return false;
        }
    }

    private String summary(boolean changed) {
        long disabled = directory.users().stream().filter(User::disabled).count();
        return (changed ? "" : "unchanged, ") + directory.users().size() + " users, " + disabled + " disabled";
    }

    private static void warn(ConfigException e) {
        // the message names the file and the problem, never a hash (see UserDirectory.load)
        LOG.warn("user directory not reloaded, keeping the previous one: {}", e.getMessage());
    }

    private Signature signature() {
        try {
            // follows a symlink: a link switched to another file (as Kubernetes does) is a change
            BasicFileAttributes attributes = Files.readAttributes(directory.file(), BasicFileAttributes.class);
            return new Signature(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        } catch (NoSuchFileException e) {
            return Signature.MISSING;
        } catch (IOException e) {
            return new Signature(null, -1, e.getClass().getName());
        }
    }

    /** What one {@code stat} tells of the file. */
    private record Signature(FileTime modified, long size, Object fileKey) {
        static final Signature MISSING = new Signature(null, -1, null);
    }
}
