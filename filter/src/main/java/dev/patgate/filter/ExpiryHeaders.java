package dev.patgate.filter;

import dev.patgate.auth.AuthenticatedToken;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;

/**
 * The expiry signal on every accepted response (docs/token-lifecycle.md, "Expiry headers"), so that a
 * client can warn before its token lapses:
 *
 * <ul>
 *   <li>{@value #EXPIRES}: when the token stops working if it is not used again (a hard token: its
 *       hard expiry; a sliding token: the end of the window this request started, or the cap when
 *       that comes first);</li>
 *   <li>{@value #CAP}: only for a sliding token that also has a hard expiry: that expiry, past which
 *       no use extends it.</li>
 * </ul>
 *
 * Each value is one RFC 3339 instant in UTC, whole seconds, rounded down (e.g.
 * {@code 2026-12-07T17:00:00Z}). Computed from the token already in hand: no store query.
 */
public final class ExpiryHeaders {

    /** When the token lapses if not used again. */
    public static final String EXPIRES = "Patgate-Token-Expires";

    /** A sliding token's hard expiry. */
    public static final String CAP = "Patgate-Token-Expires-Cap";

    private ExpiryHeaders() {}

    /** Sets the headers for {@code token} on {@code response}. */
    public static void write(HttpServletResponse response, AuthenticatedToken token) {
        if (token.validUntil() != null) {
            response.setHeader(EXPIRES, format(token.validUntil()));
        }
        if (token.cap() != null) {
            response.setHeader(CAP, format(token.cap()));
        }
    }

    /**
     * RFC 3339 in UTC, whole seconds, rounded down. The last second formatted is kept: a hard expiry is
     * the same on every use, and a sliding one moves once a second, so most calls only compare.
     */
    public static String format(Instant instant) {
        long second = instant.getEpochSecond();
        Formatted last = lastFormatted;
        if (last.second() != second) {
            last = new Formatted(second, Instant.ofEpochSecond(second).toString());
            lastFormatted = last;
        }
        return last.text();
    }

    private record Formatted(long second, String text) {}

    private static volatile Formatted lastFormatted = new Formatted(Long.MIN_VALUE, "");
}
