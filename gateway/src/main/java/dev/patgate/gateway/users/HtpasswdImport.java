package dev.patgate.gateway.users;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an Apache htpasswd file ({@code login:hash} per line) and merges it into a user directory.
 * Only bcrypt lines ({@code htpasswd -B}) are accepted: MD5 ({@code $apr1$}), SHA-1 ({@code {SHA}}),
 * crypt and plain text are refused, with the line number and never the line.
 */
public final class HtpasswdImport {

    /** The outcome of a merge: the new user list and how many logins were added and updated. */
    public record Result(List<User> users, int added, int updated) {}

    private HtpasswdImport() {}

    /**
     * @throws IllegalArgumentException naming the first bad line by number
     */
    public static Map<String, String> parse(List<String> lines) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String where = "line " + (i + 1) + ": ";
            if (colon < 0) {
                throw new IllegalArgumentException(where + "expected login:hash");
            }
            String login = line.substring(0, colon);
            String hash = line.substring(colon + 1);
            if (!User.isValidLogin(login)) {
                throw new IllegalArgumentException(where + "a login must be " + User.LOGIN_RULE);
            }
            if (!User.isBcryptHash(hash)) {
                throw new IllegalArgumentException(where + "only bcrypt hashes ($2a$, $2b$, $2y$) can be"
                        + " imported; create them with htpasswd -B");
            }
            if (hashes.put(login, hash) != null) {
                throw new IllegalArgumentException(where + "login " + login + " appears twice");
            }
        }
        if (hashes.isEmpty()) {
            throw new IllegalArgumentException("no login:hash lines found");
        }
        return hashes;
    }

    /**
     * Adds the imported logins to {@code current}; a login that exists already gets the new hash and
     * keeps its admin and disabled flags. Imported users are enabled, not admins.
     */
    public static Result merge(UserDirectory current, Map<String, String> imported) {
        List<User> merged = new ArrayList<>();
        int updated = 0;
        for (User user : current.users()) {
            String hash = imported.get(user.login());
            if (hash != null) {
                updated++;
                merged.add(user.withPasswordHash(hash));
            } else {
                merged.add(user);
            }
        }
        int added = 0;
        for (Map.Entry<String, String> entry : imported.entrySet()) {
            if (!current.exists(entry.getKey())) {
                added++;
                merged.add(new User(entry.getKey(), entry.getValue(), false));
            }
        }
        return new Result(List.copyOf(merged), added, updated);
    }
}
