package dev.patgate.auth;

import java.util.Objects;

/**
 * A refusal. The {@linkplain #failure() failure} decides what the client sees; the
 * {@linkplain #reason() reason} is for the audit log only and never holds a secret.
 */
public final class AuthenticationException extends Exception {

    private final AuthFailure failure;
    private final String reason;
    private final String tokenId;
    private final String login;
    private final long retryAfterSeconds;
    private final String requiredPermission;

    private AuthenticationException(AuthFailure failure, String reason, String tokenId, String login,
            long retryAfterSeconds, String requiredPermission) {
        super(failure + ": " + reason, null, false, false);
        this.failure = Objects.requireNonNull(failure);
        this.reason = Objects.requireNonNull(reason);
        this.tokenId = tokenId;
        this.login = login;
        this.retryAfterSeconds = retryAfterSeconds;
        this.requiredPermission = requiredPermission;
    }

    public static AuthenticationException missing() {
        return new AuthenticationException(AuthFailure.MISSING, "no credentials", null, null, 0, null);
    }

    public static AuthenticationException invalidRequest(String reason) {
        return new AuthenticationException(AuthFailure.INVALID_REQUEST, reason, null, null, 0, null);
    }

    /**
     * @param tokenId the public id when the token parsed, else {@code null}
     * @param login the token's owner when known, else {@code null}
     */
    public static AuthenticationException invalidToken(String reason, String tokenId, String login) {
        return new AuthenticationException(AuthFailure.INVALID_TOKEN, reason, tokenId, login, 0, null);
    }

    /** @param permission what was needed: {@code read} or {@code write}; {@code null} when no scope would do */
    public static AuthenticationException insufficientScope(String reason, AuthenticatedToken token,
            String permission) {
        return new AuthenticationException(AuthFailure.INSUFFICIENT_SCOPE, reason, token.tokenId(),
                token.login(), 0, permission);
    }

    public static AuthenticationException bodyTooLarge(AuthenticatedToken token) {
        return new AuthenticationException(AuthFailure.BODY_TOO_LARGE, "body too large to check scopes",
                token.tokenId(), token.login(), 0, null);
    }

    public static AuthenticationException upstreamUnavailable(String reason, AuthenticatedToken token) {
        return new AuthenticationException(AuthFailure.UPSTREAM_UNAVAILABLE, reason, token.tokenId(),
                token.login(), 0, null);
    }

    /** A malformed request from an authenticated token (a bad path or Destination): 400. */
    public static AuthenticationException invalidRequest(String reason, AuthenticatedToken token) {
        return new AuthenticationException(AuthFailure.INVALID_REQUEST, reason, token.tokenId(), token.login(),
                0, null);
    }

    public static AuthenticationException rateLimited(long retryAfterSeconds) {
        return new AuthenticationException(AuthFailure.RATE_LIMITED, "too many failures", null, null,
                Math.max(1, retryAfterSeconds), null);
    }

    public AuthFailure failure() {
        return failure;
    }

    /** Short machine-friendly reason for the audit log, e.g. {@code expired}. */
    public String reason() {
        return reason;
    }

    /** The token's public id, or {@code null}. */
    public String tokenId() {
        return tokenId;
    }

    /** The token's owner, or {@code null}. */
    public String login() {
        return login;
    }

    /** Seconds for {@code Retry-After} on {@link AuthFailure#RATE_LIMITED}; 0 otherwise. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** {@code read} or {@code write} on {@link AuthFailure#INSUFFICIENT_SCOPE}; else {@code null}. */
    public String requiredPermission() {
        return requiredPermission;
    }
}
