package dev.patgate.scope;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.auth.Refusal;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whether an authenticated token may make this request. Runs after authentication and
 * before the request is forwarded.
 */
public interface Authorizer {

    /**
     * @return the request to forward: {@code request} itself, or a wrapper (e.g. one that replays a
     *         body the authorizer had to read)
     * @throws Refusal with {@code INSUFFICIENT_SCOPE} (403), {@code INVALID_REQUEST}
     *         (400), {@code BODY_TOO_LARGE} (413) or {@code UPSTREAM_UNAVAILABLE} (502) when the
     *         request may not go on
     */
    HttpServletRequest authorize(HttpServletRequest request, AuthenticatedToken token) throws Refusal;

    /**
     * Called once {@code forward}, as {@link #authorize} returned it, is about to be handed on.
     * Default: {@link Completion#NONE}.
     *
     * @return what to call once the exchange is over (for an asynchronous proxy: once it completed),
     *         however it ended
     */
    default Completion forwarding(HttpServletRequest forward) {
        return Completion.NONE;
    }

    /** The end of one forwarded exchange, as {@link #forwarding} announced it. */
    @FunctionalInterface
    interface Completion {

        /** Nothing to do when the exchange is over. */
        Completion NONE = () -> {};

        /** The exchange is over. Calling it again does nothing. */
        void completed();
    }

    /**
     * Lets unscoped tokens act as their user and refuses scoped tokens everything, OPTIONS included
     * (its answer could tell about nodes outside the scope): the safe choice while no scope
     * enforcement is configured (fail closed).
     */
    static Authorizer unscopedOnly() {
        return (request, token) -> {
            if (token.isScoped()) {
                throw Refusal.insufficientScope("scope enforcement not configured", token, null);
            }
            return request;
        };
    }
}
