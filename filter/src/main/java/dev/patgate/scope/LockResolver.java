package dev.patgate.scope;

import dev.patgate.auth.AuthenticatedToken;
import java.util.Map;

/**
 * Finds the active locks that apply to a WebDAV resource, as the token's user sees them (for
 * WebDAV: its {@code DAV:lockdiscovery}, RFC 4918 §15.8). Asked only for scoped requests that name
 * lock tokens, never on the hot path. Implementations are thread-safe.
 */
@FunctionalInterface
public interface LockResolver {

    /** Knows no locks: every lock token a scoped token names is refused (fail closed). */
    LockResolver NONE = (rawPath, asUser) -> Map.of();

    /**
     * @param rawPath the resource's path as the client sent it (still percent-encoded), below a
     *        WebDAV prefix, e.g. {@code /dav/personal-files/a.txt}
     * @param asUser whose view to use
     * @return each lock token that applies to the resource, mapped to its lock root's path (an
     *         {@code href} path, still percent-encoded); empty when there is none, or the resource
     *         does not exist or the user cannot reach it
     * @throws BackendUnavailableException when the backend cannot answer; the caller must refuse
     */
    Map<String, String> activeLocks(String rawPath, AuthenticatedToken asUser);
}
