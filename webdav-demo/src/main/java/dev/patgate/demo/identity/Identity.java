package dev.patgate.demo.identity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A caller identity asserted by the gateway and verified by {@link IdentityVerifier}.
 *
 * @param login     the user's login ({@code sub}); never blank
 * @param tokenId   the public id of the token used ({@code tid}); empty when the assertion has none
 * @param scopes    the token's node scopes ({@code scp}), each {@code node:<uuid>:<perm>}; empty when unscoped
 * @param issuedAt  {@code iat}
 * @param expiresAt {@code exp}
 */
public record Identity(String login, String tokenId, List<String> scopes, Instant issuedAt, Instant expiresAt) {

    public Identity {
        Objects.requireNonNull(login, "login");
        if (login.isBlank()) {
            throw new IllegalArgumentException("login must not be blank");
        }
        Objects.requireNonNull(tokenId, "tokenId");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
