package dev.patgate.gateway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.patgate.scope.RestRoute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code gateway.yaml} (see {@code config/gateway.yaml} for every key and its default).
 * Relative paths resolve against PATGATE_HOME; {@code ${data_dir}} in {@code store.url} stands for the
 * data directory. Every problem is reported as a {@link ConfigException} with one line naming the
 * file and the field.
 */
public final class ConfigLoader {

    /** The environment variable that names PATGATE_HOME; the current directory when unset. */
    public static final String HOME_VARIABLE = "PATGATE_HOME";

    private ConfigLoader() {}

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
            tree = YamlBinding.read(text);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String at = where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
            String why =
                    e.getOriginalMessage().startsWith("Duplicate field") ? "a key appears twice" : "not valid YAML";
            throw new ConfigException(source + ": " + why + at);
        }
        try {
            return read(tree, home.toAbsolutePath().normalize(), env);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": " + e.getMessage());
        }
    }

    /** The file's shape: the sections are bound as they are, the rest is resolved by {@link #read}. */
    private record ConfigFile(
            ListenConfig listen,
            UpstreamConfig upstream,
            List<String> routes,
            String dataDir,
            String usersFile,
            StoreFile store,
            TokensConfig tokens,
            LimitsConfig limits,
            ScopesConfig scopes,
            ClientsConfig clients,
            AccessLogConfig accessLog,
            MetricsConfig metrics,
            PageConfig page) {

        static final ConfigFile DEFAULT = new ConfigFile(
                ListenConfig.DEFAULT,
                UpstreamConfig.DEFAULT,
                GatewayConfig.DEFAULT_ROUTES,
                GatewayConfig.DEFAULT_DATA_DIR,
                GatewayConfig.DEFAULT_USERS_FILE,
                new StoreFile(StoreConfig.DEFAULT_URL, null, null, null, StoreConfig.DEFAULT_OUTAGE_GRACE, true),
                TokensConfig.DEFAULT,
                LimitsConfig.DEFAULT,
                ScopesConfig.DEFAULT,
                ClientsConfig.DEFAULT,
                AccessLogConfig.DEFAULT,
                MetricsConfig.DEFAULT,
                PageConfig.DEFAULT);
    }

    /** Section {@code store} as written: the password given, or named by an environment variable. */
    private record StoreFile(
            String url,
            String user,
            String password,
            String passwordEnv,
            java.time.Duration outageGrace,
            boolean migrateOnStart) {}

    private static final JsonNode DEFAULTS = YamlBinding.tree(ConfigFile.DEFAULT);

    private static GatewayConfig read(JsonNode tree, Path home, Map<String, String> env) {
        if (tree != null && !tree.isMissingNode() && !tree.isNull() && !tree.isObject()) {
            throw new IllegalArgumentException("the file must be a mapping of sections");
        }
        ConfigFile file = YamlBinding.bind(YamlBinding.overlay(DEFAULTS, tree), ConfigFile.class);
        Path dataDir = path(home, file.dataDir(), "data_dir");
        Path usersFile = path(home, file.usersFile(), "users_file");
        return new GatewayConfig(
                home,
                listen(file.listen(), home, env),
                upstream(file.upstream(), home),
                file.routes(),
                dataDir,
                usersFile,
                store(file.store(), home, dataDir, env),
                file.tokens(),
                file.limits(),
                scopes(file.scopes(), tree, home),
                file.clients(),
                accessLog(file.accessLog(), home),
                metrics(file.metrics(), home),
                file.page());
    }

    /** The file {@code scopes.rest_file} names: one key, {@code rest}, the same rows as {@code scopes.rest}. */
    private record RestFile(List<RestRoute> rest) {}

    /**
     * Section {@code scopes}, its route table read from {@code rest_file} when one is named. The file
     * replaces the table (no merging: one place says what a scoped token may do), so giving
     * {@code scopes.rest} as well is refused.
     */
    private static ScopesConfig scopes(ScopesConfig section, JsonNode tree, Path home) {
        if (section.restFile() == null) {
            return section;
        }
        if (tree != null && tree.path("scopes").has("rest")) {
            throw new IllegalArgumentException("scopes.rest and scopes.rest_file exclude each other");
        }
        Path file = path(home, section.restFile(), "scopes.rest_file");
        String where = "scopes.rest_file " + file;
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(where + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    where + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        JsonNode rows;
        try {
            rows = YamlBinding.read(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String line = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            String why =
                    e.getOriginalMessage().startsWith("Duplicate field") ? "a key appears twice" : "not valid YAML";
            throw new IllegalArgumentException(where + ": " + why + line);
        }
        if (rows == null || rows.isMissingNode() || !rows.isObject() || !rows.has("rest")) {
            throw new IllegalArgumentException(where + ": must be a mapping with the key rest (a list of routes)");
        }
        RestFile routes;
        try {
            routes = YamlBinding.bind(rows, RestFile.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        if (routes.rest() == null) {
            throw new IllegalArgumentException(where + ": rest must be a list of routes");
        }
        return section.withRest(routes.rest(), file.toString());
    }

    private static AccessLogConfig accessLog(AccessLogConfig section, Path home) {
        return section.file() == null
                ? section
                : section.withFile(path(home, section.file(), "access_log.file").toString());
    }

    private static UpstreamConfig upstream(UpstreamConfig section, Path home) {
        CellsConfig cells = section.cells();
        if (cells != null) {
            cells.checkComplete();
        }
        return cells == null || cells.adminTokenFile() == null
                ? section
                : section.withCells(
                        cells.withAdminTokenFile(path(home, cells.adminTokenFile(), "upstream.cells.admin_token_file")
                                .toString()));
    }

    private static MetricsConfig metrics(MetricsConfig section, Path home) {
        return section.tokenFile() == null
                ? section
                : section.withTokenFile(
                        path(home, section.tokenFile(), "metrics.token_file").toString());
    }

    /** Section {@code listen}, its TLS files resolved, and a PKCS#12 password variable checked. */
    private static ListenConfig listen(ListenConfig section, Path home, Map<String, String> env) {
        TlsConfig tls = section.tls();
        if (tls != null && tls.passwordEnv() != null && env.get(tls.passwordEnv()) == null) {
            throw new IllegalArgumentException(
                    "listen.tls.password_env names " + tls.passwordEnv() + ", which is not set in the environment");
        }
        return section.resolvedAgainst(home);
    }

    private static StoreConfig store(StoreFile section, Path home, Path dataDir, Map<String, String> env) {
        String url = section.url().replace("${data_dir}", dataDir.toString());
        if (url.startsWith("jdbc:sqlite:")) {
            String file = url.substring("jdbc:sqlite:".length());
            if (!file.isEmpty() && !file.startsWith(":") && !file.startsWith("file:")) {
                url = "jdbc:sqlite:" + path(home, file, "store.url");
            }
        }
        String password = section.password();
        String variable = section.passwordEnv();
        if (variable != null) {
            if (password != null) {
                throw new IllegalArgumentException("store.password and store.password_env exclude each other");
            }
            password = env.get(variable);
            if (password == null) {
                throw new IllegalArgumentException(
                        "store.password_env names " + variable + ", which is not set in the environment");
            }
        }
        return new StoreConfig(url, section.user(), password, section.outageGrace(), section.migrateOnStart());
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
