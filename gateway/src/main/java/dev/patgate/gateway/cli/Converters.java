package dev.patgate.gateway.cli;

import dev.patgate.token.Durations;
import dev.patgate.token.Scope;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Picocli converters that refuse bad input with the library's one-line message. */
final class Converters {

    private Converters() {}

    /** {@code 90s}, {@code 10m}, {@code 24h}, {@code 7d}; a bare number is seconds. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code node:<uuid>:r|w|rw}. */
    static final class ScopeConverter implements ITypeConverter<Scope> {
        @Override
        public Scope convert(String value) {
            try {
                return Scope.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
