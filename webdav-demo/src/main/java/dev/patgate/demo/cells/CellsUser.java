package dev.patgate.demo.cells;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A user of the Cells stand-in, in the shape of Cells' {@code idm.User} as its REST API shows it.
 *
 * <p>Two attributes mean something here, as in Cells: {@code profile} ({@code admin} makes the user an
 * administrator) and {@code locks}, a JSON array held in a string; a user whose {@code locks} holds
 * {@code "logout"} is locked out and every one of its tokens is refused.
 *
 * @param uuid       the user's id
 * @param login      the login
 * @param groupPath  the group, {@code /} for the root group
 * @param attributes the attributes, every value a string
 */
@JsonPropertyOrder({"Uuid", "Login", "GroupPath", "Attributes"})
public record CellsUser(
        @JsonProperty("Uuid") String uuid,
        @JsonProperty("Login") String login,
        @JsonProperty("GroupPath") String groupPath,
        @JsonProperty("Attributes") Map<String, String> attributes) {

    /** The attribute that holds the locks, a JSON array of strings in a string. */
    public static final String LOCKS = "locks";
    /** The lock that keeps a user out. */
    public static final String LOGOUT_LOCK = "logout";
    /** The attribute that holds the profile ({@code admin} or {@code standard}). */
    public static final String PROFILE = "profile";

    private static final ObjectMapper JSON = new ObjectMapper();

    public CellsUser {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(login, "login");
        groupPath = groupPath == null || groupPath.isEmpty() ? "/" : groupPath;
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    /**
     * Whether the {@code locks} attribute holds {@code "logout"}. An absent or empty {@code locks} is no
     * lock; one that is not a JSON array of strings counts as locked (Cells would ignore it; the
     * stand-in fails closed).
     */
    public boolean locked() {
        String locks = attributes.get(LOCKS);
        if (locks == null || locks.isBlank()) {
            return false;
        }
        try {
            return List.of(JSON.readValue(locks, String[].class)).contains(LOGOUT_LOCK);
        } catch (JsonProcessingException | RuntimeException e) {
            return true; // fail closed on a lock we cannot read
        }
    }

    /** Whether the user's profile is {@code admin}. */
    public boolean admin() {
        return "admin".equals(attributes.get(PROFILE));
    }

    /** This user with {@code attributes} instead of its own. */
    CellsUser withAttributes(Map<String, String> replaced) {
        return new CellsUser(uuid, login, groupPath, replaced);
    }

    /** This user with the logout lock set (true) or every lock removed (false), as Cells' unlock does. */
    CellsUser withLock(boolean lock) {
        Map<String, String> changed = new TreeMap<>(attributes);
        if (lock) {
            changed.put(LOCKS, "[\"" + LOGOUT_LOCK + "\"]");
        } else {
            changed.remove(LOCKS);
            changed.remove("failedConnections");
        }
        return withAttributes(changed);
    }
}
