package dev.patgate.gateway.users;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.patgate.gateway.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
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
 * </pre>
 *
 * Immutable and thread-safe. Passwords are for managing one's own tokens, not for WebDAV.
 */
public final class UserDirectory {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final BCrypt.Verifyer VERIFYER =
            BCrypt.verifyer(null, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2Y));

    private final Map<String, User> users;

    private UserDirectory(Map<String, User> users) {
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
        return new UserDirectory(byLogin);
    }

    /**
     * Reads the directory file.
     *
     * @throws ConfigException with one line naming the file and the problem (never a hash)
     */
    public static UserDirectory load(Path file) {
        JsonNode tree;
        try {
            tree = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
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

    private static UserDirectory parse(JsonNode tree) {
        if (tree == null || !tree.isObject() || tree.size() != 1 || !tree.path("users").isObject()) {
            throw new IllegalArgumentException("expected one key, users, mapping each login to its entry");
        }
        Map<String, User> byLogin = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : tree.get("users").properties()) {
            String login = entry.getKey();
            if (!User.isValidLogin(login)) {
                throw new IllegalArgumentException("users: a login must be " + User.LOGIN_RULE);
            }
            JsonNode fields = entry.getValue();
            if (fields == null || !fields.isObject()) {
                throw new IllegalArgumentException("users." + login + " must be a mapping with password_hash");
            }
            for (Iterator<String> names = fields.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!Set.of("password_hash", "admin").contains(name)) {
                    throw new IllegalArgumentException("users." + login + ": unknown key (allowed: admin, password_hash)");
                }
            }
            JsonNode hash = fields.path("password_hash");
            if (!hash.isTextual() || !User.isBcryptHash(hash.asText())) {
                throw new IllegalArgumentException("users." + login
                        + ".password_hash must be a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters)");
            }
            JsonNode admin = fields.path("admin");
            if (!admin.isMissingNode() && !admin.isNull() && !admin.isBoolean()) {
                throw new IllegalArgumentException("users." + login + ".admin must be true or false");
            }
            byLogin.put(login, new User(login, hash.asText(), admin.asBoolean(false)));
        }
        return new UserDirectory(byLogin);
    }

    public boolean exists(String login) {
        return login != null && users.containsKey(login);
    }

    public boolean isAdmin(String login) {
        User user = login == null ? null : users.get(login);
        return user != null && user.admin();
    }

    /**
     * Checks a password with bcrypt. An unknown login costs about as much as a known one, so that the
     * answer's timing does not tell which logins exist.
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
        return user != null && verified;
    }

    /** All users, sorted by login. */
    public Collection<User> users() {
        return new TreeMap<>(users).values();
    }

    /** Renders a directory file with these users, sorted by login, in the format {@link #load} reads. */
    public static String render(Collection<User> users) {
        StringBuilder out = new StringBuilder()
                .append("# patgate user directory: who exists and who is an admin.\n")
                .append("# password_hash is a bcrypt hash ($2a$, $2b$ or $2y$).\n")
                .append("users:\n");
        for (User user : of(users).users()) {
            out.append("  ").append(user.login()).append(":\n")
                    .append("    password_hash: \"").append(user.passwordHash()).append("\"\n");
            if (user.admin()) {
                out.append("    admin: true\n");
            }
        }
        return out.toString();
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
