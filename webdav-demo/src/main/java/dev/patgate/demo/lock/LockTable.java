package dev.patgate.demo.lock;

import dev.patgate.demo.store.NodePath;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The active WebDAV locks, in memory (they do not survive a restart). A lock lapses when the
 * injected clock passes its expiry; lapsed locks are invisible and dropped on the next call.
 * Thread-safe.
 */
public final class LockTable {

    /** The prefix of every lock token (RFC 4918 Appendix C). */
    public static final String TOKEN_PREFIX = "opaquelocktoken:";

    private final Clock clock;
    private final Map<String, Lock> byToken = new LinkedHashMap<>();

    public LockTable(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The current time on this table's clock. */
    public Instant now() {
        return clock.instant();
    }

    /**
     * Grants a new lock with a fresh token.
     *
     * @param owner the client's owner XML fragment, empty for none
     * @throws LockConflictException when a lock that applies to any node the new one would cover
     *                               is exclusive, or the new one is exclusive
     */
    public synchronized Lock lock(
            NodePath root, Lock.Scope scope, Lock.Depth depth, String owner, String principal, Duration timeout)
            throws LockConflictException {
        purgeExpired();
        List<Lock> conflicting = byToken.values().stream()
                .filter(held -> held.overlaps(root, depth) && held.conflictsWith(scope))
                .toList();
        if (!conflicting.isEmpty()) {
            throw new LockConflictException(conflicting);
        }
        Instant now = clock.instant();
        Lock lock = new Lock(
                TOKEN_PREFIX + UUID.randomUUID(), root, scope, depth, owner, principal, timeout, now.plus(timeout));
        byToken.put(lock.token(), lock);
        return lock;
    }

    /** The active lock with {@code token}; empty when there is none or it has lapsed. */
    public synchronized Optional<Lock> find(String token) {
        purgeExpired();
        return Optional.ofNullable(byToken.get(token));
    }

    /** Restarts the timeout of the active lock with {@code token}; empty when there is none. */
    public synchronized Optional<Lock> refresh(String token, Duration timeout) {
        purgeExpired();
        Lock held = byToken.get(token);
        if (held == null) {
            return Optional.empty();
        }
        Lock refreshed = held.refreshed(timeout, clock.instant());
        byToken.put(token, refreshed);
        return Optional.of(refreshed);
    }

    /** Removes the lock with {@code token}; false when there was no active one. */
    public synchronized boolean remove(String token) {
        purgeExpired();
        return byToken.remove(token) != null;
    }

    /** The active locks that apply to {@code path}: on it, or depth-infinity locks on an ancestor. */
    public synchronized List<Lock> covering(NodePath path) {
        purgeExpired();
        return byToken.values().stream().filter(lock -> lock.covers(path)).toList();
    }

    /** The active locks whose root is {@code path} or lies below it. */
    public synchronized List<Lock> rootedWithin(NodePath path) {
        purgeExpired();
        return byToken.values().stream()
                .filter(lock -> lock.root().isSameOrBelow(path))
                .toList();
    }

    /** Removes every lock whose root is {@code path} or lies below it (after the node was deleted or moved away). */
    public synchronized void removeRootedWithin(NodePath path) {
        byToken.values().removeIf(lock -> lock.root().isSameOrBelow(path));
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        byToken.values().removeIf(lock -> !now.isBefore(lock.expires()));
    }
}
