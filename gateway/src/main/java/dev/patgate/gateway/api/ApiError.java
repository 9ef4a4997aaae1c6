package dev.patgate.gateway.api;

import dev.patgate.auth.Refusal;
import dev.patgate.filter.Patgate;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A refusal: status, a short error code and a message that names the problem, never a secret. */
final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String allow;
    private final long retryAfter;

    ApiError(int status, String code, String message) {
        this(status, code, message, null, -1);
    }

    private ApiError(int status, String code, String message, String allow, long retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.allow = allow;
        this.retryAfter = retryAfter;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "invalid_request", message);
    }

    static ApiError notFound() {
        return new ApiError(404, "not_found", "no such token");
    }

    static ApiError unauthorized(String message) {
        return new ApiError(401, "unauthorized", message);
    }

    static ApiError methodNotAllowed(String allow) {
        return new ApiError(405, "method_not_allowed", "allowed here: " + allow, allow, -1);
    }

    static ApiError rateLimited(long seconds) {
        return new ApiError(
                429,
                "too_many_failures",
                "too many failed logins from this address or for this login; try again later",
                null,
                seconds);
    }

    /** The token store cannot be reached: 503, retry in five seconds; logged once here, without a secret. */
    static ApiError storeUnavailable(dev.patgate.store.StoreException cause) {
        org.slf4j.LoggerFactory.getLogger(ApiError.class).error("token store unavailable: {}", cause.getMessage());
        return new ApiError(503, "unavailable", "the token store cannot be reached; try again shortly", null, 5);
    }

    /** Every password check slot is taken (see {@code limits.password_checks}): 503, retry in a second. */
    static ApiError busy() {
        return new ApiError(503, "busy", "too many password checks at once; try again shortly", null, 1);
    }

    int status() {
        return status;
    }

    /** The short error code of the body. */
    String code() {
        return code;
    }

    /** Seconds for {@code Retry-After}, or -1 when the answer carries none. */
    long retryAfterSeconds() {
        return retryAfter;
    }

    /** The body of every refusal: {@code {"error": CODE, "message": TEXT}}. */
    record Body(String error, String message) {}

    /**
     * The body of a refusal on Cells' token API (docs/cells-token-api.md): the same {@code error} and
     * {@code message}, and Cells' own error fields, {@code Code} (the status), {@code Title} (the
     * message) and {@code Detail} (the error code), so that a client of either kind can read it.
     */
    record CellsBody(
            String error,
            String message,

            @com.fasterxml.jackson.annotation.JsonProperty("Code")
            int code,

            @com.fasterxml.jackson.annotation.JsonProperty("Title")
            String title,

            @com.fasterxml.jackson.annotation.JsonProperty("Detail")
            String detail) {}

    void writeTo(HttpServletResponse response) throws IOException {
        writeHeaders(response);
        JsonAnswer.write(response, status, new Body(code, getMessage()));
    }

    /** As {@link #writeTo}: the same status and headers, the body in {@link CellsBody}'s shape. */
    void writeCellsTo(HttpServletResponse response) throws IOException {
        writeHeaders(response);
        JsonAnswer.write(response, status, new CellsBody(code, getMessage(), status, getMessage(), code));
    }

    private void writeHeaders(HttpServletResponse response) {
        if (status == 401) {
            response.setHeader("WWW-Authenticate", Refusal.basicChallenge(Patgate.DEFAULT_REALM));
        }
        if (allow != null) {
            response.setHeader("Allow", allow);
        }
        if (retryAfter >= 0) {
            response.setHeader("Retry-After", Long.toString(retryAfter));
        }
    }
}
