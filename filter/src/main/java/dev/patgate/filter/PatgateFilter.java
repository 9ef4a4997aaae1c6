package dev.patgate.filter;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.auth.CredentialExtractor;
import dev.patgate.auth.Credentials;
import dev.patgate.auth.FailureLimiter;
import dev.patgate.auth.Refusal;
import dev.patgate.auth.TokenAuthenticator;
import dev.patgate.scope.Authorizer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token filter: extract credentials, authenticate, authorize, forward — or refuse with the
 * documented status and challenge. A request that passes carries its {@link AuthenticatedToken} as
 * request attribute {@link AuthenticatedToken#ATTRIBUTE}, and the rest of the chain no longer sees
 * its {@code Authorization} header.
 *
 * <p>The credential is always checked before the failure limiter is asked anything, so a valid token
 * is served whatever its address or login has failed before: checking it costs a CRC and an HMAC,
 * and refusing it would protect nothing. A request that fails (malformed credentials; an unknown,
 * wrong, expired or revoked token; a basic-auth username that is not the token's owner) is counted
 * against its client address group and the login tried, and answered 429 instead of 400/401 while
 * either is over its budget. The one costly step, reading a token that is not cached from the store,
 * is skipped with 429 while the address group or basic-auth login is over budget.
 *
 * <p>Every outcome writes one line to the {@code patgate.audit} logger: outcome, reason, user (the
 * token's owner when known), token id, client address, method; a refusal also names the login tried
 * ({@code login=}: the basic-auth username, else the token's owner). Never the secret, the password,
 * or the decoded basic-auth value.
 */
public final class PatgateFilter implements Filter {

    private static final Logger audit = LoggerFactory.getLogger("patgate.audit");

    private final TokenAuthenticator authenticator;
    private final Authorizer authorizer;
    private final FailureLimiter limiter;
    private final ChallengeWriter challenges;
    private final RequestOutcomes outcomes;

    PatgateFilter(
            TokenAuthenticator authenticator,
            Authorizer authorizer,
            FailureLimiter limiter,
            String realm,
            RequestOutcomes outcomes) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.limiter = limiter;
        this.challenges = new ChallengeWriter(realm);
        this.outcomes = outcomes;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        long started = System.nanoTime();
        String client = request.getRemoteAddr();
        Credentials credentials = null;
        AuthenticatedToken token;
        HttpServletRequest forward;
        try {
            credentials = credentials(request);
            token = authenticator.authenticate(credentials, client);
            forward = authorizer.authorize(new WithoutAuthorization(request), token);
        } catch (Refusal refusal) {
            refuse(request, response, limited(refusal, client, credentials), credentials, started);
            return;
        }
        audit.info(
                "outcome=accepted user={} token={} client={} method={}",
                token.login(),
                token.tokenId(),
                client,
                request.getMethod());
        outcomes.accepted(System.nanoTime() - started);
        ExpiryHeaders.write(response, token);
        request.setAttribute(AuthenticatedToken.ATTRIBUTE, token);
        Authorizer.Completion completion = authorizer.forwarding(forward);
        if (completion == Authorizer.Completion.NONE) {
            chain.doFilter(forward, response); // nothing to tell at the end: no listener to add
            return;
        }
        try {
            chain.doFilter(forward, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new AfterForward(completion));
            } else {
                completion.completed();
            }
        }
    }

    private static Credentials credentials(HttpServletRequest request) throws Refusal {
        Credentials credentials = CredentialExtractor.extract(request);
        if (credentials == null) {
            throw Refusal.missing();
        }
        return credentials;
    }

    /**
     * Counts a failure against the client's address group and the login tried, and turns it into
     * 429 when either was already over budget. Any other refusal is returned as it is.
     */
    private Refusal limited(Refusal refusal, String client, Credentials credentials) {
        if (!refusal.countsAsFailure()) {
            return refusal;
        }
        String login = credentials instanceof Credentials.Basic basic ? basic.username() : refusal.login();
        Refusal.RateLimited overBudget = limiter.blocked(client, login);
        limiter.recordFailure(client, login);
        if (overBudget == null) {
            return refusal;
        }
        return Refusal.rateLimited(
                overBudget.retryAfterSeconds(), "too many failures: " + refusal.reason(), refusal.tokenId(), login);
    }

    private static String basicLogin(Credentials credentials) {
        return credentials instanceof Credentials.Basic basic ? basic.username() : null;
    }

    private void refuse(
            HttpServletRequest request,
            HttpServletResponse response,
            Refusal refusal,
            Credentials credentials,
            long started)
            throws IOException {
        String client = request.getRemoteAddr();
        outcomes.refused(refusal.outcome(), System.nanoTime() - started);
        String tried = basicLogin(credentials);
        audit.info(
                "outcome={} reason=\"{}\" user={} login={} token={} client={} method={}",
                refusal.outcome().label(),
                refusal.reason(),
                orDash(refusal.login()),
                orDash(tried != null ? tried : refusal.login()),
                orDash(refusal.tokenId()),
                client,
                request.getMethod());
        challenges.write(request, response, refusal);
    }

    /** Tells the authorizer when an asynchronous exchange is over, however it ended. */
    private record AfterForward(Authorizer.Completion completion) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            completion.completed();
        }

        @Override
        public void onTimeout(AsyncEvent event) {}

        @Override
        public void onError(AsyncEvent event) {}

        @Override
        public void onStartAsync(AsyncEvent event) {}
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    /** Hides the {@code Authorization} header from everything after the filter. */
    private static final class WithoutAuthorization extends HttpServletRequestWrapper {

        WithoutAuthorization(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return isAuthorization(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return isAuthorization(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            java.util.List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(WithoutAuthorization::isAuthorization);
            return Collections.enumeration(names);
        }

        private static boolean isAuthorization(String name) {
            return "Authorization".equalsIgnoreCase(name);
        }
    }
}
