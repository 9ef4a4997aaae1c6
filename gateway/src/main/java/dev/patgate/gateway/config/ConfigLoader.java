package dev.patgate.gateway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import dev.patgate.token.Access;
import dev.patgate.scope.RestRoute;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code gateway.yaml} (see {@code config/gateway.yaml} for every key and its default).
 * Relative paths resolve against PATGATE_HOME; {@code ${data_dir}} in {@code store.url} stands for the
 * data directory. Every problem is reported as a {@link ConfigException} with one line naming the
 * file and the field.
 */
public final class ConfigLoader {

    /** The environment variable that names PATGATE_HOME; the current directory when unset. */
    public static final String HOME_VARIABLE = "PATGATE_HOME";

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private static final Set<String> TOP = Set.of("listen", "upstream", "routes", "data_dir", "users_file",
            "store", "tokens", "limits", "scopes", "clients");

    private ConfigLoader() {
    }

    /**
     * @param file the YAML file
     * @param home PATGATE_HOME, against which relative paths resolve
     * @param env the environment, for {@code store.password_env}
     * @throws ConfigException when the file is missing, unreadable or invalid
     */
    public static GatewayConfig load(Path file, Path home, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return fromText(text, file.toString(), home, env);
    }

    /** As {@link #load}, from text; {@code source} names it in messages. */
    public static GatewayConfig fromText(String text, String source, Path home, Map<String, String> env) {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String at = where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
            String why = e.getOriginalMessage().startsWith("Duplicate field")
                    ? "a key appears twice" : "not valid YAML";
            throw new ConfigException(source + ": " + why + at);
        }
        try {
            return read(YamlSection.root(tree), home.toAbsolutePath().normalize(), env);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": " + e.getMessage());
        }
    }

    private static GatewayConfig read(YamlSection root, Path home, Map<String, String> env) {
        root.allow(TOP);
        ListenConfig listen = listen(root.section("listen"));
        UpstreamConfig upstream = upstream(root.section("upstream"));
        Path dataDir = path(home, root.text("data_dir", "var"), "data_dir");
        Path usersFile = path(home, root.text("users_file", "config/users.yaml"), "users_file");
        StoreConfig store = store(root.section("store"), home, dataDir, env);
        TokensConfig tokens = tokens(root.section("tokens"));
        LimitsConfig limits = limits(root.section("limits"));
        ScopesConfig scopes = scopes(root.section("scopes"));
        ClientsConfig clients = clients(root.section("clients"));
        return new GatewayConfig(home, listen, upstream, root.texts("routes", GatewayConfig.DEFAULT_ROUTES),
                dataDir, usersFile, store, tokens, limits, scopes, clients);
    }

    private static ListenConfig listen(YamlSection section) {
        section.allow(Set.of("host", "port", "stop_timeout"));
        ListenConfig d = ListenConfig.DEFAULT;
        long port = section.number("port", d.port(), "a whole number from 0 to 65535");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listen.port must be a whole number from 0 to 65535");
        }
        return new ListenConfig(section.text("host", d.host()), (int) port,
                section.duration("stop_timeout", d.stopTimeout()));
    }

    private static UpstreamConfig upstream(YamlSection section) {
        section.allow(Set.of("url", "identity", "timeout", "idle_timeout", "connect_timeout"));
        UpstreamConfig d = UpstreamConfig.DEFAULT;
        URI url = d.url();
        String text = section.text("url", null);
        if (text != null) {
            try {
                url = new URI(text);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("upstream.url is not a valid URL, e.g. http://127.0.0.1:8081");
            }
        }
        String identity = section.text("identity", null);
        return new UpstreamConfig(url, identity == null ? d.identity() : IdentityMode.parse(identity),
                section.duration("timeout", d.timeout()), section.duration("idle_timeout", d.idleTimeout()),
                section.duration("connect_timeout", d.connectTimeout()));
    }

    private static StoreConfig store(YamlSection section, Path home, Path dataDir, Map<String, String> env) {
        section.allow(Set.of("url", "user", "password", "password_env"));
        String url = section.text("url", "jdbc:sqlite:${data_dir}/patgate.db")
                .replace("${data_dir}", dataDir.toString());
        if (url.startsWith("jdbc:sqlite:")) {
            String file = url.substring("jdbc:sqlite:".length());
            if (!file.isEmpty() && !file.startsWith(":") && !file.startsWith("file:")) {
                url = "jdbc:sqlite:" + path(home, file, "store.url");
            }
        }
        String password = section.text("password", null);
        String variable = section.text("password_env", null);
        if (variable != null) {
            if (password != null) {
                throw new IllegalArgumentException("store.password and store.password_env exclude each other");
            }
            password = env.get(variable);
            if (password == null) {
                throw new IllegalArgumentException("store.password_env names " + variable
                        + ", which is not set in the environment");
            }
        }
        return new StoreConfig(url, section.text("user", null), password);
    }

    private static TokensConfig tokens(YamlSection section) {
        section.allow(Set.of("max_lifetime", "cache_max_size", "flush_interval", "revocation_poll_interval", "preload"));
        TokensConfig d = TokensConfig.DEFAULT;
        return new TokensConfig(section.duration("max_lifetime", null),
                section.number("cache_max_size", d.cacheMaximumSize(), "a whole number, at least 1"),
                section.duration("flush_interval", d.flushInterval()),
                section.duration("revocation_poll_interval", d.revocationPollInterval()),
                section.flag("preload", d.preload()));
    }

    private static LimitsConfig limits(YamlSection section) {
        section.allow(Set.of("max_failures", "failure_window"));
        LimitsConfig d = LimitsConfig.DEFAULT;
        long max = section.number("max_failures", d.maxFailures(), "a whole number, at least 1");
        if (max < 1 || max > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("limits.max_failures must be a whole number, at least 1");
        }
        return new LimitsConfig((int) max, section.duration("failure_window", d.failureWindow()));
    }

    private static ClientsConfig clients(YamlSection section) {
        section.allow(Set.of("max_connections", "header_timeout", "idle_timeout", "body_timeout",
                "max_bodies_per_address", "max_bodies"));
        ClientsConfig d = ClientsConfig.DEFAULT;
        return new ClientsConfig(count(section, "max_connections", d.maxConnections()),
                section.duration("header_timeout", d.headerTimeout()), section.duration("idle_timeout", d.idleTimeout()),
                section.duration("body_timeout", d.bodyTimeout()),
                count(section, "max_bodies_per_address", d.maxBodiesPerAddress()),
                count(section, "max_bodies", d.maxBodies()));
    }

    private static int count(YamlSection section, String key, int fallback) {
        long value = section.number(key, fallback, "a whole number, at least 1");
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(section.name(key) + " must be a whole number, at least 1");
        }
        return (int) value;
    }

    private static ScopesConfig scopes(YamlSection section) {
        section.allow(Set.of("webdav", "resolve_path", "resolution_ttl", "max_body", "rest"));
        ScopesConfig d = ScopesConfig.DEFAULT;
        long maxBody = section.number("max_body", d.maxBody(), "a whole number of bytes, at least 1");
        if (maxBody < 1 || maxBody > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("scopes.max_body must be a whole number of bytes from 1 to 67108864");
        }
        List<RestRoute> rest = d.rest();
        List<YamlSection> routes = section.sections("rest");
        if (routes != null) {
            rest = new java.util.ArrayList<>();
            for (YamlSection route : routes) {
                rest.add(restRoute(route));
            }
        }
        return new ScopesConfig(section.texts("webdav", d.webdav()), section.text("resolve_path", d.resolvePath()),
                section.duration("resolution_ttl", d.resolutionTtl()), (int) maxBody, rest);
    }

    private static RestRoute restRoute(YamlSection route) {
        route.allow(Set.of("method", "path", "body", "body_kind", "access", "invalidates"));
        String method = route.text("method", null);
        String path = route.text("path", null);
        String access = route.text("access", null);
        if (method == null || path == null || access == null) {
            throw new IllegalArgumentException(route.name("method") + ", path and access are required");
        }
        String body = route.text("body", null);
        String kind = route.text("body_kind", body == null ? null : "path");
        try {
            return new RestRoute(method, path, body, kind == null ? null : enumValue(RestRoute.TargetKind.class, kind,
                    route.name("body_kind"), "path or uuid"), enumValue(Access.class, access, route.name("access"),
                    "read or write"), route.flag("invalidates", false));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(route.name("path") + ": " + e.getMessage());
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String name, String allowed) {
        try {
            return Enum.valueOf(type, text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be " + allowed);
        }
    }

    private static Path path(Path home, String text, String name) {
        if (text.isBlank() || text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(name + " must be a path");
        }
        try {
            return home.resolve(text).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(name + " must be a path");
        }
    }
}
