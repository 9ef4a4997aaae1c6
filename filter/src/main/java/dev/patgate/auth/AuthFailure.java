package dev.patgate.auth;

/**
 * Why a request was refused, with the HTTP status and the RFC 6750 error code it is answered with.
 */
public enum AuthFailure {
    /** No credentials at all: 401 with both challenges and no error code (RFC 6750 §3.1). */
    MISSING(401, null),
    /** The Authorization header (or the request) is malformed. */
    INVALID_REQUEST(400, "invalid_request"),
    /** Unknown, wrong, expired or revoked token, or a username that is not the token's owner. */
    INVALID_TOKEN(401, "invalid_token"),
    /** A valid token whose scopes do not cover the target. */
    INSUFFICIENT_SCOPE(403, "insufficient_scope"),
    /** Too many failures from this client. */
    RATE_LIMITED(429, null),
    /** A scoped request's body is larger than the gateway will read to find its targets. */
    BODY_TOO_LARGE(413, null),
    /** The backend could not say where a scoped node is; the request is refused, never allowed. */
    UPSTREAM_UNAVAILABLE(502, null);

    private final int status;
    private final String errorCode;

    AuthFailure(int status, String errorCode) {
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    /** The {@code error} attribute of the challenge; {@code null} when there is none. */
    public String errorCode() {
        return errorCode;
    }

    /** Whether this outcome counts against the client's failure budget. */
    public boolean countsAsFailure() {
        return this == INVALID_REQUEST || this == INVALID_TOKEN;
    }
}
