package dev.patgate.auth;

/**
 * Whether a token's owner may still use their tokens: asked by {@link TokenAuthenticator} on every
 * request, after the token itself checked out, so that a user removed from or disabled in the user
 * directory is refused at once, whatever the token cache holds.
 *
 * <p>Called on the request path: an implementation answers from memory (a map lookup), never from a
 * file, a database or a password hash, and is thread-safe. An implementation that cannot answer
 * throws nothing and says {@link Standing#UNKNOWN}: the token is then refused (fail closed).
 */
@FunctionalInterface
public interface UserGate {

    /** Every owner is active: for a container without a user directory. */
    UserGate ALL_ACTIVE = login -> Standing.ACTIVE;

    /** Where a login stands. */
    enum Standing {
        /** The user exists and is enabled: their tokens work. */
        ACTIVE("active"),
        /** The user exists but is disabled: their tokens are refused until re-enabled. */
        DISABLED("user disabled"),
        /** The user does not exist (any more): their tokens are refused. */
        UNKNOWN("user unknown");

        private final String reason;

        Standing(String reason) {
            this.reason = reason;
        }

        /** The audit reason of a refusal for this standing, e.g. {@code user disabled}. */
        public String reason() {
            return reason;
        }
    }

    /**
     * @param login the token's owner, never {@code null}
     * @return where the login stands now; never {@code null}
     */
    Standing standing(String login);
}
