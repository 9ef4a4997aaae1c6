package dev.patgate.scope;

import dev.patgate.token.Access;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One REST endpoint in the route table: which requests it matches, where their targets are, and
 * what access each target needs. A scoped token is refused on any REST request no route describes,
 * and on every request a route marks {@code refused}.
 *
 * <p>The path template is a literal path, optionally ending in one placeholder:
 * <ul>
 *   <li>{@code {path}}: the rest of the URL path is a node path, e.g. {@code /a/tree/stat/{path}};</li>
 *   <li>{@code {uuid}}: the last segment is a node UUID, e.g. {@code /n/node/{uuid}}.</li>
 * </ul>
 *
 * <p>The body field names targets inside a JSON body (see {@link BodyField} for the grammar): one
 * field or several separated by commas, e.g. {@code NodePaths}, {@code Nodes[].Path},
 * {@code ShareLink.RootNodes[]} or {@code NodePath?, Metadatas[].NodeUuid?:uuid}. What the field
 * holds is said by its kind ({@code :kind} after the field, else the route's body kind):
 * <ul>
 *   <li>{@link TargetKind#PATH}: node paths; a string, or an array of strings, each a target. A path
 *       ending in {@code /*} (a folder's children) targets the folder;</li>
 *   <li>{@link TargetKind#UUID}: node UUIDs, the same way;</li>
 *   <li>{@link TargetKind#UUID_OR_PATH}: objects naming a node by {@code Uuid} or {@code Path} (at
 *       least one; both are checked when both are given), like Cells' share {@code RootNodes};</li>
 *   <li>{@link TargetKind#JOB_PARAMETERS}: a string holding a JSON object
 *       {@code {"nodes": [paths], "target": path, "targetParent": bool}}, like Cells' user jobs'
 *       {@code JsonParameters}; {@code nodes} need the route's access, {@code target} needs write,
 *       and any other key is refused.</li>
 * </ul>
 *
 * @param method the HTTP method, upper case
 * @param pathTemplate where the endpoint is, as above
 * @param bodyField the JSON fields holding targets; {@code null} when the body holds none
 * @param bodyKind what the body fields hold unless a field says; {@code null} with no body field
 * @param access what each target needs
 * @param invalidates whether the endpoint moves or deletes nodes (drops cached resolutions)
 * @param refused whether every scoped token is refused here, whatever its scopes (the endpoint is
 *        known, but what it does reaches beyond what a scope can bound; see docs/cells-scopes.md)
 */
public record RestRoute(
        String method,
        String pathTemplate,
        String bodyField,
        TargetKind bodyKind,
        Access access,
        boolean invalidates,
        boolean refused) {

    private static final Pattern TEMPLATE = Pattern.compile("(/[A-Za-z0-9._~-]+)+/?(\\{path}|\\{uuid})?");

    /** What a body field holds; see the class comment. */
    public enum TargetKind {
        PATH,
        UUID,
        UUID_OR_PATH,
        JOB_PARAMETERS
    }

    /** A route whose scoped requests are checked (not {@code refused}). */
    public RestRoute(
            String method,
            String pathTemplate,
            String bodyField,
            TargetKind bodyKind,
            Access access,
            boolean invalidates) {
        this(method, pathTemplate, bodyField, bodyKind, access, invalidates, false);
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
        if ((bodyField == null) != (bodyKind == null)) {
            throw new IllegalArgumentException("body and body kind go together");
        }
        if (bodyField != null) {
            BodyField.parseAll(bodyField, bodyKind);
        }
        Objects.requireNonNull(access, "access must not be null");
    }

    /** The body fields, parsed; empty when the body holds no target. */
    List<BodyField> bodyFields() {
        return bodyField == null ? List.of() : BodyField.parseAll(bodyField, bodyKind);
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

    /**
     * One place in a JSON body that holds targets: {@code Name(.Name)*}, where a name followed by
     * {@code []} is an array whose every element is followed further; then {@code ?} when the field
     * may be absent; then {@code :kind} ({@code path}, {@code uuid}, {@code uuid_or_path},
     * {@code job_parameters}) when it holds another kind than the route's.
     *
     * @param names the object keys walked from the body's root
     * @param arrays for each name, whether its value is an array to walk element by element
     * @param optional whether the field may be absent (a present one is always checked)
     * @param kind what the field holds
     */
    record BodyField(List<String> names, List<Boolean> arrays, boolean optional, TargetKind kind) {

        private static final Pattern FIELD = Pattern.compile(
                "((?:[A-Za-z_][A-Za-z0-9_]*(?:\\[\\])?)(?:\\.[A-Za-z_][A-Za-z0-9_]*(?:\\[\\])?)*)(\\?)?(?::([a-z_]+))?");
        static final String GRAMMAR = "body must be fields like NodePaths, Nodes[].Path or ShareLink.RootNodes[],"
                + " each optionally followed by ? and :kind, separated by commas";

        static List<BodyField> parseAll(String spec, TargetKind defaultKind) {
            List<BodyField> fields = new ArrayList<>();
            for (String part : spec.split(",", -1)) {
                Matcher m = FIELD.matcher(part.trim());
                if (!m.matches()) {
                    throw new IllegalArgumentException(GRAMMAR);
                }
                TargetKind kind = defaultKind;
                if (m.group(3) != null) {
                    try {
                        kind = TargetKind.valueOf(m.group(3).toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(
                                "body field kind must be path, uuid, uuid_or_path or job_parameters");
                    }
                }
                List<String> names = new ArrayList<>();
                List<Boolean> arrays = new ArrayList<>();
                for (String name : m.group(1).split("\\.")) {
                    boolean array = name.endsWith("[]");
                    names.add(array ? name.substring(0, name.length() - 2) : name);
                    arrays.add(array);
                }
                fields.add(new BodyField(List.copyOf(names), List.copyOf(arrays), m.group(2) != null, kind));
            }
            return List.copyOf(fields);
        }
    }
}
