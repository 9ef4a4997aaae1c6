package dev.patgate.auth;

import dev.patgate.token.Scope;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a successful authentication, put on the request as attribute {@link #ATTRIBUTE}
 * for whatever runs after the filter (the proxy signs the upstream identity from it).
 *
 * @param login the token's owner
 * @param tokenId the token's public id
 * @param scopes the token's node scopes; empty when unscoped
 * @param validUntil when the token stops being valid if not used again
 * @param cap for a sliding token with a hard expiry, that hard expiry (the window never passes
 *     it); {@code null} otherwise
 */
public record AuthenticatedToken(String login, String tokenId, List<Scope> scopes, Instant validUntil, Instant cap) {

    /** Request attribute under which the filter leaves the authenticated token. */
    public static final String ATTRIBUTE = AuthenticatedToken.class.getName();

    public AuthenticatedToken {
        scopes = List.copyOf(scopes);
    }

    /** A token without a cap ({@code cap} {@code null}). */
    public AuthenticatedToken(String login, String tokenId, List<Scope> scopes, Instant validUntil) {
        this(login, tokenId, scopes, validUntil, null);
    }

    public boolean isScoped() {
        return !scopes.isEmpty();
    }
}
