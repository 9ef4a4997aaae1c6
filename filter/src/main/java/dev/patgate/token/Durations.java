package dev.patgate.token;

import java.time.Duration;

/**
 * Parses the durations the CLI and the configuration accept: a positive whole number followed by
 * {@code s}, {@code m}, {@code h} or {@code d}; a bare number means seconds. {@code 24h}, {@code 10m},
 * {@code 90} (seconds) and {@code 7d} are valid; {@code 0}, {@code -5m}, {@code 1.5h}, {@code 2w},
 * {@code h} and the empty string are not.
 */
public final class Durations {

    /** What every refusal says is accepted. */
    public static final String ACCEPTED =
            "expected a positive whole number followed by s, m, h or d (e.g. 90s, 10m, 24h, 7d); a bare number means seconds";

    private static final long MAX_SECONDS = 100L * 365 * 24 * 3600;

    private Durations() {}

    /**
     * @param text the duration as typed; {@code null} is treated as empty
     * @return the duration, always positive and at most 100 years
     * @throws IllegalArgumentException naming the problem and what is accepted; the message quotes
     *         the input only when it is short and printable
     */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw refused("empty duration");
        }
        int end = text.length();
        char last = text.charAt(end - 1);
        long unitSeconds;
        switch (last) {
            case 's' -> unitSeconds = 1;
            case 'm' -> unitSeconds = 60;
            case 'h' -> unitSeconds = 3600;
            case 'd' -> unitSeconds = 86400;
            default -> {
                if (last < '0' || last > '9') {
                    throw refused("unknown unit in " + quote(text));
                }
                unitSeconds = 1;
                end++;
            }
        }
        String digits = text.substring(0, end - 1);
        if (digits.isEmpty()) {
            throw refused("no number in " + quote(text));
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw refused("not a positive whole number: " + quote(text));
            }
            value = value * 10 + (c - '0');
            if (value > MAX_SECONDS) {
                throw refused("too long: " + quote(text) + " (at most 100 years)");
            }
        }
        if (value == 0) {
            throw refused("zero is not a duration");
        }
        if (value > MAX_SECONDS / unitSeconds) {
            throw refused("too long: " + quote(text) + " (at most 100 years)");
        }
        return Duration.ofSeconds(value * unitSeconds);
    }

    /** Formats a duration in the largest unit that divides it: {@code 86400s} becomes {@code 1d}. */
    public static String format(Duration duration) {
        long s = duration.getSeconds();
        if (s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    private static IllegalArgumentException refused(String problem) {
        return new IllegalArgumentException(problem + ": " + ACCEPTED);
    }

    private static String quote(String text) {
        if (text.length() > 24 || !text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return "the value";
        }
        return "'" + text + "'";
    }
}
