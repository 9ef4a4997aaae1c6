package dev.patgate.filter;

import dev.patgate.auth.AuthFailure;
import dev.patgate.auth.AuthenticationException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a refusal: status, {@code WWW-Authenticate} challenges (RFC 7235, 7617, 6750) and a small
 * JSON body. The body depends only on the failure kind, so refusals for an unknown, wrong, expired
 * or revoked token are byte-for-byte the same (no oracle), and nothing of the request is echoed.
 */
final class ChallengeWriter {

    private final String basicChallenge;
    private final String bearerChallenge;

    ChallengeWriter(String realm) {
        this.basicChallenge = "Basic realm=\"" + realm + "\", charset=\"UTF-8\"";
        this.bearerChallenge = "Bearer realm=\"" + realm + "\"";
    }

    void write(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        AuthFailure failure = e.failure();
        response.setStatus(failure.status());
        switch (failure) {
            case MISSING, INVALID_TOKEN, INVALID_REQUEST -> {
                response.addHeader("WWW-Authenticate", basicChallenge);
                response.addHeader("WWW-Authenticate", bearer(failure.errorCode(), null));
            }
            case INSUFFICIENT_SCOPE -> response.addHeader("WWW-Authenticate",
                    bearer(failure.errorCode(), e.requiredPermission()));
            case RATE_LIMITED -> response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            case BODY_TOO_LARGE -> response.setHeader("Connection", "close");
            case UPSTREAM_UNAVAILABLE -> response.setHeader("Retry-After", "5");
        }
        closeIfBodyUnread(request, response);
        response.setHeader("Cache-Control", "no-store");
        writeBody(response, body(e));
    }

    /** Answers 503 when the token store cannot be reached: the request is neither allowed nor blamed. */
    void writeUnavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        response.setStatus(503);
        closeIfBodyUnread(request, response);
        response.setHeader("Retry-After", "5");
        response.setHeader("Cache-Control", "no-store");
        writeBody(response, "{\"error\":\"temporarily_unavailable\",\"error_description\":"
                + "\"the token store cannot be reached; try again shortly\"}\n");
    }

    /**
     * A refused request may still be sending its body (a 1 GiB PUT with an expired token). The
     * container then closes the connection rather than read the rest, so say so: the client stops
     * sending and does not reuse the connection. A body the scope check has read to the end needs
     * no such notice. A request that sent {@code Expect: 100-continue} is never asked for its
     * stream here: a Servlet container answers {@code 100 Continue} as soon as the stream is taken,
     * and the refusal must come first (RFC 9110 10.1.1); its connection closes, since the client may
     * or may not send the body it announced.
     */
    private static void closeIfBodyUnread(HttpServletRequest request, HttpServletResponse response) {
        boolean body = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (body && (expectsContinue(request) || !bodyReadToTheEnd(request))) {
            response.setHeader("Connection", "close");
        }
    }

    private static boolean expectsContinue(HttpServletRequest request) {
        String expect = request.getHeader("Expect");
        return expect != null && expect.strip().equalsIgnoreCase("100-continue");
    }

    private static boolean bodyReadToTheEnd(HttpServletRequest request) {
        try {
            return request.getInputStream().isFinished();
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    private String bearer(String error, String permission) {
        if (error == null) {
            return bearerChallenge;
        }
        StringBuilder sb = new StringBuilder(bearerChallenge).append(", error=\"").append(error).append('"');
        if (permission != null) {
            sb.append(", scope=\"").append(permission).append('"');
        }
        return sb.toString();
    }

    private static String body(AuthenticationException e) {
        return switch (e.failure()) {
            case MISSING -> json("unauthorized", "credentials required: a token as Bearer, or as the basic-auth password with your login");
            case INVALID_REQUEST -> json("invalid_request", (e.tokenId() == null
                    ? "malformed credentials: " : "malformed request: ") + e.reason());
            case INVALID_TOKEN -> json("invalid_token", "the token is unknown, expired, revoked, or not this user's");
            case INSUFFICIENT_SCOPE -> json("insufficient_scope", "the token's scopes do not allow this request"
                    + (e.requiredPermission() == null ? "" : "; " + e.requiredPermission() + " permission is needed"));
            case RATE_LIMITED -> json("too_many_failures", "too many failed attempts; retry after "
                    + e.retryAfterSeconds() + " s");
            case BODY_TOO_LARGE -> json("body_too_large", "the body is too large for a scoped token's request");
            case UPSTREAM_UNAVAILABLE -> json("upstream_unavailable",
                    "the backend cannot say where the token's scoped nodes are; try again shortly");
        };
    }

    private static String json(String error, String description) {
        return "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}\n";
    }

    private static void writeBody(HttpServletResponse response, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
