package dev.patgate.gateway.cells;

import java.time.Instant;
import java.util.Objects;

/**
 * One user's Cells credential as the gateway keeps it. {@link #toString()} never shows the token.
 *
 * @param login the Cells login
 * @param kind minted by patgate (enterprise) or registered by the operator (home)
 * @param upstreamId the Cells token's {@code Uuid} when known (minted tokens), else {@code null}
 * @param token the Cells personal token itself
 * @param createdAt when patgate minted or registered it
 */
record StoredCredential(String login, Kind kind, String upstreamId, String token, Instant createdAt) {

    enum Kind {
        MINTED,
        REGISTERED
    }

    StoredCredential {
        Objects.requireNonNull(login, "login must not be null");
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(token, "token must not be null");
        Objects.requireNonNull(createdAt, "createdAt must not be null");
    }

    @Override
    public String toString() {
        return "StoredCredential[login=" + login + ", kind=" + kind + ", upstreamId=" + upstreamId + ", createdAt="
                + createdAt + "]";
    }
}
