package dev.patgate.gateway.identity;

import dev.patgate.auth.AuthenticatedToken;

/**
 * Names the caller to the backend, one request at a time: the value of the {@value IdentitySigner#HEADER}
 * header of one request the gateway sends upstream. Thread-safe.
 */
@FunctionalInterface
public interface UpstreamIdentity {

    /** Upstream mode {@code none}: no identity header at all. */
    UpstreamIdentity NONE = (caller, method, target) -> null;

    /**
     * The header value for one request to the backend, or {@code null} to send none.
     *
     * @param caller the authenticated token the request is made for
     * @param method the method of the request to the backend, exactly as sent (e.g. {@code PROPFIND})
     * @param target the request target as sent on the backend's request line: the raw (still
     *        percent-encoded) path, followed by {@code ?} and the raw query when there is a query
     */
    String assertion(AuthenticatedToken caller, String method, String target);

    /**
     * The {@code Authorization} value the backend must get for this caller (upstream mode
     * {@code cells}: the user's own Cells credential), or {@code null} (the default) to send none.
     * Answered from memory once the user's credential is known.
     *
     * @param rawPath the request's raw path, which tells WebDAV (basic) from REST (bearer)
     * @throws UpstreamCredentialException when the credential cannot be had now
     */
    default String authorization(AuthenticatedToken caller, String rawPath) {
        return null;
    }
}
