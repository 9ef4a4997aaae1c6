package dev.patgate.scope;

import dev.patgate.auth.AuthenticatedToken;
import java.util.Optional;

/**
 * Finds where a node is now, as the token's user sees it: the backend is asked (as that user), so
 * a node the user cannot reach resolves to nothing. Implementations are thread-safe.
 */
@FunctionalInterface
public interface NodeResolver {

    /**
     * @param uuid the node's UUID, canonical lower-case
     * @param asUser whose view of the tree to use
     * @return the node's current path, or empty when it does not exist or the user cannot reach it
     * @throws BackendUnavailableException when the backend cannot answer; the caller must refuse
     */
    Optional<TargetPath> resolve(String uuid, AuthenticatedToken asUser);
}
