package dev.patgate.auth;

/**
 * Credentials as they arrived, before anything was checked. {@link #toString()} of each
 * implementation hides the secret part.
 */
public sealed interface Credentials permits Credentials.Bearer, Credentials.Basic {

    /** The text that should be a patgate token. */
    String tokenText();

    /** {@code Authorization: Bearer <token>} (RFC 6750). */
    record Bearer(String token) implements Credentials {
        @Override
        public String tokenText() {
            return token;
        }

        @Override
        public String toString() {
            return "Bearer[****]";
        }
    }

    /** {@code Authorization: Basic base64(login:token)} (RFC 7617), the token as the password. */
    record Basic(String username, String password) implements Credentials {
        @Override
        public String tokenText() {
            return password;
        }

        @Override
        public String toString() {
            return "Basic[****]";
        }
    }
}
