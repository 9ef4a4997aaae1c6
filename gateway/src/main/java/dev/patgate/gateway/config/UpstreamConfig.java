package dev.patgate.gateway.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The backend the routes are proxied to (section {@code upstream}).
 *
 * @param url scheme, host, port and an optional base path; default {@code http://127.0.0.1:8081}.
 *        The request's raw path and query are appended to it unchanged.
 * @param identity how the caller is named to the backend; default {@code signed-identity}
 * @param timeout the longest a whole exchange may take, upload and download included (504 after);
 *        default 1 h, so that large files fit
 * @param idleTimeout the longest the backend connection may stay silent (504 after); default 5 min
 * @param connectTimeout the longest connecting to the backend may take (502 after); default 10 s
 * @param cells how to act as each user at Pydio Cells: required with identity {@code cells}, refused
 *        with the other modes; {@code null} (default) otherwise
 */
public record UpstreamConfig(
        @JsonPropertyDescription("is not a valid URL, e.g. http://127.0.0.1:8081")
        URI url,

        IdentityMode identity,
        Duration timeout,
        Duration idleTimeout,
        Duration connectTimeout,
        CellsConfig cells) {

    public static final UpstreamConfig DEFAULT = new UpstreamConfig(
            URI.create("http://127.0.0.1:8081"),
            IdentityMode.SIGNED_IDENTITY,
            Duration.ofHours(1),
            Duration.ofMinutes(5),
            Duration.ofSeconds(10),
            null);

    public UpstreamConfig {
        Objects.requireNonNull(url, "upstream.url must not be null");
        Objects.requireNonNull(identity, "upstream.identity must not be null");
        url = checkUrl(url);
        positive(timeout, "upstream.timeout");
        positive(idleTimeout, "upstream.idle_timeout");
        positive(connectTimeout, "upstream.connect_timeout");
        if (identity == IdentityMode.CELLS && cells == null) {
            throw new IllegalArgumentException(
                    "upstream.cells is needed with upstream.identity cells (edition, and the admin token's source)");
        }
        if (identity != IdentityMode.CELLS && cells != null) {
            throw new IllegalArgumentException("upstream.cells is only read with upstream.identity cells");
        }
    }

    /** Upstream mode {@code cells} with this section. */
    public UpstreamConfig withCells(CellsConfig newCells) {
        return new UpstreamConfig(url, IdentityMode.CELLS, timeout, idleTimeout, connectTimeout, newCells);
    }

    public UpstreamConfig withUrl(URI newUrl) {
        return new UpstreamConfig(newUrl, identity, timeout, idleTimeout, connectTimeout, cells);
    }

    public UpstreamConfig withIdentity(IdentityMode newIdentity) {
        return new UpstreamConfig(url, newIdentity, timeout, idleTimeout, connectTimeout, cells);
    }

    public UpstreamConfig withTimeouts(Duration newTimeout, Duration newIdleTimeout) {
        return new UpstreamConfig(url, identity, newTimeout, newIdleTimeout, connectTimeout, cells);
    }

    /** The URL without a trailing slash, to which a request's raw path (starting with /) is appended. */
    public String base() {
        String text = url.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static URI checkUrl(URI url) {
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("upstream.url must start with http:// or https://");
        }
        if (url.getHost() == null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("upstream.url must name a host (and no user:password)");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("upstream.url must not have a query or a fragment");
        }
        return url;
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
