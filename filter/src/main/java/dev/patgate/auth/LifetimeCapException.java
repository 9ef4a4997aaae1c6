package dev.patgate.auth;

import dev.patgate.token.Durations;
import java.time.Duration;

/**
 * A token request breaks the operator's cap on token lifetime ({@code tokens.max_lifetime}): it has
 * no hard expiry, or a longer one. The message is neutral; a caller that knows how the user named the
 * hard expiry (a CLI option, a JSON field) words its own from {@link #cap()} and {@link #missing()}.
 */
public final class LifetimeCapException extends IllegalArgumentException {

    private final Duration cap;
    private final boolean missing;

    LifetimeCapException(Duration cap, boolean missing) {
        super("policy caps token lifetime at " + Durations.format(cap) + ": "
                + (missing ? "a hard expiry is needed (at most that)" : "the hard expiry must not be longer"));
        this.cap = cap;
        this.missing = missing;
    }

    /** The operator's cap. */
    public Duration cap() {
        return cap;
    }

    /** Whether the request had no hard expiry at all (else: a longer one). */
    public boolean missing() {
        return missing;
    }
}
