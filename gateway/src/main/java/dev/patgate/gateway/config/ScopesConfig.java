package dev.patgate.gateway.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.patgate.json.StrictJson;
import dev.patgate.scope.PathPrefixes;
import dev.patgate.scope.RestRoute;
import dev.patgate.token.Access;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Node-scope enforcement (section {@code scopes}).
 *
 * @param webdav path prefixes below which the path is a node path (default {@code /dav/})
 * @param resolvePath the backend endpoint that answers a node, as JSON with its {@code Path}, for a
 *        UUID (default {@code /n/node/{uuid}}, as in webdav-demo and Cells)
 * @param resolutionTtl how long a node's resolved path is trusted (default 10 s); a MOVE or DELETE
 *        through the gateway drops every resolution at once
 * @param maxBody the largest JSON body read to find a scoped request's targets, in bytes (default
 *        1 MiB); a larger one gets 413
 * @param rest the REST route table: a scoped token is refused on any REST request it does not describe
 * @param restFile a YAML file whose {@code rest:} list is the route table instead of {@code rest}
 *        (e.g. {@code config/cells-routes.yaml}); relative to PATGATE_HOME; null (the default) for
 *        none. {@link ConfigLoader} reads it into {@code rest}; the two exclude each other in the file
 */
public record ScopesConfig(
        List<String> webdav,
        String resolvePath,
        Duration resolutionTtl,
        @JsonPropertyDescription(ScopesConfig.MAX_BODY_RULE) int maxBody,
        List<RestRoute> rest,
        String restFile) {

    /** What {@code scopes.max_body} allows, as messages say it. */
    static final String MAX_BODY_RULE = "must be a whole number of bytes from 1 to " + StrictJson.MAX_DOCUMENT_BYTES;

    /** The Cells tree API, which webdav-demo also speaks. */
    public static final List<RestRoute> DEFAULT_REST = List.of(
            new RestRoute("GET", "/a/tree/stat/{path}", null, null, Access.READ, false),
            new RestRoute("POST", "/a/tree/stats", "NodePaths", RestRoute.TargetKind.PATH, Access.READ, false),
            new RestRoute("POST", "/a/tree/create", "Nodes[].Path", RestRoute.TargetKind.PATH, Access.WRITE, false),
            new RestRoute("POST", "/a/tree/delete", "Nodes[].Path", RestRoute.TargetKind.PATH, Access.WRITE, true),
            new RestRoute("GET", "/n/node/{uuid}", null, null, Access.READ, false));

    public static final ScopesConfig DEFAULT =
            new ScopesConfig(List.of("/dav/"), "/n/node/{uuid}", Duration.ofSeconds(10), 1024 * 1024, DEFAULT_REST);

    /** Where Cells answers a node by UUID, as the user: its REST v2 {@code GET /a/n/node/{Uuid}}. */
    public static final String CELLS_RESOLVE_PATH = "/a/n/node/{uuid}";

    /** Settings with the route table given inline ({@code rest_file} unset). */
    public ScopesConfig(
            List<String> webdav, String resolvePath, Duration resolutionTtl, int maxBody, List<RestRoute> rest) {
        this(webdav, resolvePath, resolutionTtl, maxBody, rest, null);
    }

    public ScopesConfig {
        webdav = List.copyOf(Objects.requireNonNull(webdav, "scopes.webdav must not be null"));
        for (int i = 0; i < webdav.size(); i++) {
            String prefix = webdav.get(i);
            if (!PathPrefixes.isValid(prefix)) {
                throw new IllegalArgumentException("scopes.webdav[" + i + "] must start and end with /, like /dav/");
            }
        }
        Objects.requireNonNull(resolvePath, "scopes.resolve_path must not be null");
        if (!resolvePath.startsWith("/") || !resolvePath.endsWith("/{uuid}")) {
            throw new IllegalArgumentException(
                    "scopes.resolve_path must be a path ending in /{uuid}, like /n/node/{uuid}");
        }
        Objects.requireNonNull(resolutionTtl, "scopes.resolution_ttl must not be null");
        if (maxBody < 1 || maxBody > StrictJson.MAX_DOCUMENT_BYTES) {
            throw new IllegalArgumentException("scopes.max_body " + MAX_BODY_RULE);
        }
        rest = List.copyOf(Objects.requireNonNull(rest, "scopes.rest must not be null"));
        if (restFile != null && (restFile.isBlank() || restFile.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("scopes.rest_file must be a path");
        }
    }

    /** These settings with {@code routes} as the table, read from {@code file} (kept, resolved, for messages). */
    public ScopesConfig withRest(List<RestRoute> routes, String file) {
        return new ScopesConfig(webdav, resolvePath, resolutionTtl, maxBody, routes, file);
    }
}
