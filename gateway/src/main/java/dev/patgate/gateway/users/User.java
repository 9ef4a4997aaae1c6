package dev.patgate.gateway.users;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of the user directory. {@link #toString()} hides the hash.
 *
 * @param login letters, digits and {@code . _ @ -}, 1 to 64 characters, starting with a letter or digit
 *        (never a colon, so that it can be a basic-auth username)
 * @param passwordHash a bcrypt hash, version {@code $2a$}, {@code $2b$} or {@code $2y$}
 * @param admin whether the user may manage other users' tokens
 * @param disabled whether the user is blocked: their tokens are refused and their password opens
 *        nothing, until they are enabled again; nothing of theirs is deleted
 */
public record User(String login, String passwordHash, boolean admin, boolean disabled) {

    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    /** What a valid login looks like, for messages. */
    public static final String LOGIN_RULE = "1 to 64 letters, digits or . _ @ -, starting with a letter or digit";

    public User {
        Objects.requireNonNull(login, "login must not be null");
        Objects.requireNonNull(passwordHash, "password hash must not be null");
        if (!isValidLogin(login)) {
            throw new IllegalArgumentException("a login must be " + LOGIN_RULE);
        }
        if (!isBcryptHash(passwordHash)) {
            throw new IllegalArgumentException(
                    "the password hash of " + login + " must be a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters)");
        }
    }

    /** An enabled user. */
    public User(String login, String passwordHash, boolean admin) {
        this(login, passwordHash, admin, false);
    }

    /** This user with another password hash. */
    public User withPasswordHash(String newHash) {
        return new User(login, newHash, admin, disabled);
    }

    /** This user, disabled or enabled. */
    public User withDisabled(boolean newDisabled) {
        return new User(login, passwordHash, admin, newDisabled);
    }

    public static boolean isValidLogin(String login) {
        return login != null && LOGIN.matcher(login).matches();
    }

    public static boolean isBcryptHash(String hash) {
        return hash != null && BCRYPT.matcher(hash).matches();
    }

    @Override
    public String toString() {
        return "User[login=" + login + ", admin=" + admin + ", disabled=" + disabled + "]";
    }
}
