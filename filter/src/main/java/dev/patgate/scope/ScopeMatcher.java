package dev.patgate.scope;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.auth.Refusal;
import dev.patgate.token.Access;
import dev.patgate.token.Scope;
import java.util.List;
import java.util.Optional;

/**
 * Holds targets to a token's scopes: a target is allowed when one of the scopes with the access it
 * needs has its root (resolved, as the token's user, through the {@link NodeResolver}) at or above
 * the target, compared segment by segment. A scope whose node does not resolve allows nothing.
 */
final class ScopeMatcher {

    private final NodeResolver resolver;

    ScopeMatcher(NodeResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * Allows the request only if every target is allowed. Node UUIDs are resolved first, in order;
     * then each target is checked in order, and the first one outside decides the refusal.
     *
     * @throws Refusal 403 naming the permission missing ({@code read}, {@code write},
     *         or none for an unknown node or a request naming no target)
     * @throws BackendUnavailableException when a node cannot be resolved
     */
    void requireAll(List<RequestTargets.Target> targets, AuthenticatedToken token) throws Refusal {
        if (targets.isEmpty()) {
            throw Refusal.insufficientScope("request names no target", token, null);
        }
        TargetPath[] paths = new TargetPath[targets.size()];
        for (int i = 0; i < paths.length; i++) {
            RequestTargets.Target target = targets.get(i);
            paths[i] = target.path() != null ? target.path() : pathOf(target.nodeUuid(), token);
        }
        for (int i = 0; i < paths.length; i++) {
            Access access = targets.get(i).access();
            if (access == null) {
                requireInside(paths[i], token);
            } else {
                require(paths[i], access, token);
            }
        }
    }

    /** Refuses unless one of the token's scopes with this access holds {@code target}. */
    void require(TargetPath target, Access access, AuthenticatedToken token) throws Refusal {
        for (Scope scope : token.scopes()) {
            boolean allows = access == Access.READ ? scope.read() : scope.write();
            if (allows && holds(scope, target, token)) {
                return;
            }
        }
        String permission = access == Access.READ ? "read" : "write";
        throw Refusal.insufficientScope("target outside the token's " + permission + " scopes", token, permission);
    }

    /**
     * Refuses unless one of the token's scopes holds {@code target}, whatever its permission: so that
     * a scoped token learns nothing (headers, existence) about what lies outside.
     */
    void requireInside(TargetPath target, AuthenticatedToken token) throws Refusal {
        for (Scope scope : token.scopes()) {
            if (holds(scope, target, token)) {
                return;
            }
        }
        throw Refusal.insufficientScope("target outside the token's scopes", token, "read");
    }

    private boolean holds(Scope scope, TargetPath target, AuthenticatedToken token) {
        Optional<TargetPath> root = resolver.resolve(scope.nodeUuid(), token);
        return root.isPresent() && target.isSameOrBelow(root.get());
    }

    private TargetPath pathOf(String nodeUuid, AuthenticatedToken token) throws Refusal {
        Optional<TargetPath> path = resolver.resolve(nodeUuid, token);
        if (path.isEmpty()) {
            throw Refusal.insufficientScope("unknown node", token, null);
        }
        return path.get();
    }
}
