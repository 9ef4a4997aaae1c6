package dev.patgate.filter;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.auth.AuthenticationException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whether an authenticated token may make this request. Runs after authentication and
 * before the request is forwarded.
 */
@FunctionalInterface
public interface Authorizer {

    /**
     * @throws AuthenticationException with {@code INSUFFICIENT_SCOPE} (403) or {@code INVALID_REQUEST}
     *         (400) when the request may not go on
     */
    void authorize(HttpServletRequest request, AuthenticatedToken token) throws AuthenticationException;

    /**
     * Lets unscoped tokens act as their user and refuses scoped tokens everything but OPTIONS: the
     * safe choice while no scope enforcement is configured (fail closed).
     */
    static Authorizer unscopedOnly() {
        return (request, token) -> {
            if (token.isScoped() && !"OPTIONS".equals(request.getMethod())) {
                throw AuthenticationException.insufficientScope("scope enforcement not configured", token,
                        null);
            }
        };
    }
}
