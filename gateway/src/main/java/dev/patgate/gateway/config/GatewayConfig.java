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
        return new GatewayConfig(
                home, newListen, upstream, routes, dataDir, usersFile, store, tokens, limits, scopes, clients,
                accessLog, metrics, page);
    }

    public GatewayConfig withUpstream(UpstreamConfig newUpstream) {
        return new GatewayConfig(
                home,
                listen,
                newUpstream,
                routes,
                dataDir,
                usersFile,
                store,
                tokens,
                limits,
                scopes,
                clients,
                accessLog,
                metrics,
                page);
    }

    public GatewayConfig withUsersFile(Path newUsersFile) {
        return new GatewayConfig(
                home,
                listen,
                upstream,
                routes,
                dataDir,
                newUsersFile,
                store,
                tokens,
                limits,
                scopes,
                clients,
                accessLog,
                metrics,
                page);
    }

    public GatewayConfig withStore(StoreConfig newStore) {
        return new GatewayConfig(
                home, listen, upstream, routes, dataDir, usersFile, newStore, tokens, limits, scopes, clients,
                accessLog, metrics, page);
    }

    public GatewayConfig withTokens(TokensConfig newTokens) {
        return new GatewayConfig(
                home, listen, upstream, routes, dataDir, usersFile, store, newTokens, limits, scopes, clients,
                accessLog, metrics, page);
    }

    public GatewayConfig withLimits(LimitsConfig newLimits) {
        return new GatewayConfig(
                home, listen, upstream, routes, dataDir, usersFile, store, tokens, newLimits, scopes, clients,
                accessLog, metrics, page);
    }

    public GatewayConfig withScopes(ScopesConfig newScopes) {
        return new GatewayConfig(
                home, listen, upstream, routes, dataDir, usersFile, store, tokens, limits, newScopes, clients,
                accessLog, metrics, page);
    }

    public GatewayConfig withClients(ClientsConfig newClients) {
        return new GatewayConfig(
                home,
                listen,
                upstream,
                routes,
                dataDir,
                usersFile,
                store,
                tokens,
                limits,
                scopes,
                newClients,
                accessLog,
                metrics,
                page);
    }

    public GatewayConfig withAccessLog(AccessLogConfig newAccessLog) {
        return new GatewayConfig(
                home,
                listen,
                upstream,
                routes,
                dataDir,
                usersFile,
                store,
                tokens,
                limits,
                scopes,
                clients,
                newAccessLog,
                metrics,
                page);
    }

    public GatewayConfig withMetrics(MetricsConfig newMetrics) {
        return new GatewayConfig(
                home,
                listen,
                upstream,
                routes,
                dataDir,
                usersFile,
                store,
                tokens,
                limits,
                scopes,
                clients,
                accessLog,
                newMetrics,
                page);
    }

    public GatewayConfig withPage(PageConfig newPage) {
        return new GatewayConfig(
                home, listen, upstream, routes, dataDir, usersFile, store, tokens, limits, scopes, clients, accessLog,
                metrics, newPage);
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
