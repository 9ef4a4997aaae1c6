package dev.patgate.gateway.proxy;

import dev.patgate.scope.PathPrefixes;
import dev.patgate.scope.TargetPath;
import java.util.List;

/**
 * Checks the raw request path before it is forwarded unchanged. Jetty routes a request by its
 * normalized path, but the backend receives the raw one; the two must name the same place. So the
 * raw path must start with a route prefix (or be the prefix without its final slash) and contain no
 * dot segment ({@code .} or {@code ..}, encoded or not): the rules of {@link PathPrefixes} and
 * {@link TargetPath#hasDotSegment}.
 */
final class RawPaths {

    private RawPaths() {}

    /**
     * @param rawPath the path as received, still percent-encoded
     * @param routes the configured prefixes, each starting and ending with {@code /}
     */
    static boolean isForwardable(String rawPath, List<String> routes) {
        return rawPath != null && PathPrefixes.matching(routes, rawPath) != null && !TargetPath.hasDotSegment(rawPath);
    }
}
