package dev.patgate.gateway.api;

import dev.patgate.auth.CredentialExtractor;
import dev.patgate.auth.Credentials;
import dev.patgate.auth.FailureLimiter;
import dev.patgate.auth.Refusal;
import dev.patgate.gateway.users.UserDirectory;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login and password (basic auth) against the user directory, for the gateway's own endpoints: the
 * token API and the metrics. A token is refused here: it is the credential for the files, not for
 * managing them. Failed attempts count per client address; past the limit every attempt is 429.
 */
public final class PasswordCheck {

    private static final Logger AUDIT = LoggerFactory.getLogger("patgate.audit");

    private final UserDirectory users;
    private final FailureLimiter limiter;

    public PasswordCheck(UserDirectory users, FailureLimiter limiter) {
        this.users = Objects.requireNonNull(users);
        this.limiter = Objects.requireNonNull(limiter);
    }

    /**
     * @return the caller's login, after its password matched
     * @throws ApiError 401 (no, wrong or token credentials), 400 (a malformed header) or 429
     */
    String authenticate(HttpServletRequest request) throws ApiError {
        String client = request.getRemoteAddr();
        try {
            limiter.checkAllowed(client);
            Credentials credentials = CredentialExtractor.extract(request);
            if (credentials == null) {
                throw ApiError.unauthorized("give your login and password (basic auth)");
            }
            if (!(credentials instanceof Credentials.Basic basic)) {
                throw ApiError.unauthorized("a token cannot be used here: give your login and password (basic auth)");
            }
            char[] password = basic.password().toCharArray();
            boolean verified = users.verifyPassword(basic.username(), password);
            Arrays.fill(password, '\0');
            if (!verified) {
                limiter.recordFailure(client);
                AUDIT.info(
                        "outcome=refused reason=\"wrong login or password\" path={} client={} method={}",
                        request.getRequestURI(),
                        client,
                        request.getMethod());
                throw ApiError.unauthorized("wrong login or password");
            }
            return basic.username();
        } catch (Refusal e) {
            if (e instanceof Refusal.RateLimited limited) {
                throw ApiError.rateLimited(limited.retryAfterSeconds());
            }
            limiter.recordFailure(client);
            throw ApiError.badRequest("malformed Authorization header");
        }
    }

    /** Whether {@code login} is an admin. */
    boolean isAdmin(String login) {
        return users.isAdmin(login);
    }
}
