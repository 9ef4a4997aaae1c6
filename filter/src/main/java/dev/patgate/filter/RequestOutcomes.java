package dev.patgate.filter;

import dev.patgate.auth.AuthFailure;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many requests the filter let through and how many it refused, by reason: the counts behind
 * the gateway's metrics. Counting costs an uncontended add per request. Thread-safe.
 */
public final class RequestOutcomes {

    /** The outcome of a request the token store could not decide (answered 503). */
    public static final String UNAVAILABLE = "unavailable";

    /** The outcome of a request let through. */
    public static final String ACCEPTED = "accepted";

    private final LongAdder accepted = new LongAdder();
    private final LongAdder unavailable = new LongAdder();
    private final Map<AuthFailure, LongAdder> refused = new EnumMap<>(AuthFailure.class);

    RequestOutcomes() {
        for (AuthFailure failure : AuthFailure.values()) {
            refused.put(failure, new LongAdder());
        }
    }

    void accepted() {
        accepted.increment();
    }

    void refused(AuthFailure failure) {
        refused.get(failure).increment();
    }

    void unavailable() {
        unavailable.increment();
    }

    /**
     * Every outcome with its count so far, zeros included, in a fixed order: {@value #ACCEPTED},
     * then each {@link AuthFailure} in lower case ({@code invalid_token}, ...), then
     * {@value #UNAVAILABLE}.
     */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put(ACCEPTED, accepted.sum());
        refused.forEach((failure, count) -> counts.put(failure.name().toLowerCase(Locale.ROOT), count.sum()));
        counts.put(UNAVAILABLE, unavailable.sum());
        return counts;
    }
}
