package dev.patgate.gateway;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.auth.CredentialExtractor;
import dev.patgate.auth.Credentials;
import dev.patgate.auth.Refusal;
import dev.patgate.auth.TokenAuthenticator;
import dev.patgate.auth.TokenIssuer;
import dev.patgate.auth.UserGate;
import dev.patgate.filter.BackgroundTasks;
import dev.patgate.filter.Patgate;
import dev.patgate.gateway.api.CellsTokenApiServlet;
import dev.patgate.gateway.api.MetricsServlet;
import dev.patgate.gateway.api.PasswordCheck;
import dev.patgate.gateway.api.TokenApiServlet;
import dev.patgate.gateway.cells.CellsUpstream;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.IdentityMode;
import dev.patgate.gateway.config.ScopesConfig;
import dev.patgate.gateway.identity.IdentitySigner;
import dev.patgate.gateway.identity.UpstreamIdentity;
import dev.patgate.gateway.observe.AccessLog;
import dev.patgate.gateway.observe.Exchange;
import dev.patgate.gateway.observe.ExchangeLog;
import dev.patgate.gateway.observe.GatewayMetrics;
import dev.patgate.gateway.observe.MetricsListener;
import dev.patgate.gateway.observe.Readiness;
import dev.patgate.gateway.observe.ReadinessServlet;
import dev.patgate.gateway.proxy.GatewayServer;
import dev.patgate.gateway.scope.BackendLockResolver;
import dev.patgate.gateway.scope.BackendNodeResolver;
import dev.patgate.gateway.users.UserDirectory;
import dev.patgate.gateway.users.UserDirectoryWatcher;
import dev.patgate.scope.CachingNodeResolver;
import dev.patgate.scope.NodeResolver;
import dev.patgate.scope.ScopeAuthorizer;
import dev.patgate.store.TokenStore;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the {@link Deployment}, the token filter with its background work, and the
 * Jetty server. Start one with {@link #start}; {@link #close()} stops it gracefully, flushes pending
 * token uses and closes the store.
 *
 * <pre>
 * GatewayConfig config = GatewayConfig.defaults(home)
 *         .withListen(ListenConfig.DEFAULT.withPort(0))
 *         .withUpstream(UpstreamConfig.DEFAULT.withUrl(backend));
 * try (Gateway gateway = Gateway.start(config, clock)) {
 *     String token = gateway.issuer().issue(request).plaintext();
 *     // talk HTTP to gateway.uri()
 * }
 * </pre>
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Deployment deployment;
    private final Patgate patgate;
    private final GatewayServer server;
    private final UserDirectoryWatcher usersWatcher;
    private final BackgroundTasks usersChecks;
    private final Observers observers;
    private final CellsUpstream cells;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Gateway(
            Deployment deployment,
            Patgate patgate,
            GatewayServer server,
            UserDirectoryWatcher usersWatcher,
            BackgroundTasks usersChecks,
            Observers observers,
            CellsUpstream cells) {
        this.cells = cells;
        this.deployment = deployment;
        this.patgate = patgate;
        this.server = server;
        this.usersWatcher = usersWatcher;
        this.usersChecks = usersChecks;
        this.observers = observers;
    }

    /**
     * What watches the gateway: metrics, readiness, the access log and the metrics listener, closed
     * after the server has stopped (so that the last requests are still logged and counted).
     */
    private static final class Observers implements AutoCloseable {
        final GatewayMetrics metrics;
        final Readiness readiness;
        AccessLog accessLog;
        MetricsListener metricsListener;

        Observers(GatewayMetrics metrics, Readiness readiness) {
            this.metrics = metrics;
            this.readiness = readiness;
        }

        @Override
        public void close() {
            if (metricsListener != null) {
                metricsListener.close();
            }
            if (accessLog != null) {
                accessLog.close();
            }
            readiness.close();
            metrics.close();
        }
    }

    /**
     * Opens the deployment, creates {@code identity.key} when missing, and starts serving.
     *
     * @param clock drives token expiry and the identity assertions
     * @throws IOException when the server cannot listen
     * @throws dev.patgate.gateway.config.ConfigException when the users or keys cannot be used
     * @throws dev.patgate.store.StoreException when the store cannot be opened
     */
    public static Gateway start(GatewayConfig config, Clock clock) throws IOException {
        String metricsSecret = MetricsListener.secret(config.metrics(), System.getenv());
        Deployment deployment = Deployment.open(config, clock);
        Patgate patgate = null;
        BackgroundTasks usersChecks = null;
        Observers observers = new Observers(
                new GatewayMetrics(
                        config.routes(),
                        config.tokens().cellsApi().answeredIn(config.upstream().identity())
                                ? CellsTokenApiServlet::answers
                                : path -> false),
                new Readiness(
                        deployment.store(),
                        config.upstream().url(),
                        config.upstream().connectTimeout(),
                        clock));
        GatewayMetrics metrics = observers.metrics;
        try {
            CellsUpstream cells = config.upstream().identity() == IdentityMode.CELLS
                    ? CellsUpstream.open(config, System.getenv(), clock)
                    : null;
            UpstreamIdentity identity = cells != null ? cells.identity() : identity(config, clock);
            BackendNodeResolver backend = backend(config, identity);
            patgate = Patgate.builder()
                    .decisionListener(metrics.decisions())
                    .store(deployment.store())
                    .digester(deployment.digester())
                    .clock(clock)
                    .cacheMaximumSize(config.tokens().cacheMaximumSize())
                    .preload(config.tokens().preload())
                    .flushInterval(config.tokens().flushInterval())
                    .revocationPollInterval(config.tokens().revocationPollInterval())
                    .outageGrace(config.store().outageGrace())
                    .failureLimit(config.limits().tokens().policy())
                    .realm(Patgate.DEFAULT_REALM)
                    .authorizer(scopeAuthorizer(config, backend, identity, clock))
                    .users(cells == null ? deployment.users() : cellsGate(deployment.users(), cells.users()))
                    .build();
            patgate.start();
            Patgate started = patgate;
            PasswordCheck passwords = new PasswordCheck(
                    deployment.users(),
                    patgate.failureLimiter(
                            "password", config.limits().passwords().policy()),
                    config.limits().passwordChecks());
            TokenApiServlet tokenApi = new TokenApiServlet(
                    deployment.users(),
                    deployment.store(),
                    deployment.issuer(),
                    scopeCheck(backend),
                    id -> started.authenticator().invalidate(List.of(id)),
                    passwords,
                    clock,
                    cells == null ? TokenApiServlet.OwnerCheck.NONE : owner -> cellsProblem(cells, owner));
            LongAdder upstreamFailures = new LongAdder();
            metrics.bindOutcomes(patgate.outcomes());
            metrics.bindTokenCache(started.authenticator());
            metrics.bindStore(deployment.store());
            metrics.bindStoreHealth(patgate);
            metrics.bindUpstreamFailures(upstreamFailures::sum);
            Map<String, jakarta.servlet.Servlet> own = new java.util.LinkedHashMap<>();
            own.put(TokenApiServlet.PATH, tokenApi);
            own.put(TokenApiServlet.PATH + "/*", tokenApi);
            if (config.page().enabled()) {
                own.putAll(dev.patgate.gateway.page.Page.servlets(
                        config.page(),
                        tokenApi,
                        passwords,
                        deployment.users(),
                        config.upstream().url(),
                        config.scopes().webdav().isEmpty()
                                ? "/dav/"
                                : config.scopes().webdav().get(0),
                        identity,
                        config.upstream().connectTimeout(),
                        clock));
            }
            boolean cellsApi =
                    config.tokens().cellsApi().answeredIn(config.upstream().identity());
            if (cellsApi) {
                CellsTokenApiServlet cellsTokenApi = new CellsTokenApiServlet(tokenApi);
                CellsTokenApiServlet.PATHS.forEach(path -> own.put(path, cellsTokenApi));
            }
            own.put(ReadinessServlet.PATH, new ReadinessServlet(observers.readiness));
            if (metricsSecret != null) {
                own.put(MetricsServlet.PATH, new MetricsServlet(metrics::scrape, metricsSecret));
            }
            observers.accessLog = AccessLog.open(config.accessLog());
            List<java.util.function.Consumer<Exchange>> exchangeConsumers =
                    observers.accessLog == null ? List.of(metrics) : List.of(observers.accessLog, metrics);
            GatewayServer server = GatewayServer.start(
                    config.listen(),
                    config.clients(),
                    config.upstream(),
                    config.routes(),
                    patgate.filter(),
                    identity,
                    own,
                    upstreamFailures,
                    wholeBodies(config.scopes(), cellsApi),
                    request -> credentialAccepted(request, started.authenticator(), deployment.users(), cellsApi),
                    new ExchangeLog(exchangeConsumers));
            if (config.metrics().bind() != null) {
                try {
                    observers.metricsListener =
                            MetricsListener.start(config.metrics(), new MetricsServlet(metrics::scrape, metricsSecret));
                } catch (IOException e) {
                    server.close();
                    throw e;
                }
            }
            UserDirectoryWatcher usersWatcher = new UserDirectoryWatcher(deployment.users());
            usersChecks = BackgroundTasks.daemonThread("patgate-users");
            usersChecks.every(config.tokens().usersCheckInterval(), () -> checkQuietly(usersWatcher));
            Gateway gateway = new Gateway(deployment, patgate, server, usersWatcher, usersChecks, observers, cells);
            if (cells != null) {
                usersChecks.every(cells.config().usersCheckInterval(), gateway::checkCellsQuietly);
            }
            LOG.info(
                    "patgate listening on {}{}{}, forwarding {} to {} (identity: {})",
                    server.uri(),
                    gateway.publicUri().equals(server.uri()) ? "" : " as " + gateway.publicUri(),
                    server.redirectPort() < 0 ? "" : " (port " + server.redirectPort() + " redirects to HTTPS)",
                    String.join(" ", config.routes()),
                    config.upstream().url(),
                    config.upstream().identity());
            LOG.info("metrics: {}", metricsWhere(server, metricsSecret != null, observers.metricsListener));
            return gateway;
        } catch (IOException | RuntimeException e) {
            if (usersChecks != null) {
                usersChecks.close();
            }
            if (patgate != null) {
                patgate.close();
            }
            observers.close();
            deployment.close();
            throw e;
        }
    }

    /**
     * Upstream mode cells: a user disabled in the user directory stays disabled; otherwise Cells
     * says (exists, not locked). A user need not be in the directory to use tokens in this mode.
     */
    private static UserGate cellsGate(UserDirectory directory, UserGate cells) {
        return login -> directory.standing(login) == UserGate.Standing.DISABLED
                ? UserGate.Standing.DISABLED
                : cells.standing(login);
    }

    /** Why Cells refuses a token for {@code owner} ({@code null}: it does not); throws when it cannot be asked. */
    private static String cellsProblem(CellsUpstream cells, String owner) {
        return switch (cells.check(owner)) {
            case ACTIVE -> null;
            case DISABLED -> "the user is locked in Cells";
            case UNKNOWN -> "no such user in Cells";
        };
    }

    private void checkCellsQuietly() {
        try {
            checkCells();
        } catch (RuntimeException e) {
            LOG.warn("Cells upkeep failed: {}", e.toString());
        }
    }

    /**
     * Upstream mode cells: asks Cells now about every user seen (deleted, locked), renews the Cells
     * tokens due for renewal, and revokes at Cells those of users with no live patgate token left.
     * The gateway does this by itself every {@code upstream.cells.users_check_interval}; tests call
     * it to avoid waiting. Does nothing in the other modes.
     */
    public void checkCells() {
        if (cells == null) {
            return;
        }
        patgate.flush();
        cells.refreshUsers();
        java.time.Instant now = deployment.clock().instant();
        cells.maintain(
                login -> deployment.store().findByLogin(login).stream().anyMatch(record -> record.isValidAt(now)));
    }

    private static void checkQuietly(UserDirectoryWatcher watcher) {
        try {
            watcher.check();
        } catch (RuntimeException e) {
            LOG.warn("checking the user directory failed: {}", e.toString());
        }
    }

    /** Where the metrics are served, for the start line; {@code off} with how to turn them on. */
    private static String metricsWhere(GatewayServer server, boolean secret, MetricsListener listener) {
        if (!secret && listener == null) {
            return "off (set metrics.token_file, metrics.token_env or metrics.bind)";
        }
        StringBuilder where = new StringBuilder();
        if (secret) {
            where.append(server.uri()).append(MetricsServlet.PATH).append(" (bearer secret)");
        }
        if (listener != null) {
            where.append(secret ? ", " : "").append(listener.uri()).append(MetricsServlet.BIND_PATH);
        }
        return where.toString();
    }

    private static ScopeAuthorizer scopeAuthorizer(
            GatewayConfig config, BackendNodeResolver backend, UpstreamIdentity identity, Clock clock) {
        ScopesConfig scopes = config.scopes();
        CachingNodeResolver resolver = new CachingNodeResolver(
                backend, scopes.resolutionTtl(), config.tokens().cacheMaximumSize(), clock);
        BackendLockResolver locks = new BackendLockResolver(
                config.upstream().url(), identity, config.upstream().connectTimeout());
        return new ScopeAuthorizer(scopes.webdav(), scopes.rest(), resolver, locks, scopes.maxBody());
    }

    /**
     * Whether the reader of a body read ahead would accept this request's credential, checked before
     * the body is read so that a refusal comes before {@code 100 Continue}: on the token API a
     * password for a user the directory knows (the password itself is checked once, by the API), on
     * a route a token the authenticator accepts. Answers false on anything it cannot check.
     */
    private static boolean credentialAccepted(
            org.eclipse.jetty.server.Request request,
            TokenAuthenticator authenticator,
            UserDirectory users,
            boolean cellsApi) {
        try {
            Credentials credentials = CredentialExtractor.parse(
                    request.getHeaders().getValuesList(org.eclipse.jetty.http.HttpHeader.AUTHORIZATION),
                    request.getHttpURI().getQuery());
            if (credentials == null) {
                return false;
            }
            String path = request.getHttpURI().getPath();
            if (path.startsWith(TokenApiServlet.PATH) || cellsApi && CellsTokenApiServlet.answers(path)) {
                return credentials instanceof Credentials.Basic basic && users.isActive(basic.username());
            }
            authenticator.authenticate(credentials, org.eclipse.jetty.server.Request.getRemoteAddr(request));
            return true;
        } catch (Refusal | RuntimeException e) {
            return false;
        }
    }

    /**
     * The requests whose JSON body the scope check reads whole: those a REST route with a body
     * field describes; up to {@code scopes.max_body} bytes. With Cells' token API on, its bodies too.
     */
    private static java.util.function.ToIntBiFunction<String, String> wholeBodies(
            ScopesConfig scopes, boolean cellsApi) {
        List<dev.patgate.scope.RestRoute> withBody = scopes.rest().stream()
                .filter(route -> route.bodyField() != null)
                .toList();
        int limit = scopes.maxBody();
        // asked for every request that has a body: a plain loop, no stream allocated per request
        return (method, rawPath) -> {
            if (cellsApi && CellsTokenApiServlet.answers(rawPath)) {
                return CellsTokenApiServlet.MAX_BODY;
            }
            for (dev.patgate.scope.RestRoute route : withBody) {
                if (route.matches(method, rawPath)) {
                    return limit;
                }
            }
            return -1;
        };
    }

    /** Asks the backend, as a token's user, where a node is: for scope checks and token creation. */
    private static BackendNodeResolver backend(GatewayConfig config, UpstreamIdentity identity) {
        return new BackendNodeResolver(
                config.upstream().url(),
                config.scopes().resolvePath(),
                identity,
                config.upstream().connectTimeout());
    }

    /**
     * Where nodes are now, asked of the backend as a token's user: for {@code admin token list}, which
     * shows each scope's current path. Throws when the backend cannot be asked.
     */
    public static NodeResolver nodeResolver(GatewayConfig config, UpstreamIdentity identity) {
        return backend(config, identity);
    }

    /**
     * Whether a scope's node exists for a user, asked of the backend as that user, as the CLI's
     * {@code -s} check does. Throws when the backend cannot be asked.
     */
    public static TokenApiServlet.ScopeCheck scopeCheck(GatewayConfig config, UpstreamIdentity identity) {
        return scopeCheck(backend(config, identity));
    }

    private static TokenApiServlet.ScopeCheck scopeCheck(BackendNodeResolver backend) {
        return (login, scope) -> backend.resolve(scope.nodeUuid(), new AuthenticatedToken(login, "-", List.of(), null))
                .isPresent();
    }

    /**
     * Signs the upstream identity per request; in mode {@code none}, {@link UpstreamIdentity#NONE} (no
     * header); in mode {@code cells}, the users' Cells credentials (for the CLI's scope checks).
     */
    public static UpstreamIdentity identity(GatewayConfig config, Clock clock) {
        return identity(config, clock, System.getenv());
    }

    /** As {@link #identity(GatewayConfig, Clock)}, reading {@code upstream.cells.admin_token_env} from {@code env}. */
    public static UpstreamIdentity identity(GatewayConfig config, Clock clock, Map<String, String> env) {
        if (config.upstream().identity() == IdentityMode.CELLS) {
            return CellsUpstream.open(config, env, clock).identity();
        }
        byte[] key = Deployment.key(config.identityKeyFile());
        if (config.upstream().identity() == IdentityMode.NONE) {
            return UpstreamIdentity.NONE;
        }
        return new IdentitySigner(key, clock);
    }

    /** The port the gateway listens on. */
    public int port() {
        return server.port();
    }

    /** {@code http://host:port} of the gateway. */
    public URI uri() {
        return server.uri();
    }

    /**
     * The URL to tell people: {@code listen.public_url} when set, else {@link #uri()}. WebDAV
     * {@code Destination} headers must name the public URL when it is set.
     */
    public URI publicUri() {
        URI configured = deployment.config().listen().publicUri();
        return configured != null ? configured : server.uri();
    }

    /** The port of the plain-HTTP listener that only redirects to HTTPS, or -1 when there is none. */
    public int redirectPort() {
        return server.redirectPort();
    }

    /**
     * Reads the TLS certificate files now and serves a renewed certificate to new connections. The
     * gateway does this by itself every {@code listen.tls.reload_interval}; tests call it to avoid waiting.
     *
     * @return whether a new certificate is now served
     */
    public boolean checkCertificate() {
        return server.checkCertificate();
    }

    /** Creates tokens in the gateway's store (for tests and the demo). */
    public TokenIssuer issuer() {
        return deployment.issuer();
    }

    public TokenStore store() {
        return deployment.store();
    }

    public UserDirectory users() {
        return deployment.users();
    }

    public GatewayConfig config() {
        return deployment.config();
    }

    /** Writes pending sliding uses to the store now. */
    public void flush() {
        patgate.flush();
    }

    /**
     * Shares failure counts with the other instances now: writes this one's, reads back everyone's.
     * The gateway does this by itself every 200 ms; tests call it to avoid waiting.
     *
     * @return whether the store answered
     */
    public boolean syncFailures() {
        return patgate.syncFailures();
    }

    /**
     * Picks up revocations made elsewhere now. The gateway does this by itself every
     * {@code tokens.revocation_poll_interval}; tests call it to avoid waiting.
     */
    public void pollRevocations() {
        patgate.pollRevocations();
    }

    /**
     * Reads the user directory's file again now, as SIGHUP does: a valid file is taken at once; a bad
     * one keeps the current directory and logs one line. The gateway also does this by itself when
     * the file changes ({@code tokens.users_check_interval}).
     *
     * @return whether the file was valid and taken
     */
    public boolean reloadUsers() {
        return usersWatcher.reload();
    }

    /**
     * Looks whether the user directory's file changed, and reloads it if so, now rather than at the
     * next periodic check (for tests).
     *
     * @return whether the directory's content changed
     */
    public boolean checkUsers() {
        return usersWatcher.check();
    }

    /** The request bodies being read whole before the filter runs, now (tests and metrics). */
    public int bodiesBeingRead() {
        return server.bodiesBeingRead();
    }

    /** {@code http://host:port} of the metrics listener ({@code metrics.bind}); {@code null} without one. */
    public URI metricsListenerUri() {
        return observers.metricsListener == null ? null : observers.metricsListener.uri();
    }

    /** Blocks until the gateway has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops gracefully (requests in flight may finish), flushes token uses, closes the store. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("patgate stopping");
        usersChecks.close();
        try {
            server.close();
        } finally {
            try {
                patgate.close();
            } finally {
                try {
                    observers.close();
                } finally {
                    deployment.close();
                }
            }
        }
        LOG.info("patgate stopped");
    }
}
