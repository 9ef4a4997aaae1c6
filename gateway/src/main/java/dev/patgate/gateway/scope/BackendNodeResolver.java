package dev.patgate.gateway.scope;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.gateway.identity.UpstreamIdentity;
import dev.patgate.json.MalformedJsonException;
import dev.patgate.json.StrictJson;
import dev.patgate.scope.BackendUnavailableException;
import dev.patgate.scope.NodeResolver;
import dev.patgate.scope.TargetPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks the backend where a node is, as the token's user: {@code GET <upstream><resolve_path>} with
 * the user's signed identity, answered with the node as JSON (its {@code Path} is what counts), as
 * webdav-demo and Cells' {@code /n/node/{uuid}} do. 404 and 403 mean the user cannot reach the node;
 * anything else unexpected means the backend cannot answer, and the caller refuses the request.
 */
public final class BackendNodeResolver implements NodeResolver {

    private static final int MAX_ANSWER = 64 * 1024;

    private final HttpClient http;
    private final URI upstream;
    private final String resolvePath;
    private final UpstreamIdentity identity;
    private final Duration timeout;

    /**
     * @param upstream the backend's base URL
     * @param resolvePath a path ending in {@code {uuid}}, e.g. {@code /n/node/{uuid}}
     * @param identity signs the user's identity header for the lookup; returns {@code null} in upstream mode none
     */
    public BackendNodeResolver(URI upstream, String resolvePath, UpstreamIdentity identity, Duration timeout) {
        this.upstream = Objects.requireNonNull(upstream, "upstream must not be null");
        this.resolvePath = Objects.requireNonNull(resolvePath, "resolvePath must not be null");
        this.identity = Objects.requireNonNull(identity, "identity must not be null");
        this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Optional<TargetPath> resolve(String uuid, AuthenticatedToken asUser) {
        String base = upstream.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI lookup = URI.create(base + resolvePath.replace("{uuid}", uuid));
        HttpRequest.Builder request = HttpRequest.newBuilder(lookup)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET();
        HttpResponse<byte[]> response = BackendCall.send(http, request, lookup, "GET", identity, asUser);
        int status = response.statusCode();
        if (status == 404 || status == 403) {
            return Optional.empty();
        }
        if (status != 200) {
            throw new BackendUnavailableException("backend answered " + status + " to a node lookup");
        }
        if (response.body().length > MAX_ANSWER) {
            throw new BackendUnavailableException("backend's node answer is too large");
        }
        try {
            JsonNode node = StrictJson.read(response.body(), MAX_ANSWER);
            JsonNode path = node == null ? null : node.get("Path");
            if (path == null || !path.isTextual()) {
                JsonNode wrapped = node == null ? null : node.get("Node");
                path = wrapped == null ? null : wrapped.get("Path");
            }
            if (path == null || !path.isTextual()) {
                throw new BackendUnavailableException("backend's node answer has no Path");
            }
            return Optional.of(TargetPath.ofNodePath(path.textValue()));
        } catch (MalformedJsonException | IllegalArgumentException e) {
            throw new BackendUnavailableException("backend's node answer is not a node");
        }
    }
}
