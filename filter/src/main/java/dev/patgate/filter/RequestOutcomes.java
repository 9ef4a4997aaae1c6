package dev.patgate.filter;

import dev.patgate.auth.Refusal;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many requests the filter let through and how many it refused, by reason: the counts behind
 * the gateway's metrics. Counting costs an uncontended add per request. Thread-safe.
 */
public final class RequestOutcomes {

    /** The outcome of a request the token store could not decide (answered 503). */
    public static final String UNAVAILABLE = Refusal.Outcome.UNAVAILABLE.label();

    /** The outcome of a request let through. */
    public static final String ACCEPTED = "accepted";

    private final LongAdder accepted = new LongAdder();
    private final Map<Refusal.Outcome, LongAdder> refused = new EnumMap<>(Refusal.Outcome.class);

    RequestOutcomes() {
        for (Refusal.Outcome outcome : Refusal.Outcome.values()) {
            refused.put(outcome, new LongAdder());
        }
    }

    void accepted() {
        accepted.increment();
    }

    void refused(Refusal.Outcome outcome) {
        refused.get(outcome).increment();
    }

    /**
     * Every outcome with its count so far, zeros included, in a fixed order: {@value #ACCEPTED},
     * then each {@link Refusal.Outcome} by its {@linkplain Refusal.Outcome#label() label}
     * ({@code missing}, {@code invalid_request}, ..., {@code unavailable} last).
     */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put(ACCEPTED, accepted.sum());
        refused.forEach((outcome, count) -> counts.put(outcome.label(), count.sum()));
        return counts;
    }
}
