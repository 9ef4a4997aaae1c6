package dev.patgate.gateway.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Small formatting helpers shared by the commands. */
final class Messages {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Messages() {}

    /** An instant in UTC, to the second; {@code -} for none. */
    static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }

    /** A user-typed value, quoted when short and printable, else described. */
    static String quote(String value) {
        if (value == null || value.length() > 64 || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return "(the value given)";
        }
        return "'" + value + "'";
    }

    /** The text on one line: line breaks become spaces. */
    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
