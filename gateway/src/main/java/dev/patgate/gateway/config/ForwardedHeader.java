package dev.patgate.gateway.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Which headers a trusted proxy keeps for the gateway ({@code listen.forwarded_header}). Only that
 * family is read: a proxy that maintains one family passes the other through as the client wrote it,
 * so reading both would let a client speak for the network.
 */
public enum ForwardedHeader {
    /** {@code X-Forwarded-For}, {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} (nginx, HAProxy, most load balancers). */
    X_FORWARDED("x-forwarded"),
    /** {@code Forwarded} (RFC 7239). */
    FORWARDED("forwarded");

    private final String text;

    ForwardedHeader(String text) {
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException naming the accepted values
     */
    @JsonCreator
    public static ForwardedHeader parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (ForwardedHeader header : values()) {
            if (header.text.equals(wanted)) {
                return header;
            }
        }
        throw new IllegalArgumentException("listen.forwarded_header must be x-forwarded or forwarded");
    }

    @JsonValue
    @Override
    public String toString() {
        return text;
    }
}
