package dev.patgate.gateway.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.Duration;
import java.util.Objects;

/**
 * Brute-force protection (section {@code limits}): after {@code maxFailures} failed authentications
 * from one client address within {@code failureWindow}, that address gets 429 until the window passes.
 *
 * @param maxFailures default 20
 * @param failureWindow default 1 min
 */
public record LimitsConfig(
        @JsonPropertyDescription(LimitsConfig.AT_LEAST_ONE) int maxFailures, Duration failureWindow) {

    static final String AT_LEAST_ONE = "must be a whole number, at least 1";

    public static final LimitsConfig DEFAULT = new LimitsConfig(20, Duration.ofMinutes(1));

    public LimitsConfig {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("limits.max_failures " + AT_LEAST_ONE);
        }
        Objects.requireNonNull(failureWindow, "limits.failure_window must not be null");
        if (failureWindow.isZero() || failureWindow.isNegative()) {
            throw new IllegalArgumentException("limits.failure_window must be positive");
        }
    }
}
