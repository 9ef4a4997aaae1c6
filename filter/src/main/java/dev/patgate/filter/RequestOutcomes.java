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

    /**
     * Told of each decision of the filter, on the request's thread: the outcome (as in
     * {@link #counts()}) and the nanoseconds the decision took (credential extraction,
     * authentication and scope checks, not the forwarding). For latency metrics; must be quick and
     * must not throw.
     */
    @FunctionalInterface
    public interface DecisionListener {
        /** A listener that does nothing. */
        DecisionListener NONE = (outcome, nanos) -> {};

        void decided(String outcome, long nanos);
    }

    private final LongAdder accepted = new LongAdder();
    private final Map<Refusal.Outcome, LongAdder> refused = new EnumMap<>(Refusal.Outcome.class);
    private final DecisionListener listener;

    RequestOutcomes() {
        this(DecisionListener.NONE);
    }

    RequestOutcomes(DecisionListener listener) {
        this.listener = listener;
        for (Refusal.Outcome outcome : Refusal.Outcome.values()) {
            refused.put(outcome, new LongAdder());
        }
    }

    void accepted(long nanos) {
        accepted.increment();
        listener.decided(ACCEPTED, nanos);
    }

    void refused(Refusal.Outcome outcome, long nanos) {
        refused.get(outcome).increment();
        listener.decided(outcome.label(), nanos);
    }

    /** The count of one outcome so far ({@value #ACCEPTED} or a refusal's label); 0 for an unknown label. */
    public long count(String outcome) {
        if (ACCEPTED.equals(outcome)) {
            return accepted.sum();
        }
        for (Map.Entry<Refusal.Outcome, LongAdder> entry : refused.entrySet()) {
            if (entry.getKey().label().equals(outcome)) {
                return entry.getValue().sum();
            }
        }
        return 0;
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
