package dev.patgate.gateway.scope;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.gateway.identity.IdentitySigner;
import dev.patgate.gateway.identity.UpstreamCredentialException;
import dev.patgate.gateway.identity.UpstreamIdentity;
import dev.patgate.scope.BackendUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * One request the gateway itself sends to the backend as a token's user (a node or lock lookup):
 * signed with the upstream identity for exactly the method and target on its request line (or, in
 * upstream mode {@code cells}, with the user's own Cells credential), sent,
 * and any failure to get an answer turned into a {@link BackendUnavailableException}.
 */
final class BackendCall {

    private BackendCall() {}

    /**
     * @param request the request to {@code uri}, its method and body already set
     * @throws BackendUnavailableException when the backend cannot be reached
     */
    static HttpResponse<byte[]> send(
            HttpClient http,
            HttpRequest.Builder request,
            URI uri,
            String method,
            UpstreamIdentity identity,
            AuthenticatedToken asUser) {
        // the target java.net.http puts on the request line: it leaves out a bare "?"
        String query = uri.getRawQuery();
        String target = uri.getRawPath() + (query == null || query.isEmpty() ? "" : "?" + query);
        String assertion = identity.assertion(asUser, method, target);
        if (assertion != null) {
            request.header(IdentitySigner.HEADER, assertion);
        }
        try {
            String authorization = identity.authorization(asUser, uri.getRawPath());
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
        } catch (UpstreamCredentialException e) {
            throw new BackendUnavailableException("no upstream credential for the user (" + e.status() + ")");
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new BackendUnavailableException(
                    "backend unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted");
        }
    }
}
