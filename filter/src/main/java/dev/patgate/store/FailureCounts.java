package dev.patgate.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Failed authentications counted across every gateway on one store, so that a client spread over
 * several instances gets one budget, not one per instance. Instances add their counts in batches
 * ({@link #addFailures}) and read back the rows that earn a wait ({@link #recentFailures}); nothing here
 * is asked on a request's thread. A row is keyed by a kind (an account: {@code token.address}) and a
 * subject (an address group, or a hashed login); it never holds a secret.
 */
public interface FailureCounts {

    /**
     * Failures of one subject to add: {@code failures} more, the latest at {@code lastFailure}.
     *
     * @param kind the account, at most 32 characters
     * @param subject the address group or hashed login, at most 160 characters
     */
    record Increment(String kind, String subject, long failures, Instant lastFailure) {
        public Increment {
            Objects.requireNonNull(kind, "kind must not be null");
            Objects.requireNonNull(subject, "subject must not be null");
            Objects.requireNonNull(lastFailure, "last failure must not be null");
            if (failures < 1) {
                throw new IllegalArgumentException("an increment adds at least one failure");
            }
        }
    }

    /** The count of one subject in the store: every instance's failures since it was last forgotten. */
    record Total(String kind, String subject, long failures, Instant lastFailure) {}

    /**
     * Adds every increment in one transaction (a row is made when there is none). A row whose last
     * failure lies before {@code forgottenBefore} counts as forgotten: it starts again from the
     * increment. The last failure only moves forward.
     */
    void addFailures(Collection<Increment> increments, Instant forgottenBefore);

    /**
     * The rows of these kinds with at least {@code minFailures} failures, the last after {@code since};
     * the most recent first, at most {@code limit}.
     */
    List<Total> recentFailures(Collection<String> kinds, long minFailures, Instant since, int limit);

    /**
     * Deletes the rows of these kinds whose last failure lies before {@code before}.
     *
     * @return how many were deleted
     */
    int pruneFailures(Collection<String> kinds, Instant before);
}
