package dev.patgate.gateway.proxy;

import java.util.List;
import java.util.Locale;

/**
 * Checks the raw request path before it is forwarded unchanged. Jetty routes a request by its
 * normalized path, but the backend receives the raw one; the two must name the same place. So the
 * raw path must start with a route prefix (or be the prefix without its final slash) and contain no
 * dot segment ({@code .} or {@code ..}, encoded or not).
 */
final class RawPaths {

    private RawPaths() {
    }

    /**
     * @param rawPath the path as received, still percent-encoded
     * @param routes the configured prefixes, each starting and ending with {@code /}
     */
    static boolean isForwardable(String rawPath, List<String> routes) {
        if (rawPath == null || !underARoute(rawPath, routes)) {
            return false;
        }
        for (String segment : rawPath.split("/", -1)) {
            String plain = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
            if (plain.equals(".") || plain.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static boolean underARoute(String rawPath, List<String> routes) {
        for (String route : routes) {
            if (rawPath.startsWith(route) || rawPath.equals(route.substring(0, route.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
