package dev.patgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    private static final Path HOME = Path.of("/srv/patgate");

    @Test
    void loadWhenShippedFileThenItEqualsTheDefaults() {
        Path shipped = Path.of("..", "config", "gateway.yaml");

        GatewayConfig config = ConfigLoader.load(shipped, HOME, Map.of());

        assertThat(config).isEqualTo(GatewayConfig.defaults(HOME));
    }

    @Test
    void defaultsWhenNothingIsSetThenDocumentedValues() {
        GatewayConfig config = GatewayConfig.defaults(HOME);

        assertThat(config.listen()).isEqualTo(new ListenConfig("127.0.0.1", 8080, Duration.ofSeconds(30)));
        assertThat(config.upstream().url()).isEqualTo(URI.create("http://127.0.0.1:8081"));
        assertThat(config.upstream().identity()).isEqualTo(IdentityMode.SIGNED_IDENTITY);
        assertThat(config.upstream().timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(config.upstream().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.upstream().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.routes()).containsExactly("/dav/", "/a/", "/n/");
        assertThat(config.dataDir()).isEqualTo(Path.of("/srv/patgate/var"));
        assertThat(config.usersFile()).isEqualTo(Path.of("/srv/patgate/config/users.yaml"));
        assertThat(config.store()).isEqualTo(new StoreConfig("jdbc:sqlite:/srv/patgate/var/patgate.db", null, null));
        assertThat(config.tokens()).isEqualTo(TokensConfig.DEFAULT);
        assertThat(config.limits()).isEqualTo(LimitsConfig.DEFAULT);
        assertThat(config.accessLog()).isEqualTo(new AccessLogConfig(AccessLogConfig.Format.TEXT, null, 7, "100MB"));
        assertThat(config.metrics()).isEqualTo(new MetricsConfig(null, null, null));
        assertThat(config.clients())
                .isEqualTo(new ClientsConfig(
                        1000, Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(10), 8, 128));
        assertThat(config.tokenKeyFile()).isEqualTo(Path.of("/srv/patgate/var/token.key"));
        assertThat(config.identityKeyFile()).isEqualTo(Path.of("/srv/patgate/var/identity.key"));
    }

    @Test
    void loadWhenEveryKeySetThenEveryValueRead() {
        String yaml = """
                listen: {host: 0.0.0.0, port: 9090, stop_timeout: 5s}
                upstream:
                  url: https://cells.example.org/base/
                  identity: none
                  timeout: 2h
                  idle_timeout: 90
                  connect_timeout: 3s
                routes: [/dav/, /api/v2/]
                data_dir: /var/lib/patgate
                users_file: users.yaml
                store: {url: "jdbc:postgresql://db/patgate", user: gw, password_env: DB_PW, outage_grace: 90s,
                         migrate_on_start: false}
                tokens: {max_lifetime: 90d, cache_max_size: 10, flush_interval: 1m, revocation_poll_interval: 2s, preload: false, users_check_interval: 3s}
                limits:
                  tokens: {free_failures: 0, base_delay: 2s, max_delay: 1m, forget_after: 1h}
                  passwords: {free_failures: 3, max_delay: 10s, forget_after: 10m}
                  password_checks: 1
                clients: {max_connections: 50, header_timeout: 2s, idle_timeout: 1m, body_timeout: 3,
                          max_bodies_per_address: 2, max_bodies: 7}
                access_log: {format: json, file: log/access.log, max_history: 3, max_file_size: 10MB}
                metrics: {token_file: secrets/metrics.token, bind: "[::1]:9180"}
                """;

        GatewayConfig config = ConfigLoader.fromText(yaml, "test", HOME, Map.of("DB_PW", "s3cret"));

        assertThat(config.listen()).isEqualTo(new ListenConfig("0.0.0.0", 9090, Duration.ofSeconds(5)));
        assertThat(config.upstream())
                .isEqualTo(new UpstreamConfig(
                        URI.create("https://cells.example.org/base/"),
                        IdentityMode.NONE,
                        Duration.ofHours(2),
                        Duration.ofSeconds(90),
                        Duration.ofSeconds(3),
                        null));
        assertThat(config.upstream().base()).isEqualTo("https://cells.example.org/base");
        assertThat(config.routes()).containsExactly("/dav/", "/api/v2/");
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/patgate"));
        assertThat(config.usersFile()).isEqualTo(Path.of("/srv/patgate/users.yaml"));
        assertThat(config.store())
                .isEqualTo(
                        new StoreConfig("jdbc:postgresql://db/patgate", "gw", "s3cret", Duration.ofSeconds(90), false));
        assertThat(config.tokens())
                .isEqualTo(new TokensConfig(
                        Duration.ofDays(90),
                        10,
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(2),
                        false,
                        Duration.ofSeconds(3),
                        CellsTokenApi.AUTO));
        assertThat(config.limits())
                .isEqualTo(new LimitsConfig(
                        new FailureBudget(0, Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofHours(1)),
                        new FailureBudget(3, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(10)),
                        1));
        assertThat(config.clients())
                .isEqualTo(new ClientsConfig(
                        50, Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofSeconds(3), 2, 7));
        assertThat(config.accessLog())
                .isEqualTo(new AccessLogConfig(AccessLogConfig.Format.JSON, "/srv/patgate/log/access.log", 3, "10MB"));
        assertThat(config.metrics())
                .isEqualTo(new MetricsConfig("/srv/patgate/secrets/metrics.token", null, "[::1]:9180"));
        assertThat(config.metrics().bindHost()).isEqualTo("::1");
        assertThat(config.metrics().bindPort()).isEqualTo(9180);
    }

    @Test
    void toStringWhenPasswordSetThenMasked() {
        GatewayConfig config = ConfigLoader.fromText(
                "store: {url: 'jdbc:postgresql://db/p', password: hunter2}", "test", HOME, Map.of());

        assertThat(config.toString()).doesNotContain("hunter2").contains("password=****");
    }

    @Test
    void loadWhenSqliteUrlIsRelativeThenResolvedAgainstHome() {
        GatewayConfig config = ConfigLoader.fromText("store: {url: 'jdbc:sqlite:db/t.db'}", "test", HOME, Map.of());

        assertThat(config.store().url()).isEqualTo("jdbc:sqlite:/srv/patgate/db/t.db");
    }

    @Test
    void loadWhenFileMissingThenMessageNamesIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(missing, HOME, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void loadWhenFileIsEmptyThenDefaults(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("g.yaml"), "# nothing\n");

        assertThat(ConfigLoader.load(empty, HOME, Map.of())).isEqualTo(GatewayConfig.defaults(HOME));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            colour: red                                  | unknown key 'colour' (allowed: access_log, clients, data_dir, limits, listen, metrics, page, routes, scopes, store, tokens, upstream, users_file)
            listen: {hots: x}                            | unknown key 'listen.hots' (allowed: forwarded_header, host, port, public_url, redirect_port, stop_timeout, tls, trusted_proxies)
            access_log: {format: xml}                    | access_log.format must be text, json or off
            access_log: {max_history: 0}                 | access_log.max_history must be a whole number, at least 1
            access_log: {max_file_size: lots}            | access_log.max_file_size must be a size like 100MB, 512KB or 1GB
            metrics: {token_file: a, token_env: B}       | metrics.token_file and metrics.token_env exclude each other
            metrics: {token_env: 'A-B'}                  | metrics.token_env must be an environment variable's name
            metrics: {bind: 9180}                        | metrics.bind must be host:port, like 127.0.0.1:9180 (port 0 picks a free one)
            metrics: {bind: 'h:70000'}                   | metrics.bind must be host:port, like 127.0.0.1:9180 (port 0 picks a free one)
            listen: 8080                                 | listen must be a mapping of keys to values
            listen: {port: 70000}                        | listen.port must be a whole number from 0 to 65535
            listen: {port: '8080'}                       | listen.port must be a whole number from 0 to 65535
            listen: {port: -1}                           | listen.port must be a whole number from 0 to 65535
            listen: {host: ''}                           | listen.host must be a host name or an IP address
            listen: {stop_timeout: 0}                    | listen.stop_timeout: zero is not a duration
            upstream: {url: 'ftp://x'}                   | upstream.url must start with http:// or https://
            upstream: {url: 'http://h:1/?q=1'}           | upstream.url must not have a query or a fragment
            upstream: {url: 'http://u:p@h:1/'}           | upstream.url must name a host (and no user:password)
            upstream: {url: 'http://h:1/a b'}            | upstream.url is not a valid URL
            upstream: {identity: kerberos}               | upstream.identity must be signed-identity, none or cells
            upstream: {identity: cells}                  | upstream.cells is needed with upstream.identity cells
            'upstream: {cells: {edition: home}}'         | upstream.cells is only read with upstream.identity cells
            'upstream: {identity: cells, cells: {edition: pro}}' | upstream.cells.edition must be enterprise or home
            'upstream: {identity: cells, cells: {}}'     | upstream.cells: edition enterprise needs admin_token_file or admin_token_env
            'upstream: {identity: cells, cells: {admin_token_file: a, admin_token_env: B}}' | upstream.cells.admin_token_file and upstream.cells.admin_token_env exclude each other
            'upstream: {identity: cells, cells: {admin_token_env: "A-B"}}' | upstream.cells.admin_token_env must be an environment variable's name
            'upstream: {identity: cells, cells: {admin_token_file: ""}}' | upstream.cells.admin_token_file must be a path
            'upstream: {identity: cells, cells: {edition: home, admin_token_env: T}}' | upstream.cells.admin_token_file and admin_token_env are for edition enterprise only
            'upstream: {identity: cells, cells: {admin_token_env: T, token_window: 30s}}' | upstream.cells.token_window must be from 1m to 365d
            'upstream: {identity: cells, cells: {admin_token_env: T, token_window: 400d}}' | upstream.cells.token_window must be from 1m to 365d
            'upstream: {identity: cells, cells: {admin_token_env: T, token_window: soon}}' | upstream.cells.token_window: unknown unit
            'upstream: {identity: cells, cells: {admin_token_env: T, users_check_interval: 2h}}' | upstream.cells.users_check_interval must be from 1s to 1h
            'upstream: {identity: cells, cells: {admin_token: abc}}' | unknown key 'upstream.cells.admin_token' (allowed: admin_token_env, admin_token_file, edition, token_window, users_check_interval)
            'upstream: {identity: cells, cells: 5}'      | upstream.cells must be a mapping of keys to values
            '{upstream: {identity: cells, cells: {admin_token_env: T}}, tokens: {cells_api: "off"}}' | tokens.cells_api: off is refused with upstream.identity: cells (patgate must answer Cells' token API itself; use auto or on)
            upstream: {timeout: 5x}                      | upstream.timeout: unknown unit
            upstream: {idle_timeout: '-5m'}              | upstream.idle_timeout: not a positive whole number
            upstream: {connect_timeout: 1.5s}            | upstream.connect_timeout: not a positive whole number
            upstream: {timeout: [1]}                     | upstream.timeout: expected a positive whole number
            routes: []                                   | routes must list at least one path prefix
            routes: /dav/                                | routes must be a list
            routes: [/dav]                               | routes[0] must be a path prefix that starts and ends with /
            routes: [/dav/, /]                           | routes[1] must be a path prefix
            routes: [/dav/, /dav/]                       | routes[1] repeats /dav/
            routes: [/healthz/]                          | routes[0] must not be /healthz/
            routes: [/readyz/]                           | routes[0] must not be /healthz/ or /readyz/
            routes: [/dav/, /patgate/x/]                 | routes[1] must not be below /patgate/ (the token API)
            routes: [/a/../b/]                           | routes[0] must be a path prefix
            data_dir: ''                                 | data_dir must be a path
            users_file: [a]                              | users_file must be a single text value
            store: {url: 'jdbc:mysql://x/y'}             | store.url must start with jdbc:sqlite: or jdbc:postgresql:
            store: {url: 'jdbc:sqlite:'}                 | store.url must name a database file
            store: {password_env: NOPE}                  | store.password_env names NOPE, which is not set in the environment
            store: {password: a, password_env: B}        | store.password and store.password_env exclude each other
            store: {pasword: x}                          | unknown key 'store.pasword'
            store: {outage_grace: 0}                     | store.outage_grace
            tokens: {max_lifetime: 0}                    | tokens.max_lifetime: zero is not a duration
            tokens: {cache_max_size: 0}                  | tokens.cache_max_size must be at least 1
            tokens: {cache_max_size: big}                | tokens.cache_max_size must be a whole number, at least 1
            tokens: {flush_interval: 1w}                 | tokens.flush_interval: unknown unit
            tokens: {revocation_poll_interval: ''}       | tokens.revocation_poll_interval: empty duration
            tokens: {users_check_interval: 0}            | tokens.users_check_interval: zero is not a duration
            limits: {password_checks: 0}                 | limits.password_checks must be a whole number, at least 1
            limits: {tokens: {free_failures: -1}}        | limits.tokens: free_failures must be a whole number, at least 0
            limits: {tokens: {base_delay: 40s}}          | limits.tokens: max_delay must not be shorter than base_delay
            limits: {passwords: {forget_after: 10s}}     | limits.passwords: forget_after must not be shorter than max_delay
            limits: {tokens: {max_delay: 99999999999d}}  | limits.tokens.max_delay: too long
            clients: {max_connections: 0}                | clients.max_connections must be a whole number, at least 1
            clients: {max_connections: many}             | clients.max_connections must be a whole number, at least 1
            clients: {max_connections: 99999999999}      | clients.max_connections must be a whole number, at least 1
            clients: {header_timeout: 0}                 | clients.header_timeout: zero is not a duration
            clients: {idle_timeout: 5x}                  | clients.idle_timeout: unknown unit
            clients: {body_timeout: '-1s'}               | clients.body_timeout: not a positive whole number
            clients: {body_timeout: [1]}                 | clients.body_timeout: expected a positive whole number
            clients: {max_bodies_per_address: 0}         | clients.max_bodies_per_address must be a whole number, at least 1
            clients: {max_bodies_per_address: 1.5}       | clients.max_bodies_per_address must be a whole number, at least 1
            clients: {max_bodies: 0}                     | clients.max_bodies must be a whole number, at least 1
            clients: {max_bodies: 4}                     | clients.max_bodies must be a whole number, at least clients.max_bodies_per_address (8)
            clients: {max_bodies_per_address: 20, max_bodies: 10} | clients.max_bodies must be a whole number, at least clients.max_bodies_per_address (20)
            clients: {max_body: 5}                       | unknown key 'clients.max_body'
            'listen: {port: 1}\nlisten: {port: 2}'       | a key appears twice (line 2
            'listen: [unclosed'                          | not valid YAML (line
            '- just\n- a list'                           | the file must be a mapping of sections
            """)
    void loadWhenFieldIsBadThenOneLineMessageNamesIt(String yaml, String expected) {
        String text = yaml.replace("\\n", "\n");

        assertThatThrownBy(() -> ConfigLoader.fromText(text, "gateway.yaml", HOME, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("gateway.yaml: " + expected)
                .message()
                .doesNotContain("\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            upstream: 5                                  | upstream must be a mapping of keys to values
            store: x                                     | store must be a mapping of keys to values
            tokens: []                                   | tokens must be a mapping of keys to values
            limits: 1                                    | limits must be a mapping of keys to values
            scopes: a                                    | scopes must be a mapping of keys to values
            clients: [1]                                 | clients must be a mapping of keys to values
            upstream: {x: 1}                             | unknown key 'upstream.x' (allowed: cells, connect_timeout, identity, idle_timeout, timeout, url)
            tokens: {x: 1}                               | unknown key 'tokens.x' (allowed: cache_max_size, cells_api, flush_interval, max_lifetime, policy, preload, prune_after, revocation_poll_interval, users_check_interval)
            limits: {x: 1}                               | unknown key 'limits.x' (allowed: password_checks, passwords, tokens)
            limits: {tokens: {x: 1}}                     | unknown key 'limits.tokens.x' (allowed: base_delay, forget_after, free_failures, max_delay)
            scopes: {x: 1}                               | unknown key 'scopes.x' (allowed: max_body, resolution_ttl, resolve_path, rest, rest_file, webdav)
            clients: {x: 1}                              | unknown key 'clients.x' (allowed: body_timeout, header_timeout, idle_timeout, max_bodies, max_bodies_per_address, max_connections)
            store: {x: 1}                                | unknown key 'store.x' (allowed: migrate_on_start, outage_grace, password, password_env, url, user)
            'listen: {"bad\tkey": 1}'                   | unknown key 'listen.(unprintable)'
            listen: {host: true}                         | listen.host must be a single text value
            listen: {port: 80.5}                         | listen.port must be a whole number from 0 to 65535
            listen: {port: true}                         | listen.port must be a whole number from 0 to 65535
            listen: {port: 99999999999}                  | listen.port must be a whole number from 0 to 65535
            upstream: {url: [http://h/]}                 | upstream.url is not a valid URL
            upstream: {identity: [none]}                 | upstream.identity
            routes: [[a]]                                | routes[0] must be a single text value
            data_dir: {a: 1}                             | data_dir must be a single text value
            store: {user: [a]}                           | store.user must be a single text value
            store: {password_env: false}                 | store.password_env must be a single text value
            tokens: {preload: 'yes please'}              | tokens.preload must be true or false
            tokens: {preload: 1}                         | tokens.preload must be true or false
            tokens: {cache_max_size: 2.5}                | tokens.cache_max_size must be a whole number, at least 1
            tokens: {max_lifetime: 1.5}                  | tokens.max_lifetime: expected a positive whole number
            limits: {tokens: {base_delay: 0}}            | limits.tokens.base_delay: zero is not a duration
            limits: {passwords: {free_failures: '5'}}    | limits.passwords.free_failures must be a whole number, at least 0
            limits: {password_checks: 1.5}               | limits.password_checks must be a whole number, at least 1
            limits: {tokens: 3}                          | limits.tokens must be a mapping of keys to values
            scopes: {webdav: /dav/}                      | scopes.webdav must be a list
            scopes: {webdav: [dav]}                      | scopes.webdav[0] must start and end with /, like /dav/
            scopes: {resolve_path: /n/node}              | scopes.resolve_path must be a path ending in /{uuid}
            scopes: {resolution_ttl: 0}                  | scopes.resolution_ttl: zero is not a duration
            scopes: {max_body: 0}                        | scopes.max_body must be a whole number of bytes from 1 to 67108864
            scopes: {max_body: 67108865}                 | scopes.max_body must be a whole number of bytes from 1 to 67108864
            scopes: {max_body: big}                      | scopes.max_body must be a whole number of bytes from 1 to 67108864
            scopes: {rest: x}                            | scopes.rest must be a list
            scopes: {rest: [x]}                          | scopes.rest[0] must be a mapping of keys to values
            scopes: {rest: [{method: GET}]}              | scopes.rest[0]: method, path and access are required
            'scopes: {rest: [{method: GET, path: /a/x, access: read}, {method: GET, path: "/a/{x}", access: read}]}' | scopes.rest[1]: path must be a literal path
            'scopes: {rest: [{method: GET, path: /a/x, access: exec}]}' | scopes.rest[0]: access must be read or write
            'scopes: {rest: [{method: POST, path: /a/x, body: B, body_kind: name, access: read}]}' | scopes.rest[0]: body_kind must be path, uuid, uuid_or_path or job_parameters
            'scopes: {rest: [{method: POST, path: /a/x, body: "B[", access: read}]}' | scopes.rest[0]: body must be fields like NodePaths
            'scopes: {rest: [{method: GET, path: /a/x, access: read, invalidates: maybe}]}' | scopes.rest[0].invalidates must be true or false
            'scopes: {rest: [{method: GET, path: /a/x, access: read, refused: 1}]}' | scopes.rest[0].refused must be true or false
            'scopes: {rest: [{method: POST, path: /a/x, body: "A, B:nodes", access: read}]}' | scopes.rest[0]: body field kind must be path, uuid, uuid_or_path or job_parameters
            'scopes: {rest: [{method: POST, path: /a/x, body: "A,", access: read}]}' | scopes.rest[0]: body must be fields like NodePaths
            'scopes: {rest_file: ""}'                    | scopes.rest_file must be a path
            'scopes: {rest_file: config/x.yaml, rest: []}' | scopes.rest and scopes.rest_file exclude each other
            'scopes: {rest: [{method: GET, path: /a/x, access: read, verb: GET}]}' | unknown key 'scopes.rest[0].verb' (allowed: access, body, body_kind, invalidates, method, path, refused)
            """)
    void loadWhenAnySectionIsBadThenMessageNamesTheField(String yaml, String expected) {
        String text = yaml.replace("\\t", "\t");

        assertThatThrownBy(() -> ConfigLoader.fromText(text, "gateway.yaml", HOME, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("gateway.yaml: " + expected)
                .message()
                .doesNotContain("\n");
    }

    @Test
    void loadWhenCellsEnterpriseThenTokenFileResolvedAndDefaultsFilledIn() {
        String yaml = """
                upstream:
                  url: http://127.0.0.1:8081
                  identity: cells
                  cells: {admin_token_file: var/cells-admin.token}
                """;

        GatewayConfig config = ConfigLoader.fromText(yaml, "test", HOME, Map.of());

        assertThat(config.upstream().identity()).isEqualTo(IdentityMode.CELLS);
        assertThat(config.upstream().cells())
                .isEqualTo(new CellsConfig(
                        CellsConfig.Edition.ENTERPRISE,
                        "/srv/patgate/var/cells-admin.token",
                        null,
                        Duration.ofHours(24),
                        Duration.ofSeconds(30)));
    }

    @Test
    void loadWhenCellsHomeWithIntervalsThenEveryValueRead() {
        String yaml = """
                upstream:
                  identity: cells
                  cells: {edition: home, token_window: 2h, users_check_interval: 5s}
                """;

        GatewayConfig config = ConfigLoader.fromText(yaml, "test", HOME, Map.of());

        assertThat(config.upstream().cells())
                .isEqualTo(new CellsConfig(
                        CellsConfig.Edition.HOME, null, null, Duration.ofHours(2), Duration.ofSeconds(5)));
    }

    @Test
    void loadWhenKeyIsGivenAsNothingThenTheDefaultStays() {
        GatewayConfig config = ConfigLoader.fromText(
                "listen:\n  port: ~\ntokens: null\nscopes: {max_body: ~}\n", "test", HOME, Map.of());

        assertThat(config).isEqualTo(GatewayConfig.defaults(HOME));
    }

    @Test
    void loadWhenTextValuesAreWrittenAsNumbersThenTheyAreReadAsText() {
        GatewayConfig config = ConfigLoader.fromText(
                "store: {url: 'jdbc:postgresql://db/p', user: 1234, password: 56.5}", "test", HOME, Map.of());

        assertThat(config.store()).isEqualTo(new StoreConfig("jdbc:postgresql://db/p", "1234", "56.5"));
    }

    @Test
    void loadWhenRestTableGivenThenItReplacesTheDefaultWithBodyKindPathByDefault() {
        String yaml = """
                scopes:
                  max_body: 4096
                  rest:
                    - {method: get, path: "/api/stat/{path}", access: READ}
                    - {method: POST, path: /api/rm, body: "Nodes[].Path", access: write, invalidates: true}
                    - {method: POST, path: /api/byid, body: Ids, body_kind: uuid, access: read}
                """;

        ScopesConfig scopes =
                ConfigLoader.fromText(yaml, "test", HOME, Map.of()).scopes();

        assertThat(scopes.maxBody()).isEqualTo(4096);
        assertThat(scopes.webdav()).isEqualTo(ScopesConfig.DEFAULT.webdav());
        assertThat(scopes.rest())
                .containsExactly(
                        new dev.patgate.scope.RestRoute(
                                "GET", "/api/stat/{path}", null, null, dev.patgate.token.Access.READ, false),
                        new dev.patgate.scope.RestRoute(
                                "POST",
                                "/api/rm",
                                "Nodes[].Path",
                                dev.patgate.scope.RestRoute.TargetKind.PATH,
                                dev.patgate.token.Access.WRITE,
                                true),
                        new dev.patgate.scope.RestRoute(
                                "POST",
                                "/api/byid",
                                "Ids",
                                dev.patgate.scope.RestRoute.TargetKind.UUID,
                                dev.patgate.token.Access.READ,
                                false));
    }

    @Test
    void recordsWhenBuiltDirectlyThenValidateToo() {
        assertThatThrownBy(() -> new ListenConfig("h", 65536, Duration.ZERO))
                .hasMessage("listen.port must be a whole number from 0 to 65535");
        assertThatThrownBy(() -> GatewayConfig.defaults(HOME)
                        .withTokens(new TokensConfig(
                                null,
                                0,
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(1),
                                true,
                                Duration.ofSeconds(1),
                                CellsTokenApi.AUTO)))
                .hasMessage("tokens.cache_max_size must be at least 1");
        assertThat(GatewayConfig.defaults(HOME).routes()).isEqualTo(List.of("/dav/", "/a/", "/n/"));
        assertThatThrownBy(() -> ClientsConfig.DEFAULT.withTimeouts(
                        Duration.ofSeconds(1), Duration.ofNanos(5), Duration.ofSeconds(1)))
                .hasMessage("clients.idle_timeout must be positive");
        assertThatThrownBy(() -> ClientsConfig.DEFAULT.withTimeouts(null, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessage("clients.header_timeout must not be null");
        assertThatThrownBy(() -> ClientsConfig.DEFAULT.withBodyCaps(0, 1))
                .hasMessage("clients.max_bodies_per_address must be a whole number, at least 1");
        assertThatThrownBy(() -> GatewayConfig.defaults(HOME).withClients(null)).hasMessage("clients must not be null");
    }
}
