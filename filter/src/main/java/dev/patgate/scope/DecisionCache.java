package dev.patgate.scope;

import dev.patgate.auth.AuthenticatedToken;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;

/**
 * Scoped requests already allowed, so that a known token repeating a request costs one lookup. Only
 * requests whose decision depends on nothing but token, method, path (and, for COPY and MOVE, the
 * Destination and Host) and on resolutions are kept: no body is read for them and they name no lock.
 * Entries share the resolutions' {@link ChangeTracker} and time to live, so they are stale whenever
 * resolutions are and live no longer than one.
 */
final class DecisionCache {

    private final ChangeTracker changes;
    private final StampedCache<Key, Boolean> allowed;

    DecisionCache(ChangeTracker changes, Duration timeToLive, long maximumSize, Clock clock) {
        this.changes = changes;
        this.allowed = new StampedCache<>(changes, timeToLive, maximumSize, clock);
    }

    /** A cache that goes stale with {@code resolver}'s resolutions and expires as they do. */
    static DecisionCache following(CachingNodeResolver resolver, long maximumSize) {
        return new DecisionCache(resolver.changes(), resolver.timeToLive(), maximumSize, resolver.clock());
    }

    /**
     * What the decision on this request depends on, or null when it depends on more (a body, lock
     * tokens) and is never cached.
     *
     * @param readsBody whether finding the targets reads the body
     */
    static Key keyFor(
            HttpServletRequest request, AuthenticatedToken token, String method, String rawPath, boolean readsBody) {
        if (readsBody || request.getHeader("If") != null || request.getHeader("Lock-Token") != null) {
            return null;
        }
        String destination = "COPY".equals(method) || "MOVE".equals(method) ? destinationKey(request) : null;
        return new Key(token.tokenId(), method, rawPath, destination);
    }

    /** The generation to hand to {@link #allow}: read it before deciding. */
    long generation() {
        return changes.generation();
    }

    /** Whether this request was allowed under the current generation. */
    boolean isAllowed(Key key) {
        return allowed.getIfPresent(key) != null;
    }

    /** Remembers an allowed request, unless a change started since {@code decidedUnder}. */
    void allow(Key key, long decidedUnder) {
        allowed.put(key, Boolean.TRUE, decidedUnder);
    }

    /** Every Destination value, and the Host it was checked against. */
    private static String destinationKey(HttpServletRequest request) {
        return request.getHeader("Host") + "\n"
                + String.join("\n", Collections.list(request.getHeaders("Destination")));
    }

    /** A request without a body already allowed for a token. */
    record Key(String tokenId, String method, String rawPath, String destination) {}
}
