package dev.patgate.auth;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Why a request may not go on, and how the client is told: each kind knows its HTTP status, its
 * {@code WWW-Authenticate} challenges (RFC 7235, 7617, 6750), its {@code Retry-After}, and the error
 * code and description of its JSON body. The description depends only on the kind (and, for a bad
 * request, the reason), so refusals for an unknown, wrong, expired or revoked token are the same
 * byte for byte: no oracle. The {@linkplain #reason() reason}, the token id and the login are for
 * the audit log only; none of them ever holds a secret.
 *
 * <p>Checked, and cheap to throw: no stack trace is captured. The static factories are the only way
 * to make one.
 */
public abstract sealed class Refusal extends Exception {

    /** The outcome name a refusal is audited and counted under. */
    public enum Outcome {
        MISSING,
        INVALID_REQUEST,
        INVALID_TOKEN,
        INSUFFICIENT_SCOPE,
        RATE_LIMITED,
        BODY_TOO_LARGE,
        UPSTREAM_UNAVAILABLE,
        UNAVAILABLE;

        private final String label = name().toLowerCase(Locale.ROOT);

        /** The name in audit lines and metrics, e.g. {@code invalid_token}. */
        public String label() {
            return label;
        }
    }

    /** Seconds a client is asked to wait after a 502 or 503. */
    static final long RETRY_SHORTLY_SECONDS = 5;

    private final Outcome outcome;
    private final String reason;
    private final String tokenId;
    private final String login;

    private Refusal(Outcome outcome, String reason, String tokenId, String login) {
        super(outcome.label() + ": " + reason, null, false, false);
        this.outcome = outcome;
        this.reason = Objects.requireNonNull(reason);
        this.tokenId = tokenId;
        this.login = login;
    }

    /** No credentials at all: 401 with both challenges and no error code (RFC 6750 §3.1). */
    public static Missing missing() {
        return new Missing();
    }

    /** Malformed credentials (the {@code Authorization} header): 400, counted as a failure. */
    public static BadRequest invalidRequest(String reason) {
        return new BadRequest(reason, null, null);
    }

    /** A malformed request from an authenticated token (a bad path or Destination): 400. */
    public static BadRequest invalidRequest(String reason, AuthenticatedToken token) {
        return new BadRequest(reason, token.tokenId(), token.login());
    }

    /**
     * Unknown, wrong, expired or revoked token, or a username that is not the token's owner: 401.
     *
     * @param tokenId the public id when the token parsed, else {@code null}
     * @param login the token's owner when known, else {@code null}
     */
    public static InvalidToken invalidToken(String reason, String tokenId, String login) {
        return new InvalidToken(reason, tokenId, login);
    }

    /**
     * A valid token whose scopes do not cover the target: 403.
     *
     * @param permission what was needed: {@code read} or {@code write}; {@code null} when no scope would do
     */
    public static Forbidden insufficientScope(String reason, AuthenticatedToken token, String permission) {
        return new Forbidden(reason, token.tokenId(), token.login(), permission);
    }

    /** A scoped request's body is larger than the gateway reads to find its targets: 413. */
    public static TooLarge bodyTooLarge(AuthenticatedToken token) {
        return new TooLarge(token.tokenId(), token.login());
    }

    /** The backend could not say where a scoped node is; the request is refused, never allowed: 502. */
    public static BadGateway upstreamUnavailable(String reason, AuthenticatedToken token) {
        return new BadGateway(reason, token.tokenId(), token.login());
    }

    /** Too many failures from this client: 429, with at least one second to wait. */
    public static RateLimited rateLimited(long retryAfterSeconds) {
        return new RateLimited(Math.max(1, retryAfterSeconds), "too many failures", null, null);
    }

    /**
     * A failed attempt from a client (address or login) that has failed too often: 429, with at
     * least one second to wait.
     *
     * @param reason what failed, for the audit line, e.g. {@code too many failures: unknown token}
     * @param tokenId the public id of the token tried, or {@code null}
     * @param login the login tried, or {@code null}
     */
    public static RateLimited rateLimited(long retryAfterSeconds, String reason, String tokenId, String login) {
        return new RateLimited(Math.max(1, retryAfterSeconds), reason, tokenId, login);
    }

    /** The token store cannot be reached: 503, neither allowed nor blamed on the client. */
    public static Unavailable storeUnavailable() {
        return new Unavailable("store unavailable", "the token store cannot be reached; try again shortly");
    }

    /**
     * The token store has been away for longer than the outage grace, so even a cached token is no
     * longer trusted: 503, like {@link #storeUnavailable()}.
     */
    public static Unavailable storeAwayBeyondGrace(String tokenId, String login) {
        return new Unavailable(
                "store unavailable beyond outage grace",
                "the token store has been unreachable too long to trust cached tokens; try again shortly",
                tokenId,
                login);
    }

    public abstract int status();

    public final Outcome outcome() {
        return outcome;
    }

    /** Short machine-friendly reason for the audit log, e.g. {@code expired}. */
    public final String reason() {
        return reason;
    }

    /** The token's public id for the audit log, or {@code null} when the refusal names no token. */
    public final String tokenId() {
        return tokenId;
    }

    /**
     * For the audit log: the token's owner, or for a {@link RateLimited} the login tried; {@code null}
     * when not known.
     */
    public final String login() {
        return login;
    }

    /** The {@code WWW-Authenticate} values, in order; empty when the answer carries none. */
    public List<String> challenges(String realm) {
        return List.of();
    }

    /** Seconds for {@code Retry-After}; 0 when the answer carries none. */
    public long retryAfterSeconds() {
        return 0;
    }

    /** Whether the connection is closed after the answer, whatever the state of the request body. */
    public boolean closesConnection() {
        return false;
    }

    /** Whether the refusal counts against the client's failure budget (see {@link FailureLimiter}). */
    public boolean countsAsFailure() {
        return false;
    }

    /** The {@code error} member of the JSON body. */
    public abstract String error();

    /** The {@code error_description} member of the JSON body; never holds anything of the request. */
    public abstract String description();

    /** The RFC 7617 challenge for {@code realm}, with {@code charset="UTF-8"}. */
    public static String basicChallenge(String realm) {
        return "Basic realm=\"" + realm + "\", charset=\"UTF-8\"";
    }

    static String bearerChallenge(String realm, String error, String scope) {
        StringBuilder sb = new StringBuilder("Bearer realm=\"").append(realm).append('"');
        if (error != null) {
            sb.append(", error=\"").append(error).append('"');
        }
        if (scope != null) {
            sb.append(", scope=\"").append(scope).append('"');
        }
        return sb.toString();
    }

    /** No credentials at all. */
    public static final class Missing extends Refusal {

        private Missing() {
            super(Outcome.MISSING, "no credentials", null, null);
        }

        @Override
        public int status() {
            return 401;
        }

        @Override
        public List<String> challenges(String realm) {
            return List.of(basicChallenge(realm), bearerChallenge(realm, null, null));
        }

        @Override
        public String error() {
            return "unauthorized";
        }

        @Override
        public String description() {
            return "credentials required: a token as Bearer, or as the basic-auth password with your login";
        }
    }

    /** Malformed credentials, or a malformed request from an authenticated token. */
    public static final class BadRequest extends Refusal {

        private BadRequest(String reason, String tokenId, String login) {
            super(Outcome.INVALID_REQUEST, reason, tokenId, login);
        }

        @Override
        public int status() {
            return 400;
        }

        /** The token's public id when the credentials were good and the request was not; else {@code null}. */
        @Override
        public List<String> challenges(String realm) {
            return List.of(basicChallenge(realm), bearerChallenge(realm, "invalid_request", null));
        }

        /** Malformed credentials count; a malformed request from a good token does not. */
        @Override
        public boolean countsAsFailure() {
            return tokenId() == null;
        }

        @Override
        public String error() {
            return "invalid_request";
        }

        @Override
        public String description() {
            return (tokenId() == null ? "malformed credentials: " : "malformed request: ") + reason();
        }
    }

    /** Unknown, wrong, expired or revoked token, or a username that is not the token's owner. */
    public static final class InvalidToken extends Refusal {

        private InvalidToken(String reason, String tokenId, String login) {
            super(Outcome.INVALID_TOKEN, reason, tokenId, login);
        }

        @Override
        public int status() {
            return 401;
        }

        @Override
        public List<String> challenges(String realm) {
            return List.of(basicChallenge(realm), bearerChallenge(realm, "invalid_token", null));
        }

        @Override
        public boolean countsAsFailure() {
            return true;
        }

        @Override
        public String error() {
            return "invalid_token";
        }

        @Override
        public String description() {
            return "the token is unknown, expired, revoked, or not this user's";
        }
    }

    /** A valid token whose scopes do not cover the target. */
    public static final class Forbidden extends Refusal {

        private final String permission;

        private Forbidden(String reason, String tokenId, String login, String permission) {
            super(Outcome.INSUFFICIENT_SCOPE, reason, tokenId, login);
            this.permission = permission;
        }

        @Override
        public int status() {
            return 403;
        }

        /** {@code read} or {@code write}; {@code null} when no scope would do. */
        public String permission() {
            return permission;
        }

        @Override
        public List<String> challenges(String realm) {
            return List.of(bearerChallenge(realm, "insufficient_scope", permission));
        }

        @Override
        public String error() {
            return "insufficient_scope";
        }

        @Override
        public String description() {
            return "the token's scopes do not allow this request"
                    + (permission == null ? "" : "; " + permission + " permission is needed");
        }
    }

    /** A scoped request's body is larger than the gateway reads to find its targets. */
    public static final class TooLarge extends Refusal {

        private TooLarge(String tokenId, String login) {
            super(Outcome.BODY_TOO_LARGE, "body too large to check scopes", tokenId, login);
        }

        @Override
        public int status() {
            return 413;
        }

        /** The rest of the body is not read, so the connection cannot be reused. */
        @Override
        public boolean closesConnection() {
            return true;
        }

        @Override
        public String error() {
            return "body_too_large";
        }

        @Override
        public String description() {
            return "the body is too large for a scoped token's request";
        }
    }

    /** Too many failures from this client's address or for the login it tried. */
    public static final class RateLimited extends Refusal {

        private final long retryAfterSeconds;

        private RateLimited(long retryAfterSeconds, String reason, String tokenId, String login) {
            super(Outcome.RATE_LIMITED, reason, tokenId, login);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        @Override
        public int status() {
            return 429;
        }

        /** Seconds until the client's (address's or login's) wait ends; at least 1. */
        @Override
        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }

        @Override
        public String error() {
            return "too_many_failures";
        }

        @Override
        public String description() {
            return "too many failed attempts; retry after " + retryAfterSeconds + " s";
        }
    }

    /** The token store cannot be reached, so the credentials can be neither accepted nor refused. */
    public static final class Unavailable extends Refusal {

        private final String description;

        private Unavailable(String reason, String description) {
            this(reason, description, null, null);
        }

        private Unavailable(String reason, String description, String tokenId, String login) {
            super(Outcome.UNAVAILABLE, reason, tokenId, login);
            this.description = description;
        }

        @Override
        public int status() {
            return 503;
        }

        @Override
        public long retryAfterSeconds() {
            return RETRY_SHORTLY_SECONDS;
        }

        @Override
        public String error() {
            return "temporarily_unavailable";
        }

        @Override
        public String description() {
            return description;
        }
    }

    /** The backend could not say where a scoped node is. */
    public static final class BadGateway extends Refusal {

        private BadGateway(String reason, String tokenId, String login) {
            super(Outcome.UPSTREAM_UNAVAILABLE, reason, tokenId, login);
        }

        @Override
        public int status() {
            return 502;
        }

        @Override
        public long retryAfterSeconds() {
            return RETRY_SHORTLY_SECONDS;
        }

        @Override
        public String error() {
            return "upstream_unavailable";
        }

        @Override
        public String description() {
            return "the backend cannot say where the token's scoped nodes are; try again shortly";
        }
    }
}
