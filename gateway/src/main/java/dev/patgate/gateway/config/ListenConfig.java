package dev.patgate.gateway.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the gateway accepts connections (section {@code listen}).
 *
 * @param host the address to bind; default {@code 127.0.0.1}
 * @param port the TCP port; default 8080; 0 picks a free port (tests)
 * @param stopTimeout how long a graceful stop waits for requests in flight; default 30 s
 */
public record ListenConfig(
        String host,
        @JsonPropertyDescription(ListenConfig.PORT_RULE) int port,
        Duration stopTimeout) {

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
    }

    public ListenConfig withPort(int newPort) {
        return new ListenConfig(host, newPort, stopTimeout);
    }
}
