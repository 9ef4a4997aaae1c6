package dev.patgate.scope;

import java.util.List;

/**
 * The one rule for path prefixes such as a WebDAV prefix ({@code /dav/}) or a gateway route: a
 * prefix starts and ends with {@code /} and is not {@code /} itself, and a raw path is below it when
 * it starts with it or is the prefix without its final slash ({@code /dav}). Raw paths are compared
 * as received, before any decoding.
 */
public final class PathPrefixes {

    private PathPrefixes() {}

    /** Whether {@code prefix} starts and ends with {@code /} and has at least one character between. */
    public static boolean isValid(String prefix) {
        return prefix != null && prefix.length() >= 3 && prefix.startsWith("/") && prefix.endsWith("/");
    }

    /**
     * @param prefixes valid prefixes, in the order they are tried
     * @param rawPath the request's path, not decoded
     * @return the first prefix {@code rawPath} is below, or null
     */
    public static String matching(List<String> prefixes, String rawPath) {
        for (int i = 0; i < prefixes.size(); i++) {
            String prefix = prefixes.get(i);
            if (rawPath.startsWith(prefix) || (rawPath.length() == prefix.length() - 1 && prefix.startsWith(rawPath))) {
                return prefix;
            }
        }
        return null;
    }
}
