package dev.patgate.gateway.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.Duration;
import java.util.Objects;

/**
 * What the gateway grants each client connection (section {@code clients}), so that slow or stalled
 * clients cannot hold its threads or its memory. None of these limits applies to a request that is
 * waiting on the backend: that is {@code upstream.timeout} and {@code upstream.idle_timeout}.
 *
 * @param maxConnections open client connections at most; beyond it new connections wait in the
 *        listen backlog until one closes (default 1000)
 * @param headerTimeout the longest a request head (request line and headers) may take to arrive
 *        once begun; the connection is closed after it (default 15 s)
 * @param idleTimeout the longest the gateway waits for a client to send or take any byte while it
 *        is reading from or writing to that client, and the longest an idle keep-alive connection
 *        stays open (default 30 s)
 * @param bodyTimeout the longest a body that the gateway reads whole before deciding (a scoped
 *        REST body, a token API body) may take to arrive; 408 after it (default 10 s)
 * @param maxBodiesPerAddress bodies being read whole at once for one client address; 503 beyond it
 *        (default 8)
 * @param maxBodies bodies being read whole at once for all clients; 503 beyond it (default 128)
 */
public record ClientsConfig(
        @JsonPropertyDescription(LimitsConfig.AT_LEAST_ONE) int maxConnections,
        Duration headerTimeout,
        Duration idleTimeout,
        Duration bodyTimeout,
        @JsonPropertyDescription(LimitsConfig.AT_LEAST_ONE) int maxBodiesPerAddress,
        @JsonPropertyDescription(LimitsConfig.AT_LEAST_ONE) int maxBodies) {

    public static final ClientsConfig DEFAULT =
            new ClientsConfig(1000, Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(10), 8, 128);

    public ClientsConfig {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("clients.max_connections " + LimitsConfig.AT_LEAST_ONE);
        }
        atLeastOneMilli(headerTimeout, "clients.header_timeout");
        atLeastOneMilli(idleTimeout, "clients.idle_timeout");
        atLeastOneMilli(bodyTimeout, "clients.body_timeout");
        if (maxBodiesPerAddress < 1) {
            throw new IllegalArgumentException("clients.max_bodies_per_address " + LimitsConfig.AT_LEAST_ONE);
        }
        if (maxBodies < 1) {
            throw new IllegalArgumentException("clients.max_bodies " + LimitsConfig.AT_LEAST_ONE);
        }
        if (maxBodies < maxBodiesPerAddress) {
            throw new IllegalArgumentException("clients.max_bodies must be a whole number, at least"
                    + " clients.max_bodies_per_address (" + maxBodiesPerAddress + ")");
        }
    }

    public ClientsConfig withTimeouts(Duration newHeaderTimeout, Duration newIdleTimeout, Duration newBodyTimeout) {
        return new ClientsConfig(
                maxConnections, newHeaderTimeout, newIdleTimeout, newBodyTimeout, maxBodiesPerAddress, maxBodies);
    }

    public ClientsConfig withBodyCaps(int newMaxBodiesPerAddress, int newMaxBodies) {
        return new ClientsConfig(
                maxConnections, headerTimeout, idleTimeout, bodyTimeout, newMaxBodiesPerAddress, newMaxBodies);
    }

    private static void atLeastOneMilli(Duration value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
