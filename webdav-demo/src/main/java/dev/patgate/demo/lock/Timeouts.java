package dev.patgate.demo.lock;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Timeout} request header of LOCK (RFC 4918 §10.7): a comma-separated list of
 * {@code Second-N} and {@code Infinite}, in the client's order of preference. The server may grant
 * any timeout; this one grants the first entry, capped at {@link #MAX}.
 */
public final class Timeouts {

    /** Granted when the request has no {@code Timeout} header: one hour. */
    public static final Duration DEFAULT = Duration.ofHours(1);
    /** The longest lock granted, also for {@code Infinite}: one day. */
    public static final Duration MAX = Duration.ofDays(1);

    private static final Pattern SECONDS = Pattern.compile("second-(\\d+)");

    private Timeouts() {}

    /**
     * The timeout to grant for a {@code Timeout} header value.
     *
     * @param header the header value; null when the request has none ({@link #DEFAULT})
     * @return a duration between 1 second and {@link #MAX}
     * @throws LockSyntaxException when an entry is neither {@code Second-N} nor {@code Infinite}
     *                             (case-insensitive), or the list is empty
     */
    public static Duration parse(String header) throws LockSyntaxException {
        if (header == null) {
            return DEFAULT;
        }
        Duration granted = null;
        for (String entry : header.split(",", -1)) {
            Duration asked = parseEntry(entry.strip().toLowerCase(Locale.ROOT));
            if (granted == null) {
                granted = asked;
            }
        }
        return granted;
    }

    private static Duration parseEntry(String entry) throws LockSyntaxException {
        if (entry.equals("infinite")) {
            return MAX;
        }
        Matcher seconds = SECONDS.matcher(entry);
        if (!seconds.matches()) {
            throw new LockSyntaxException("Timeout must list Second-N or Infinite");
        }
        String digits = seconds.group(1);
        if (digits.length() > 9) {
            return MAX;
        }
        long value = Long.parseLong(digits);
        if (value == 0) {
            return Duration.ofSeconds(1);
        }
        Duration asked = Duration.ofSeconds(value);
        return asked.compareTo(MAX) > 0 ? MAX : asked;
    }

    /** The {@code DAV:timeout} value for the time a lock has left: {@code Second-N}, rounded up. */
    public static String format(Duration remaining) {
        long seconds = remaining.getSeconds() + (remaining.getNano() > 0 ? 1 : 0);
        return "Second-" + seconds;
    }
}
