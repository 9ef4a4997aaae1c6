package dev.patgate.gateway.cells;

import dev.patgate.gateway.identity.UpstreamCredentialException;
import java.util.function.Predicate;

/**
 * Where each user's Cells credential comes from: minted by patgate (Enterprise) or registered by the
 * operator (Home). Thread-safe.
 */
public interface CellsCredentials {

    /**
     * The user's Cells personal token. From memory once known; the first call for a user may read
     * the store or, in Enterprise, mint a token at Cells.
     *
     * @throws UpstreamCredentialException 502 when Cells cannot be reached, 503 when it refuses the
     *     gateway's own credential or the user has none (one operator log line, no secret)
     */
    String forUser(String login);

    /**
     * The bearer token with which to ask Cells about {@code login} (exists, locked): the admin token
     * (Enterprise) or the user's registered token (Home); {@code null} when there is none.
     */
    String checkerFor(String login);

    /**
     * Background work, never on a request: renews tokens due for renewal, and revokes at Cells (and
     * forgets) the credentials of users for whom {@code needed} is false.
     */
    void maintain(Predicate<String> needed);

    /** The logins that have a credential in memory now (never the credentials). */
    java.util.Set<String> logins();
}
