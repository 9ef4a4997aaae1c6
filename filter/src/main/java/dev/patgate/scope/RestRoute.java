package dev.patgate.scope;

import dev.patgate.token.Access;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One REST endpoint in the route table: which requests it matches, where their targets are, and
 * what access each target needs. A scoped token is refused on any REST request no route describes.
 *
 * <p>The path template is a literal path, optionally ending in one placeholder:
 * <ul>
 *   <li>{@code {path}}: the rest of the URL path is a node path, e.g. {@code /a/tree/stat/{path}};</li>
 *   <li>{@code {uuid}}: the last segment is a node UUID, e.g. {@code /n/node/{uuid}}.</li>
 * </ul>
 * The body field names targets inside a JSON body: {@code NodePaths} (an array of strings) or
 * {@code Nodes[].Path} (an array of objects, one string field each). A path ending in {@code /*}
 * (a folder's children) targets the folder.
 *
 * @param method the HTTP method, upper case
 * @param pathTemplate where the endpoint is, as above
 * @param bodyField the JSON field holding targets; {@code null} when the body holds none
 * @param bodyKind whether the body's targets are node paths or UUIDs; {@code null} with no body field
 * @param access what each target needs
 * @param invalidates whether the endpoint moves or deletes nodes (drops cached resolutions)
 */
public record RestRoute(
        String method, String pathTemplate, String bodyField, TargetKind bodyKind, Access access, boolean invalidates) {

    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\[\\]\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final Pattern TEMPLATE = Pattern.compile("(/[A-Za-z0-9._~-]+)+/?(\\{path}|\\{uuid})?");

    /** Whether a target is given as a node path or as a node UUID. */
    public enum TargetKind {
        PATH,
        UUID
    }

    public RestRoute {
        Objects.requireNonNull(method, "method must not be null");
        method = method.toUpperCase(Locale.ROOT);
        Objects.requireNonNull(pathTemplate, "path must not be null");
        if (!TEMPLATE.matcher(pathTemplate).matches()) {
            throw new IllegalArgumentException("path must be a literal path, optionally ending in {path} or {uuid}");
        }
        if (pathTemplate.endsWith("}") && !pathTemplate.endsWith("/{path}") && !pathTemplate.endsWith("/{uuid}")) {
            throw new IllegalArgumentException("a placeholder must be a whole last segment");
        }
        if (bodyField != null && !FIELD.matcher(bodyField).matches()) {
            throw new IllegalArgumentException("body must be a field name, or Array[].Field");
        }
        if ((bodyField == null) != (bodyKind == null)) {
            throw new IllegalArgumentException("body and body kind go together");
        }
        Objects.requireNonNull(access, "access must not be null");
    }

    /** The literal part of the template, before any placeholder. */
    String prefix() {
        int brace = pathTemplate.indexOf('{');
        return brace < 0 ? pathTemplate : pathTemplate.substring(0, brace);
    }

    /** The placeholder kind in the URL, or {@code null} when the URL holds no target. */
    TargetKind urlKind() {
        if (pathTemplate.endsWith("{path}")) {
            return TargetKind.PATH;
        }
        return pathTemplate.endsWith("{uuid}") ? TargetKind.UUID : null;
    }

    /**
     * Whether this route describes a request.
     *
     * @param rawPath the request's path, not decoded
     */
    public boolean matches(String method, String rawPath) {
        if (!this.method.equals(method)) {
            return false;
        }
        TargetKind kind = urlKind();
        if (kind == null) {
            return rawPath.equals(pathTemplate);
        }
        int prefixLength = pathTemplate.indexOf('{');
        if (rawPath.length() == prefixLength || !rawPath.regionMatches(0, pathTemplate, 0, prefixLength)) {
            return false;
        }
        return kind == TargetKind.PATH || rawPath.indexOf('/', prefixLength) < 0;
    }
}
