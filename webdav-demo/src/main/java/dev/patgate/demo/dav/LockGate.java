package dev.patgate.demo.dav;

import dev.patgate.demo.lock.Lock;
import dev.patgate.demo.store.NodePath;
import dev.patgate.demo.store.NodeStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Applies the lock rules to every method milton handles, before milton sees the request: the
 * {@code If} header must hold (412), and PUT, PROPPATCH, MKCOL, DELETE, MOVE and COPY must submit
 * the tokens of the locks on what they change (423). See {@link LockChecks} for which locks those are.
 */
final class LockGate {

    private final NodeStore store;
    private final LockChecks checks;

    LockGate(NodeStore store, LockChecks checks) {
        this.store = store;
        this.checks = checks;
    }

    /**
     * Checks {@code request}; when it may go ahead, returns the node whose locks must be dropped once
     * it has succeeded: the target of DELETE and the source of MOVE (locks do not follow a move).
     *
     * @param decodedPath the request path, percent-decoded
     * @throws DavRefusal 400, 412 or 423
     */
    Optional<NodePath> check(HttpServletRequest request, DavLocator caller, String decodedPath) throws DavRefusal {
        Optional<NodePath> target = caller.fromDecodedPath(decodedPath);
        Set<String> submitted = checks.evaluateIf(request, caller, target.orElse(null));
        if (target.isEmpty()) {
            return Optional.empty();
        }
        NodePath path = target.get();
        Set<Lock> needed = new LinkedHashSet<>();
        Optional<NodePath> released = Optional.empty();
        switch (request.getMethod()) {
            case "PUT" -> needed.addAll(store.stat(path).isPresent() ? checks.onNode(path) : checks.onMembership(path));
            case "PROPPATCH" -> needed.addAll(checks.onNode(path));
            case "MKCOL" -> needed.addAll(checks.onMembership(path));
            case "DELETE" -> {
                needed.addAll(checks.onTree(path));
                needed.addAll(checks.onMembership(path));
                released = target;
            }
            case "MOVE" -> {
                needed.addAll(checks.onTree(path));
                needed.addAll(checks.onMembership(path));
                destination(request, caller).ifPresent(to -> needed.addAll(onDestination(to)));
                released = target;
            }
            case "COPY" -> destination(request, caller).ifPresent(to -> needed.addAll(onDestination(to)));
            default -> {
                // reads change nothing
            }
        }
        checks.requireSubmitted(needed, submitted, caller);
        return released;
    }

    /** Drops the locks rooted at or below {@code path}, once the request that removed it has succeeded. */
    void release(NodePath path) {
        checks.locks().removeRootedWithin(path);
    }

    private Set<Lock> onDestination(NodePath to) {
        Set<Lock> needed = checks.onMembership(to);
        if (store.stat(to).isPresent()) {
            needed.addAll(checks.onTree(to));
        }
        return needed;
    }

    private static Optional<NodePath> destination(HttpServletRequest request, DavLocator caller) {
        return caller.fromUrl(request.getHeader("Destination"));
    }
}
