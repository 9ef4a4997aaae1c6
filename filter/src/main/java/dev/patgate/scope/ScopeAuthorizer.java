package dev.patgate.scope;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.auth.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Enforces node scopes (DESIGN.md, "Node scopes"). An unscoped token passes: it acts as its user and
 * the backend's ACLs decide. A scoped token may act on a scoped node and everything below it, with
 * that scope's permissions, and on nothing else. {@link RequestTargets} says where a request acts
 * (a REST request no route describes is refused, as is one its route marks {@code refused}; OPTIONS
 * is no exception, its target must be inside a scope), {@link ScopeMatcher} holds those targets to the token's scopes, {@link LockChecks} holds
 * the locks the request names to them, and {@link DecisionCache} remembers what was allowed.
 *
 * <p>Every request that can move, remove or replace a node, for any token, is announced to the
 * resolutions' {@link ChangeTracker} when forwarded and again when over, so that nothing decided
 * before or during the change is used after it.
 */
public final class ScopeAuthorizer implements Authorizer {

    /** Headers some frameworks read to run another method than the request line's. */
    private static final List<String> METHOD_OVERRIDES =
            List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");
    /** WebDAV methods that never move, remove or replace an existing node (creating one is harmless). */
    private static final Set<String> NON_REPLACING =
            Set.of("GET", "HEAD", "OPTIONS", "PROPFIND", "REPORT", "PROPPATCH", "MKCOL", "LOCK", "UNLOCK");
    /** REST methods that change nothing when no route says otherwise. */
    private static final Set<String> REST_SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final RequestTargets targets;
    private final ScopeMatcher scopes;
    private final LockChecks lockChecks;
    private final DecisionCache decisions;
    private final NodeChangeListener changes;

    /**
     * @param webdavPrefixes path prefixes (starting and ending with {@code /}) below which the path is
     *        a node path, e.g. {@code /dav/}
     * @param restRoutes the REST route table
     * @param maxBodyBytes the largest body read to find targets; a larger one gets 413
     */
    public ScopeAuthorizer(
            List<String> webdavPrefixes, List<RestRoute> restRoutes, CachingNodeResolver resolver, int maxBodyBytes) {
        this(webdavPrefixes, restRoutes, resolver, LockResolver.NONE, maxBodyBytes);
    }

    /**
     * @param locks finds the roots of the locks a scoped request names; {@link LockResolver#NONE}
     *        refuses every such request
     */
    public ScopeAuthorizer(
            List<String> webdavPrefixes,
            List<RestRoute> restRoutes,
            CachingNodeResolver resolver,
            LockResolver locks,
            int maxBodyBytes) {
        Objects.requireNonNull(resolver, "resolver must not be null");
        this.targets = new RequestTargets(webdavPrefixes, restRoutes, maxBodyBytes);
        this.scopes = new ScopeMatcher(resolver);
        this.lockChecks = new LockChecks(Objects.requireNonNull(locks, "locks must not be null"), targets, scopes);
        this.decisions = DecisionCache.following(resolver, 100_000);
        this.changes = resolver.changes();
    }

    @Override
    public HttpServletRequest authorize(HttpServletRequest request, AuthenticatedToken token) throws Refusal {
        if (!token.isScoped()) {
            return request;
        }
        for (String header : METHOD_OVERRIDES) {
            if (request.getHeader(header) != null) {
                // a backend that honours it would run another method than the one authorized
                throw Refusal.invalidRequest("method override header with a scoped token", token);
            }
        }
        String method = request.getMethod();
        String rawPath = request.getRequestURI();
        String webdavPrefix = targets.webdavPrefix(rawPath);
        RestRoute route = webdavPrefix == null ? targets.restRoute(method, rawPath) : null;
        if (webdavPrefix == null && route == null) {
            throw Refusal.insufficientScope("no REST route describes this request", token, null);
        }
        if (route != null && route.refused()) {
            throw Refusal.insufficientScope("endpoint refused for scoped tokens", token, null);
        }
        long generation = decisions.generation();
        DecisionCache.Key key = DecisionCache.keyFor(
                request, token, method, rawPath, webdavPrefix == null && route.bodyField() != null);
        if (key != null && decisions.isAllowed(key)) {
            return request;
        }
        try {
            HttpServletRequest forward = webdavPrefix != null
                    ? authorizeWebDav(request, token, method, rawPath, webdavPrefix)
                    : authorizeRest(request, token, route, rawPath);
            if (key != null) {
                decisions.allow(key, generation);
            }
            return forward;
        } catch (BackendUnavailableException e) {
            throw Refusal.upstreamUnavailable("scope resolution failed: " + e.getMessage(), token);
        }
    }

    private HttpServletRequest authorizeWebDav(
            HttpServletRequest request, AuthenticatedToken token, String method, String rawPath, String prefix)
            throws Refusal {
        scopes.requireAll(targets.webDav(request, token, method, rawPath, prefix), token);
        lockChecks.authorize(request, token, rawPath, prefix);
        return request;
    }

    private HttpServletRequest authorizeRest(
            HttpServletRequest request, AuthenticatedToken token, RestRoute route, String rawPath) throws Refusal {
        if (request.getHeader("If") != null || request.getHeader("Lock-Token") != null) {
            throw Refusal.insufficientScope("lock headers on a REST request", token, "write");
        }
        RequestTargets.Found found = targets.rest(request, token, route, rawPath);
        scopes.requireAll(found.targets(), token);
        return found.forward();
    }

    /**
     * Announces a request that can change nodes to the {@link ChangeTracker}; see
     * {@link #changesNodes}. The completion ends the change, once.
     */
    @Override
    public Completion forwarding(HttpServletRequest forward) {
        if (!changesNodes(forward)) {
            return Completion.NONE;
        }
        changes.changeStarted();
        AtomicBoolean over = new AtomicBoolean();
        return () -> {
            if (over.compareAndSet(false, true)) {
                changes.changeCompleted();
            }
        };
    }

    /**
     * Whether the request can move, remove or replace an existing node, whoever sends it: every WebDAV
     * method but those in {@link #NON_REPLACING} (so unknown and extension methods such as REBIND
     * count), except a COPY whose {@code Overwrite} is exactly {@code F}; a REST route marked
     * {@code invalidates}, and any REST request no route describes other than GET, HEAD and OPTIONS.
     * A request carrying a method override header counts too: the backend might honour it.
     */
    private boolean changesNodes(HttpServletRequest request) {
        for (String header : METHOD_OVERRIDES) {
            if (request.getHeader(header) != null) {
                return true;
            }
        }
        String method = request.getMethod();
        String rawPath = request.getRequestURI();
        if (targets.webdavPrefix(rawPath) != null) {
            if ("COPY".equals(method)) {
                List<String> overwrite = Collections.list(request.getHeaders("Overwrite"));
                return !(overwrite.size() == 1 && overwrite.get(0).trim().equals("F"));
            }
            return !NON_REPLACING.contains(method);
        }
        RestRoute route = targets.restRoute(method, rawPath);
        return route != null ? route.invalidates() : !REST_SAFE.contains(method);
    }
}
