package dev.patgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigInteger;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/** Properties of {@link Durations} (docs/fuzzing.md). */
class DurationsFuzzTest {

    /** The grammar, written independently of the parser: ASCII digits, then at most one unit. */
    private static final Pattern GRAMMAR = Pattern.compile("([0-9]+)([smhd]?)");

    private static final BigInteger MAX_SECONDS = BigInteger.valueOf(100L * 365 * 24 * 3600);

    @Provide
    Arbitrary<String> durationLike() {
        Arbitrary<String> nearGrammar = Arbitraries.strings()
                .withChars("0123456789smhdSMHDwy.-+ \t_,e")
                .withChars('\u0660', '\u0663', '\uff11', '\u00b9', '\u0000', '\u017f')
                .ofMinLength(0)
                .ofMaxLength(14);
        Arbitrary<String> grammar = Combinators.combine(
                        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(22),
                        Arbitraries.of("", "s", "m", "h", "d"))
                .as((digits, unit) -> digits + unit);
        return Arbitraries.oneOf(nearGrammar, grammar, Arbitraries.strings().ofMaxLength(30));
    }

    @Property
    void parseWhenAnyTextThenExactlyTheGrammarWithTheOracleValue(@ForAll("durationLike") String text) {
        Duration expected = oracle(text);

        Throwable thrown =
                catchThrowable(() -> assertThat(Durations.parse(text)).isEqualTo(expected));
        bothOutcomes(thrown == null, 3);

        if (expected == null) {
            assertThat(thrown)
                    .as("'%s' is outside the grammar", text)
                    .isExactlyInstanceOf(IllegalArgumentException.class);
            assertThat(thrown.getMessage()).endsWith(Durations.ACCEPTED);
        } else {
            assertThat(thrown).as("'%s' is in the grammar", text).isNull();
        }
    }

    @Property
    void parseWhenRefusedThenTheMessageQuotesOnlyShortPrintableInput(@ForAll("durationLike") String text) {
        Throwable thrown = catchThrowable(() -> Durations.parse(text));

        boolean quotable = text.length() <= 24 && text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        if (thrown != null && !quotable && text.length() >= 3) {
            assertThat(thrown.getMessage()).doesNotContain(text);
        }
    }

    @Property
    void formatWhenAnyDurationThenParsesBackToIt(
            @ForAll @LongRange(min = 1, max = 100L * 365 * 24 * 3600) long seconds) {
        Duration duration = Duration.ofSeconds(seconds);

        assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }

    /** The duration the grammar gives, computed without overflow; null when the text is not one. */
    private static Duration oracle(String text) {
        Matcher m = GRAMMAR.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long unit = switch (m.group(2)) {
            case "", "s" -> 1;
            case "m" -> 60;
            case "h" -> 3600;
            default -> 86400;
        };
        BigInteger seconds = new BigInteger(m.group(1)).multiply(BigInteger.valueOf(unit));
        if (seconds.signum() == 0 || seconds.compareTo(MAX_SECONDS) > 0) {
            return null;
        }
        return Duration.ofSeconds(seconds.longValueExact());
    }

    /** Fails the property when the generator stops producing both outcomes (each at least {@code min} %). */
    private static void bothOutcomes(boolean accepted, double min) {
        Statistics.label("outcome").collect(accepted ? "accepted" : "refused");
        Statistics.label("outcome").coverage(coverage -> {
            coverage.check("accepted").percentage(p -> p >= min);
            coverage.check("refused").percentage(p -> p >= min);
        });
    }
}
