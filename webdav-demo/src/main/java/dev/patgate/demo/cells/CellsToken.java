package dev.patgate.demo.cells;

import java.util.List;
import java.util.Objects;

/**
 * One personal access token of the stand-in, as Cells' {@code PersonalAccessToken} holds it. The token
 * itself is never kept: only {@code hash}, {@code sha256:<hex>} of it, as newer Cells stores it.
 *
 * @param uuid              the token's id ({@code TokenId} of the delete endpoint)
 * @param type              {@code PERSONAL} or {@code DOCUMENT}
 * @param label             the label
 * @param userUuid          the owner's UUID
 * @param userLogin         the owner's login
 * @param scopes            the scopes, e.g. {@code node:<uuid>:r}; recorded, not enforced by the stand-in
 * @param autoRefreshWindow seconds; greater than 0 means sliding expiry
 * @param expiresAt         unix seconds
 * @param createdBy         the login that made it
 * @param createdAt         unix seconds
 * @param updatedAt         unix seconds; moved with every sliding use
 * @param hash              {@code sha256:<hex>} of the token
 */
public record CellsToken(
        String uuid,
        String type,
        String label,
        String userUuid,
        String userLogin,
        List<String> scopes,
        int autoRefreshWindow,
        long expiresAt,
        String createdBy,
        long createdAt,
        long updatedAt,
        String hash) {

    /** The type of a token made by the personal and impersonate endpoints. */
    public static final String PERSONAL = "PERSONAL";
    /** The type of a document token (never made by this stand-in, listed for the filter). */
    public static final String DOCUMENT = "DOCUMENT";

    public CellsToken {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(hash, "hash");
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    /** Whether the token is still valid at {@code nowSeconds}. */
    boolean validAt(long nowSeconds) {
        return nowSeconds < expiresAt;
    }

    /** This token after a verified use at {@code nowSeconds}: a sliding token's expiry moves to now + window. */
    CellsToken usedAt(long nowSeconds) {
        if (autoRefreshWindow <= 0) {
            return this;
        }
        return new CellsToken(
                uuid,
                type,
                label,
                userUuid,
                userLogin,
                scopes,
                autoRefreshWindow,
                nowSeconds + autoRefreshWindow,
                createdBy,
                createdAt,
                nowSeconds,
                hash);
    }
}
