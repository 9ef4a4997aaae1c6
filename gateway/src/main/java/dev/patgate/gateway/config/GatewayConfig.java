package dev.patgate.gateway.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The whole gateway configuration, as read from {@code config/gateway.yaml} by {@link ConfigLoader}.
 * Immutable; paths are absolute. {@link #toString()} masks secrets.
 *
 * @param home {@code PATGATE_HOME}: relative paths in the file resolve against it
 * @param listen where to accept connections
 * @param upstream the backend
 * @param routes the path prefixes that are checked and proxied, each like {@code /dav/}; every other
 *        path but {@code /healthz} answers 404 without reaching the backend
 * @param dataDir where the keys ({@code token.key}, {@code identity.key}) and the SQLite file live
 * @param usersFile the user directory
 * @param store the token database
 * @param tokens token policy and caching
 * @param limits brute-force protection
 * @param scopes node-scope enforcement
 * @param clients what each client connection is granted (connections, deadlines, bodies in flight)
 * @param accessLog the access log's format and destination; its file, if any, is absolute
 * @param metrics who may read the metrics; its token file, if any, is absolute
 * @param page the self-service page at {@code /patgate/}
 */
public record GatewayConfig(
        Path home,
        ListenConfig listen,
        UpstreamConfig upstream,
        List<String> routes,
        Path dataDir,
        Path usersFile,
        StoreConfig store,
        TokensConfig tokens,
        LimitsConfig limits,
        ScopesConfig scopes,
        ClientsConfig clients,
        AccessLogConfig accessLog,
        MetricsConfig metrics,
        PageConfig page) {

    /** The routes of the demo backend and of Pydio Cells: WebDAV, the REST tree API, node lookups. */
    public static final List<String> DEFAULT_ROUTES = List.of("/dav/", "/a/", "/n/");
    /** The default {@code data_dir}, relative to PATGATE_HOME. */
    public static final String DEFAULT_DATA_DIR = "var";
    /** The default {@code users_file}, relative to PATGATE_HOME. */
    public static final String DEFAULT_USERS_FILE = "config/users.yaml";

    private static final Pattern ROUTE = Pattern.compile("(/[A-Za-z0-9._~-]+)+/");

    public GatewayConfig {
        Objects.requireNonNull(home, "home must not be null");
        Objects.requireNonNull(listen, "listen must not be null");
        Objects.requireNonNull(upstream, "upstream must not be null");
        Objects.requireNonNull(dataDir, "data_dir must not be null");
        Objects.requireNonNull(usersFile, "users_file must not be null");
        Objects.requireNonNull(store, "store must not be null");
        Objects.requireNonNull(tokens, "tokens must not be null");
        Objects.requireNonNull(limits, "limits must not be null");
        Objects.requireNonNull(scopes, "scopes must not be null");
        Objects.requireNonNull(clients, "clients must not be null");
        Objects.requireNonNull(accessLog, "access_log must not be null");
        Objects.requireNonNull(metrics, "metrics must not be null");
        Objects.requireNonNull(page, "page must not be null");
        routes = checkRoutes(routes);
        if (upstream.identity() == IdentityMode.CELLS && tokens.cellsApi() == CellsTokenApi.OFF) {
            // proxied, Cells' own token API would mint, with the user's Cells credential, Cells
            // tokens that no patgate revocation reaches: a token must never mint a token
            throw new IllegalArgumentException("tokens.cells_api: off is refused with upstream.identity: cells"
                    + " (patgate must answer Cells' token API itself; use auto or on)");
        }
        if (!home.isAbsolute() || !dataDir.isAbsolute() || !usersFile.isAbsolute()) {
            throw new IllegalArgumentException("home, data_dir and users_file must be absolute paths");
        }
    }

    /** Built-in defaults, with {@code home} as PATGATE_HOME. */
    public static GatewayConfig defaults(Path home) {
        return ConfigLoader.fromText("{}", "defaults", home, java.util.Map.of());
    }

    /** The file holding the key that digests token secrets. */
    public Path tokenKeyFile() {
        return dataDir.resolve("token.key");
    }

    /** The file holding the key that signs the upstream identity; the backend gets the same file. */
    public Path identityKeyFile() {
        return dataDir.resolve("identity.key");
    }

    public GatewayConfig withListen(ListenConfig newListen) {
        return copy(c -> c.listen = newListen);
    }

    public GatewayConfig withUpstream(UpstreamConfig newUpstream) {
        return copy(c -> c.upstream = newUpstream);
    }

    public GatewayConfig withUsersFile(Path newUsersFile) {
        return copy(c -> c.usersFile = newUsersFile);
    }

    public GatewayConfig withStore(StoreConfig newStore) {
        return copy(c -> c.store = newStore);
    }

    public GatewayConfig withTokens(TokensConfig newTokens) {
        return copy(c -> c.tokens = newTokens);
    }

    public GatewayConfig withLimits(LimitsConfig newLimits) {
        return copy(c -> c.limits = newLimits);
    }

    public GatewayConfig withScopes(ScopesConfig newScopes) {
        return copy(c -> c.scopes = newScopes);
    }

    public GatewayConfig withClients(ClientsConfig newClients) {
        return copy(c -> c.clients = newClients);
    }

    public GatewayConfig withAccessLog(AccessLogConfig newAccessLog) {
        return copy(c -> c.accessLog = newAccessLog);
    }

    public GatewayConfig withMetrics(MetricsConfig newMetrics) {
        return copy(c -> c.metrics = newMetrics);
    }

    public GatewayConfig withPage(PageConfig newPage) {
        return copy(c -> c.page = newPage);
    }

    /** A config's parts while it is copied with one of them changed; the record's constructor checks the result. */
    private static final class Parts {
        Path home;
        ListenConfig listen;
        UpstreamConfig upstream;
        List<String> routes;
        Path dataDir;
        Path usersFile;
        StoreConfig store;
        TokensConfig tokens;
        LimitsConfig limits;
        ScopesConfig scopes;
        ClientsConfig clients;
        AccessLogConfig accessLog;
        MetricsConfig metrics;
        PageConfig page;
    }

    private GatewayConfig copy(java.util.function.Consumer<Parts> change) {
        Parts c = new Parts();
        c.home = home;
        c.listen = listen;
        c.upstream = upstream;
        c.routes = routes;
        c.dataDir = dataDir;
        c.usersFile = usersFile;
        c.store = store;
        c.tokens = tokens;
        c.limits = limits;
        c.scopes = scopes;
        c.clients = clients;
        c.accessLog = accessLog;
        c.metrics = metrics;
        c.page = page;
        change.accept(c);
        return new GatewayConfig(
                c.home,
                c.listen,
                c.upstream,
                c.routes,
                c.dataDir,
                c.usersFile,
                c.store,
                c.tokens,
                c.limits,
                c.scopes,
                c.clients,
                c.accessLog,
                c.metrics,
                c.page);
    }

    private static List<String> checkRoutes(List<String> routes) {
        Objects.requireNonNull(routes, "routes must not be null");
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("routes must list at least one path prefix, like /dav/");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < routes.size(); i++) {
            String route = routes.get(i);
            if (route == null || !ROUTE.matcher(route).matches() || route.contains("/./") || route.contains("/../")) {
                throw new IllegalArgumentException("routes[" + i + "] must be a path prefix that starts and"
                        + " ends with / and names at least one segment, like /dav/");
            }
            if (route.equals("/healthz/") || route.equals("/readyz/")) {
                throw new IllegalArgumentException(
                        "routes[" + i + "] must not be /healthz/ or /readyz/ (the health checks)");
            }
            if (route.startsWith("/patgate/")) {
                throw new IllegalArgumentException("routes[" + i + "] must not be below /patgate/ (the token API)");
            }
            if (!seen.add(route)) {
                throw new IllegalArgumentException("routes[" + i + "] repeats " + route);
            }
        }
        return List.copyOf(routes);
    }
}
