package dev.patgate.demo.lock;

import dev.patgate.demo.store.NodePath;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A WebDAV write lock (RFC 4918 §6, §7).
 *
 * @param token     the lock token, {@code opaquelocktoken:} and a random UUID
 * @param root      the lock root: the node the LOCK request named
 * @param scope     exclusive or shared
 * @param depth     {@link Depth#INFINITY} when the lock also covers everything below the root
 * @param owner     the content of the client's {@code DAV:owner} element as an XML fragment; empty when
 *                  the client gave none
 * @param principal the login that took the lock: only it can submit the token, refresh or remove it
 * @param timeout   the timeout granted by the last LOCK or refresh
 * @param expires   when the lock lapses unless refreshed
 */
public record Lock(
        String token,
        NodePath root,
        Scope scope,
        Depth depth,
        String owner,
        String principal,
        Duration timeout,
        Instant expires) {

    /** RFC 4918 §6.1: an exclusive lock conflicts with every other lock, shared ones only with exclusive ones. */
    public enum Scope {
        EXCLUSIVE,
        SHARED
    }

    /** The {@code Depth} of a lock: the root alone, or the root and all its descendants. */
    public enum Depth {
        ZERO("0"),
        INFINITY("infinity");

        private final String header;

        Depth(String header) {
            this.header = header;
        }

        /** The value as the {@code Depth} header and the {@code DAV:depth} element write it. */
        public String header() {
            return header;
        }
    }

    public Lock {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(depth, "depth");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(expires, "expires");
    }

    /** Whether this lock applies to {@code path}: it is the root, or below the root of a depth-infinity lock. */
    public boolean covers(NodePath path) {
        return path.equals(root) || (depth == Depth.INFINITY && path.isSameOrBelow(root));
    }

    /** Whether a new lock on {@code path} with {@code newDepth} would apply to some node this lock applies to. */
    boolean overlaps(NodePath path, Depth newDepth) {
        return covers(path) || (newDepth == Depth.INFINITY && root.isSameOrBelow(path));
    }

    /** Whether this lock and a new one with {@code newScope} may not both apply to one node. */
    boolean conflictsWith(Scope newScope) {
        return scope == Scope.EXCLUSIVE || newScope == Scope.EXCLUSIVE;
    }

    /** The time left at {@code now}, never negative. */
    public Duration remaining(Instant now) {
        Duration left = Duration.between(now, expires);
        return left.isNegative() ? Duration.ZERO : left;
    }

    Lock refreshed(Duration newTimeout, Instant now) {
        return new Lock(token, root, scope, depth, owner, principal, newTimeout, now.plus(newTimeout));
    }
}
