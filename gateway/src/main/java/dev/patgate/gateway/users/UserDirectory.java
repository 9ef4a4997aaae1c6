package dev.patgate.gateway.users;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.patgate.auth.UserGate;
import dev.patgate.gateway.config.ConfigException;
import dev.patgate.gateway.config.YamlBinding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who exists and who is an admin: a YAML file of logins with bcrypt password hashes
 * ({@code config/users.yaml}):
 *
 * <pre>
 * users:
 *   alice:
 *     password_hash: "$2y$10$..."
 *   admin:
 *     password_hash: "$2y$10$..."
 *     admin: true
 *   carol:
 *     password_hash: "$2y$10$..."
 *     disabled: true
 * </pre>
 *
 * Passwords are for managing one's own tokens, not for WebDAV. A disabled user is still listed (so
 * that they can be enabled again) but stands {@link UserGate.Standing#DISABLED}: their tokens are
 * refused and their password opens nothing.
 *
 * <p>Thread-safe. A directory read from a file can {@link #reload()} it: the content is one
 * immutable map behind a volatile reference, swapped whole, so each call sees one version of the
 * file and a request never waits for a reload. Every other method is an in-memory lookup except
 * {@link #verifyPassword}, which runs bcrypt.
 */
public final class UserDirectory implements UserGate {

    private static final BCrypt.Verifyer VERIFYER =
            BCrypt.verifyer(null, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2Y));

    private final Path file;
    private volatile Map<String, User> users;

    private UserDirectory(Path file, Map<String, User> users) {
        this.file = file;
        this.users = Map.copyOf(users);
    }

    /** A directory of exactly these users. */
    public static UserDirectory of(Collection<User> users) {
        Map<String, User> byLogin = new TreeMap<>();
        for (User user : users) {
            if (byLogin.put(user.login(), user) != null) {
                throw new IllegalArgumentException("user " + user.login() + " appears twice");
            }
        }
        return new UserDirectory(null, byLogin);
    }

    /**
     * Reads the directory file; {@link #reload()} reads it again.
     *
     * @throws ConfigException with one line naming the file and the problem (never a hash)
     */
    public static UserDirectory load(Path file) {
        return new UserDirectory(file, read(file));
    }

    /**
     * Reads the file this directory was loaded from again and, when it is valid, takes its content
     * at once. When it is not, keeps the current content and throws.
     *
     * @return whether the content changed
     * @throws ConfigException with one line naming the file and the problem (never a hash)
     * @throws IllegalStateException for a directory not loaded from a file
     */
    public boolean reload() {
        if (file == null) {
            throw new IllegalStateException("this user directory was not loaded from a file");
        }
        Map<String, User> fresh = Map.copyOf(read(file));
        if (fresh.equals(users)) {
            return false;
        }
        users = fresh;
        return true;
    }

    /** The file this directory was loaded from; {@code null} for {@link #of}. */
    public Path file() {
        return file;
    }

    private static Map<String, User> read(Path file) {
        JsonNode tree;
        try {
            tree = YamlBinding.read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file (users_file)");
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigException(file + ": not valid YAML, or a key appears twice (line " + line + ")");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        try {
            return parse(tree);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    /** One login's entry, as written in the file. */
    @JsonClassDescription("must be a mapping with password_hash")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Entry(
            @JsonPropertyDescription(BCRYPT_RULE) String passwordHash, Boolean admin, Boolean disabled) {}

    private static final String BCRYPT_RULE = "must be a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters)";

    /** The file, as written: each login mapped to its entry. */
    private record UsersFile(Map<String, Entry> users) {}

    private static Map<String, User> parse(JsonNode tree) {
        if (tree == null
                || !tree.isObject()
                || tree.size() != 1
                || !tree.path("users").isObject()) {
            throw new IllegalArgumentException("expected one key, users, mapping each login to its entry");
        }
        Map<String, User> byLogin = new TreeMap<>();
        for (Map.Entry<String, Entry> entry :
                YamlBinding.bindSecrets(tree, UsersFile.class).users().entrySet()) {
            String login = entry.getKey();
            if (!User.isValidLogin(login)) {
                throw new IllegalArgumentException("users: a login must be " + User.LOGIN_RULE);
            }
            Entry fields = entry.getValue();
            if (fields == null) {
                throw new IllegalArgumentException("users." + login + " must be a mapping with password_hash");
            }
            if (!User.isBcryptHash(fields.passwordHash())) {
                throw new IllegalArgumentException("users." + login + ".password_hash " + BCRYPT_RULE);
            }
            byLogin.put(
                    login,
                    new User(
                            login,
                            fields.passwordHash(),
                            Boolean.TRUE.equals(fields.admin()),
                            Boolean.TRUE.equals(fields.disabled())));
        }
        return byLogin;
    }

    /** Whether the login is listed, enabled or disabled. */
    public boolean exists(String login) {
        return login != null && users.containsKey(login);
    }

    /** Whether the login is listed and enabled: whether their tokens and password work. */
    public boolean isActive(String login) {
        User user = login == null ? null : users.get(login);
        return user != null && !user.disabled();
    }

    /** The entry of a login, enabled or disabled; empty when it is not listed. */
    public java.util.Optional<User> find(String login) {
        return java.util.Optional.ofNullable(login == null ? null : users.get(login));
    }

    /** An active admin. */
    public boolean isAdmin(String login) {
        User user = login == null ? null : users.get(login);
        return user != null && user.admin() && !user.disabled();
    }

    /** Where a token's owner stands now: an in-memory lookup, asked on every request. */
    @Override
    public Standing standing(String login) {
        User user = login == null ? null : users.get(login);
        if (user == null) {
            return Standing.UNKNOWN;
        }
        return user.disabled() ? Standing.DISABLED : Standing.ACTIVE;
    }

    /**
     * Checks a password with bcrypt. An unknown login costs about as much as a known one, so that the
     * answer's timing does not tell which logins exist. A disabled user's password is checked too
     * (same cost) and refused.
     *
     * @param password not cleared by this method
     */
    public boolean verifyPassword(String login, char[] password) {
        User user = login == null ? null : users.get(login);
        String hash = user == null ? Decoy.HASH : user.passwordHash();
        boolean verified;
        try {
            verified = VERIFYER.verify(password, hash.toCharArray()).verified;
        } catch (IllegalArgumentException e) {
            verified = false;
        }
        return user != null && !user.disabled() && verified;
    }

    /** All users, enabled and disabled, sorted by login. */
    public Collection<User> users() {
        return new TreeMap<>(users).values();
    }

    /** Renders a directory file with these users, sorted by login, in the format {@link #load} reads. */
    public static String render(Collection<User> users) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (User user : of(users).users()) {
            entries.put(
                    user.login(),
                    new Entry(
                            user.passwordHash(),
                            user.admin() ? Boolean.TRUE : null,
                            user.disabled() ? Boolean.TRUE : null));
        }
        return "# patgate user directory: who exists and who is an admin.\n"
                + "# password_hash is a bcrypt hash ($2a$, $2b$ or $2y$); disabled: true blocks a user's tokens.\n"
                + YamlBinding.write(new UsersFile(entries));
    }

    /** A hash of a random password, computed once, for logins that do not exist. */
    private static final class Decoy {
        static final String HASH;

        static {
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            char[] password = java.util.HexFormat.of().formatHex(random).toCharArray();
            HASH = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(10, password);
        }
    }
}
