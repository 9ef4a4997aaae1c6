package dev.patgate.gateway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the gateway accepts connections (section {@code listen}).
 *
 * @param host the address to bind; default {@code 127.0.0.1}
 * @param port the TCP port; default 8080; 0 picks a free port (tests)
 * @param stopTimeout how long a graceful stop waits for requests in flight; default 30 s
 */
public record ListenConfig(String host, int port, Duration stopTimeout) {

    public static final ListenConfig DEFAULT = new ListenConfig("127.0.0.1", 8080, Duration.ofSeconds(30));

    public ListenConfig {
        Objects.requireNonNull(host, "listen.host must not be null");
        if (host.isBlank() || !host.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("listen.host must be a host name or an IP address");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listen.port must be a whole number from 0 to 65535");
        }
        Objects.requireNonNull(stopTimeout, "listen.stop_timeout must not be null");
        if (stopTimeout.isNegative()) {
            throw new IllegalArgumentException("listen.stop_timeout must not be negative");
        }
    }

    public ListenConfig withPort(int newPort) {
        return new ListenConfig(host, newPort, stopTimeout);
    }
}
