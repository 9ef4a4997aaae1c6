package dev.patgate.gateway.config;

import java.util.regex.Pattern;

/**
 * Who may read the metrics (section {@code metrics}). The scraper presents a bearer secret read at
 * start from {@code token_file} or from the environment variable {@code token_env}; or the metrics
 * are served on their own listener at {@code bind}, whose address is the protection (with a secret
 * set too, that listener asks for it as well). With none of the three, no metrics are served. No
 * password of the user directory is ever accepted. See docs/operations.md, "Health and metrics".
 *
 * @param tokenFile a file holding the secret (surrounding white space ignored), relative to
 *        PATGATE_HOME; {@code null} (default) for none
 * @param tokenEnv the name of an environment variable holding the secret; {@code null} (default) for none
 * @param bind {@code host:port} of a listener that serves only {@code /metrics}; {@code null} (default) for none
 */
public record MetricsConfig(String tokenFile, String tokenEnv, String bind) {

    public static final MetricsConfig DEFAULT = new MetricsConfig(null, null, null);

    private static final Pattern BIND = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+):([0-9]{1,5})");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public MetricsConfig {
        if (tokenFile != null && tokenEnv != null) {
            throw new IllegalArgumentException("metrics.token_file and metrics.token_env exclude each other");
        }
        if (tokenFile != null && (tokenFile.isBlank() || tokenFile.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("metrics.token_file must be a path");
        }
        if (tokenEnv != null && !VARIABLE.matcher(tokenEnv).matches()) {
            throw new IllegalArgumentException("metrics.token_env must be an environment variable's name");
        }
        if (bind != null) {
            var matcher = BIND.matcher(bind);
            if (!matcher.matches() || Integer.parseInt(matcher.group(2)) > 65535) {
                throw new IllegalArgumentException(
                        "metrics.bind must be host:port, like 127.0.0.1:9180 (port 0 picks a free one)");
            }
        }
    }

    /** The host part of {@link #bind()}, without brackets; {@code null} without a bind. */
    public String bindHost() {
        if (bind == null) {
            return null;
        }
        String host = bind.substring(0, bind.lastIndexOf(':'));
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** The port part of {@link #bind()}; -1 without a bind. */
    public int bindPort() {
        return bind == null ? -1 : Integer.parseInt(bind.substring(bind.lastIndexOf(':') + 1));
    }

    /** This section with another token file. */
    public MetricsConfig withTokenFile(String newTokenFile) {
        return new MetricsConfig(newTokenFile, tokenEnv, bind);
    }

    /** This section with another listener. */
    public MetricsConfig withBind(String newBind) {
        return new MetricsConfig(tokenFile, tokenEnv, newBind);
    }
}
