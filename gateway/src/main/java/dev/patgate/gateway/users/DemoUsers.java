package dev.patgate.gateway.users;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo users that {@code config/users.yaml} ships with, whose passwords are printed in the
 * README and by {@code patgate demo}: anyone can log in as them. {@code patgate serve} refuses to
 * start while one of them is still usable.
 *
 * <p>A user counts as a demo user when its hash is one of the shipped hashes (under any login), or
 * when it has a demo login and the demo password still verifies against its hash (a demo password
 * hashed again, e.g. with {@code htpasswd -B}). The first is a string comparison; the second costs
 * one bcrypt check per demo login present, at most three, once at start-up.
 */
public final class DemoUsers {

    /** The demo logins and their published passwords. */
    public static final Map<String, String> PASSWORDS =
            Map.of("alice", "alice-demo", "bob", "bob-demo", "admin", "admin-demo");

    /** The hashes shipped in {@code config/users.yaml}. */
    static final Set<String> SHIPPED_HASHES = Set.of(
            "$2y$10$MtC5UBTwtkspCv1UPxbntuLFX3OGEIrAh.YtUphOy/DDupbeBjs4.",
            "$2y$10$QaTfz9mQ0tZLdGy1xTjsEurtyq2eXvYiFNSCEw8ZODwIoMofmnAQm",
            "$2y$10$p1PqyOzuIvSaQczIjUqnA.vhmOiuuYQmDOhcJH0kimeAaoLU72XWa");

    private DemoUsers() {}

    /**
     * The enabled users that anyone can log in as with a published demo password, sorted by login.
     * A disabled demo user is not counted: it opens nothing.
     */
    public static List<String> present(UserDirectory directory) {
        return directory.users().stream()
                .filter(user -> !user.disabled())
                .filter(user -> SHIPPED_HASHES.contains(user.passwordHash())
                        || (PASSWORDS.containsKey(user.login())
                                && directory.verifyPassword(
                                        user.login(),
                                        PASSWORDS.get(user.login()).toCharArray())))
                .map(User::login)
                .toList();
    }
}
