package dev.patgate.gateway.api;

import dev.patgate.auth.CredentialExtractor;
import dev.patgate.auth.Credentials;
import dev.patgate.auth.FailureLimiter;
import dev.patgate.auth.Refusal;
import dev.patgate.gateway.users.UserDirectory;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login and password (basic auth) against the user directory, for the gateway's own endpoints: the
 * token API and the metrics. A token is refused here: it is the credential for the files, not for
 * managing them.
 *
 * <p>Passwords have their own failure budget (a {@link FailureLimiter} of their own, per client
 * address group and per login tried). A password is guessable and its check is slow on purpose, so
 * unlike a token it is not even checked while the client's address or the login waits: 429 at once,
 * whatever the password. At most {@code maxChecks} bcrypt checks run at once; a request beyond them
 * gets 503 with {@code Retry-After} at once, without a check, so that a password flood holds at most
 * that many CPUs and token traffic keeps the rest.
 */
public final class PasswordCheck {

    private static final Logger AUDIT = LoggerFactory.getLogger("patgate.audit");

    private final UserDirectory users;
    private final FailureLimiter limiter;
    private final Semaphore checks;

    /**
     * @param limiter the password budget; not the token filter's
     * @param maxChecks bcrypt checks at once, at least 1
     */
    public PasswordCheck(UserDirectory users, FailureLimiter limiter, int maxChecks) {
        this(users, limiter, new Semaphore(checkedMax(maxChecks)));
    }

    /** @param checks the check slots, one permit each (tests take them to fill the slots) */
    PasswordCheck(UserDirectory users, FailureLimiter limiter, Semaphore checks) {
        this.users = Objects.requireNonNull(users);
        this.limiter = Objects.requireNonNull(limiter);
        this.checks = Objects.requireNonNull(checks);
    }

    private static int checkedMax(int maxChecks) {
        if (maxChecks < 1) {
            throw new IllegalArgumentException("max checks must be at least 1");
        }
        return maxChecks;
    }

    /**
     * @return the caller's login, after its password matched
     * @throws ApiError 401 (no, wrong or token credentials), 400 (a malformed header), 429 (the
     *         address or the login waits) or 503 (every password check slot is busy)
     */
    String authenticate(HttpServletRequest request) throws ApiError {
        String client = request.getRemoteAddr();
        Credentials credentials;
        try {
            credentials = CredentialExtractor.extract(request);
        } catch (Refusal e) {
            refuseIfWaiting(request, client, null);
            limiter.recordFailure(client, null);
            audit(request, client, null, "malformed Authorization header");
            throw ApiError.badRequest("malformed Authorization header");
        }
        if (credentials == null) {
            throw ApiError.unauthorized("give your login and password (basic auth)");
        }
        if (!(credentials instanceof Credentials.Basic basic)) {
            throw ApiError.unauthorized("a token cannot be used here: give your login and password (basic auth)");
        }
        char[] password = basic.password().toCharArray();
        try {
            return verify(request, client, basic.username(), password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * The answer to a sign-in with a login and password typed into a form (the self-service page):
     * {@code login} when the password matched, else the status, error code and message of the
     * refusal, as the token API would answer it.
     *
     * @param retryAfterSeconds for {@code Retry-After}, -1 for none
     */
    public record SignIn(String login, int status, String error, String message, long retryAfterSeconds) {
        /** Whether the password matched. */
        public boolean accepted() {
            return login != null;
        }
    }

    /**
     * Checks a login and password given in a form (not in a header), with the same budget, check
     * slots and audit lines as {@link #authenticate}: a failed sign-in counts towards the password
     * limits. The caller clears {@code password} afterwards.
     */
    public SignIn signIn(HttpServletRequest request, String login, char[] password) {
        try {
            String verified = verify(request, request.getRemoteAddr(), login, password);
            return new SignIn(verified, 200, null, null, -1);
        } catch (ApiError e) {
            return new SignIn(null, e.status(), e.code(), e.getMessage(), e.retryAfterSeconds());
        }
    }

    private String verify(HttpServletRequest request, String client, String login, char[] password) throws ApiError {
        refuseIfWaiting(request, client, login);
        if (!checks.tryAcquire()) {
            audit(request, client, login, "password checks busy");
            throw ApiError.busy();
        }
        boolean verified;
        try {
            verified = users.verifyPassword(login, password);
        } finally {
            checks.release();
        }
        if (!verified) {
            limiter.recordFailure(client, login);
            audit(request, client, login, "wrong login or password");
            throw ApiError.unauthorized("wrong login or password");
        }
        return login;
    }

    /** Whether {@code login} is an admin. */
    public boolean isAdmin(String login) {
        return users.isAdmin(login);
    }

    private void refuseIfWaiting(HttpServletRequest request, String client, String login) throws ApiError {
        Refusal.RateLimited waiting = limiter.blocked(client, login);
        if (waiting != null) {
            audit(request, client, login, "too many failures");
            throw ApiError.rateLimited(waiting.retryAfterSeconds());
        }
    }

    private static void audit(HttpServletRequest request, String client, String login, String reason) {
        AUDIT.info(
                "outcome=refused reason=\"{}\" login={} path={} client={} method={}",
                reason,
                login == null ? "-" : login,
                request.getRequestURI(),
                client,
                request.getMethod());
    }
}
