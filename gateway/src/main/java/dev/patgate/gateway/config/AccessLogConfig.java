package dev.patgate.gateway.config;

import ch.qos.logback.core.util.FileSize;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * The access log (section {@code access_log}): one line per request to logger {@code patgate.access},
 * in {@code format}, written to {@code file} (rotated daily and by size, {@code max_history} files
 * kept) or, without a file, to stderr. See docs/operations.md, "Access log".
 *
 * @param format {@code text} (default), {@code json} or {@code off}
 * @param file the log file, relative to PATGATE_HOME; {@code null} (default) for stderr
 * @param maxHistory rotated files kept (days), default 7
 * @param maxFileSize the size at which a file is rolled over within a day, like {@code 100MB} (default)
 */
public record AccessLogConfig(
        Format format,
        String file,

        @JsonPropertyDescription(AccessLogConfig.AT_LEAST_ONE)
        int maxHistory,

        String maxFileSize) {

    static final String AT_LEAST_ONE = "must be a whole number, at least 1";

    public static final AccessLogConfig DEFAULT = new AccessLogConfig(Format.TEXT, null, 7, "100MB");

    public AccessLogConfig {
        Objects.requireNonNull(format, "access_log.format must be text, json or off");
        if (file != null && (file.isBlank() || file.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("access_log.file must be a path");
        }
        if (maxHistory < 1) {
            throw new IllegalArgumentException("access_log.max_history " + AT_LEAST_ONE);
        }
        Objects.requireNonNull(maxFileSize, "access_log.max_file_size must be a size like 100MB");
        try {
            if (FileSize.valueOf(maxFileSize).getSize() < 1) {
                throw new IllegalArgumentException("access_log.max_file_size must be a size like 100MB");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("access_log.max_file_size must be a size like 100MB, 512KB or 1GB");
        }
    }

    /** This section with another file ({@code null}: stderr). */
    public AccessLogConfig withFile(String newFile) {
        return new AccessLogConfig(format, newFile, maxHistory, maxFileSize);
    }

    /** This section in another format. */
    public AccessLogConfig withFormat(Format newFormat) {
        return new AccessLogConfig(newFormat, file, maxHistory, maxFileSize);
    }

    /** How each line is written. */
    public enum Format {
        /** {@code key=value} pairs separated by spaces, in a fixed order. */
        TEXT("text"),
        /** One JSON object per line. */
        JSON("json"),
        /** No access log. */
        OFF("off");

        private final String text;

        Format(String text) {
            this.text = text;
        }

        /**
         * @throws IllegalArgumentException naming the accepted values
         */
        @JsonCreator
        public static Format parse(String text) {
            String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            for (Format format : values()) {
                if (format.text.equals(wanted)) {
                    return format;
                }
            }
            throw new IllegalArgumentException("access_log.format must be text, json or off");
        }

        @JsonValue
        @Override
        public String toString() {
            return text;
        }
    }
}
