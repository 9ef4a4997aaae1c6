package dev.patgate.gateway.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.patgate.gateway.net.Cidr;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the gateway accepts connections and how it is reached (section {@code listen}).
 *
 * @param host the address to bind; default {@code 127.0.0.1}
 * @param port the TCP port; default 8080; 0 picks a free port (tests)
 * @param stopTimeout how long a graceful stop waits for requests in flight; default 30 s
 * @param publicUrl the URL clients use to reach the gateway ({@code https://files.example.org}), or
 *        null (default) for the address it listens on: what the banner and the CLI print, and the
 *        only authority a WebDAV {@code Destination} may name when set. Scheme and authority only,
 *        without a trailing slash once read
 * @param trustedProxies the networks ({@link Cidr}) whose connections may say, in
 *        {@code forwardedHeader}, who the client is; default none
 * @param forwardedHeader which headers trusted proxies set; default {@link ForwardedHeader#X_FORWARDED}
 * @param redirectPort a plain-HTTP port that only redirects to HTTPS, or null (default) for none; 0
 *        picks a free port; needs {@code tls}
 * @param tls HTTPS on {@code port}, or null (default) for plain HTTP
 */
public record ListenConfig(
        String host,
        @JsonPropertyDescription(ListenConfig.PORT_RULE) int port,
        Duration stopTimeout,
        String publicUrl,
        List<String> trustedProxies,
        ForwardedHeader forwardedHeader,
        @JsonPropertyDescription(ListenConfig.PORT_RULE) Integer redirectPort,
        TlsConfig tls) {

    /** The highest TCP port. */
    public static final int MAX_PORT = 65535;
    /** What {@code listen.port} allows, as messages say it. */
    public static final String PORT_RULE = "must be a whole number from 0 to " + MAX_PORT;

    public static final ListenConfig DEFAULT = new ListenConfig("127.0.0.1", 8080, Duration.ofSeconds(30));

    public ListenConfig {
        Objects.requireNonNull(host, "listen.host must not be null");
        if (host.isBlank() || !host.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("listen.host must be a host name or an IP address");
        }
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("listen.port " + PORT_RULE);
        }
        Objects.requireNonNull(stopTimeout, "listen.stop_timeout must not be null");
        if (stopTimeout.isNegative()) {
            throw new IllegalArgumentException("listen.stop_timeout must not be negative");
        }
        publicUrl = publicUrl == null ? null : checkPublicUrl(publicUrl);
        trustedProxies = checkProxies(trustedProxies);
        forwardedHeader = forwardedHeader == null ? ForwardedHeader.X_FORWARDED : forwardedHeader;
        if (redirectPort != null) {
            if (redirectPort < 0 || redirectPort > MAX_PORT) {
                throw new IllegalArgumentException("listen.redirect_port " + PORT_RULE);
            }
            if (tls == null) {
                throw new IllegalArgumentException("listen.redirect_port needs listen.tls: it redirects to HTTPS");
            }
            if (redirectPort != 0 && redirectPort == port) {
                throw new IllegalArgumentException("listen.redirect_port must differ from listen.port");
            }
        }
    }

    /** Plain HTTP on {@code host:port}, with no public URL, no trusted proxy and no redirect. */
    public ListenConfig(String host, int port, Duration stopTimeout) {
        this(host, port, stopTimeout, null, List.of(), ForwardedHeader.X_FORWARDED, null, null);
    }

    public ListenConfig withPort(int newPort) {
        return new ListenConfig(
                host, newPort, stopTimeout, publicUrl, trustedProxies, forwardedHeader, redirectPort, tls);
    }

    public ListenConfig withPublicUrl(String newPublicUrl) {
        return new ListenConfig(
                host, port, stopTimeout, newPublicUrl, trustedProxies, forwardedHeader, redirectPort, tls);
    }

    public ListenConfig withTrustedProxies(List<String> newTrustedProxies, ForwardedHeader newForwardedHeader) {
        return new ListenConfig(
                host, port, stopTimeout, publicUrl, newTrustedProxies, newForwardedHeader, redirectPort, tls);
    }

    /** HTTPS with {@code newTls}, and the redirect listener on {@code newRedirectPort} (null: none). */
    public ListenConfig withTls(TlsConfig newTls, Integer newRedirectPort) {
        return new ListenConfig(
                host, port, stopTimeout, publicUrl, trustedProxies, forwardedHeader, newRedirectPort, newTls);
    }

    /** The same, with the TLS files' relative paths resolved against {@code home}. */
    public ListenConfig resolvedAgainst(Path home) {
        return tls == null ? this : withTls(tls.resolvedAgainst(home), redirectPort);
    }

    /** The networks of {@link #trustedProxies}, read. */
    public List<Cidr> trustedNetworks() {
        return trustedProxies.stream().map(Cidr::parse).toList();
    }

    /** {@link #publicUrl} as a URI, or null when unset. */
    public URI publicUri() {
        return publicUrl == null ? null : URI.create(publicUrl);
    }

    /**
     * The URL to tell people: {@link #publicUrl} when set, else {@code http(s)://host:port} of the
     * configured address ({@code port} may be 0 here: a running gateway knows the bound one).
     */
    public URI advertisedUri() {
        if (publicUrl != null) {
            return publicUri();
        }
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return URI.create((tls == null ? "http" : "https") + "://" + shown + ":" + port);
    }

    private static String checkPublicUrl(String text) {
        String rule = "listen.public_url must be an http or https URL with a host and no path, like"
                + " https://files.example.org";
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(rule);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https"))
                || uri.isOpaque()
                || uri.getHost() == null
                || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || !(uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
            throw new IllegalArgumentException(rule);
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static List<String> checkProxies(List<String> proxies) {
        if (proxies == null) {
            return List.of();
        }
        List<String> checked = new ArrayList<>(proxies.size());
        for (int i = 0; i < proxies.size(); i++) {
            String text = proxies.get(i);
            try {
                Cidr.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("listen.trusted_proxies[" + i + "] " + e.getMessage());
            }
            checked.add(text);
        }
        return List.copyOf(checked);
    }
}
