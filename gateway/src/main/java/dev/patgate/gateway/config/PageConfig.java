package dev.patgate.gateway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The self-service page at {@code /patgate/} (section {@code page}; docs/page.md).
 *
 * @param enabled whether the page, its sign-in and its session credential are served; default true
 * @param sessionTimeout how long a signed-in session lives without a request; default 15 min
 * @param maxSessions how many sessions the gateway keeps in memory, the least recently used leaving
 *        first; default 10,000
 */
public record PageConfig(boolean enabled, Duration sessionTimeout, int maxSessions) {

    public static final PageConfig DEFAULT = new PageConfig(true, Duration.ofMinutes(15), 10_000);

    public PageConfig {
        Objects.requireNonNull(sessionTimeout, "page.session_timeout must not be null");
        if (sessionTimeout.isZero() || sessionTimeout.isNegative()) {
            throw new IllegalArgumentException("page.session_timeout must be positive");
        }
        if (sessionTimeout.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("page.session_timeout must be at most 24h");
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("page.max_sessions must be at least 1");
        }
    }

    /** This section switched on or off. */
    public PageConfig withEnabled(boolean newEnabled) {
        return new PageConfig(newEnabled, sessionTimeout, maxSessions);
    }
}
