package dev.patgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Properties of {@link Scope#parse} (docs/fuzzing.md). */
class ScopeFuzzTest {

    /** The grammar, written independently of the parser (ASCII only, hex in either case). */
    private static final Pattern GRAMMAR = Pattern.compile(
            "node:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}:(r|w|rw|wr)");

    @Provide
    Arbitrary<String> scopeLike() {
        Arbitrary<String> uuid =
                Arbitraries.randomValue(random -> new UUID(random.nextLong(), random.nextLong()).toString());
        Arbitrary<String> shaped = Combinators.combine(
                        uuid,
                        Arbitraries.of(
                                "node:", "node:", "node:", "node:", "node:", "Node:", "NODE:", "node", "nodes:", ":",
                                ""),
                        Arbitraries.integers().between(0, 1 << 20),
                        Arbitraries.of(
                                "r", "w", "rw", "wr", "r", "w", "rw", "", "rr", "x", "R", "W", "rw ", "r:w", "\u0433"))
                .as((u, prefix, mask, perm) -> prefix + mutateCase(u, mask) + ":" + perm);
        Arbitrary<String> nearly = Combinators.combine(
                        shaped,
                        Arbitraries.integers().between(0, 60),
                        Arbitraries.of('-', ':', 'g', 'G', ' ', '\u212a', '\uff21', '\u0130', '0'))
                .as((s, position, c) -> {
                    int at = Math.min(position, s.length());
                    return s.substring(0, at) + c + s.substring(Math.min(s.length(), at + 1));
                });
        return Arbitraries.oneOf(shaped, shaped, nearly, Arbitraries.strings().ofMaxLength(60));
    }

    @Property
    void parseWhenAnyTextThenExactlyTheGrammarAndTheCanonicalFormParsesBack(@ForAll("scopeLike") String text) {
        Throwable thrown = catchThrowable(() -> {
            Scope scope = Scope.parse(text);
            assertThat(Scope.parse(scope.toString())).isEqualTo(scope);
            assertThat(scope.toString()).isEqualTo(canonical(text));
        });
        bothOutcomes(thrown == null, 3);

        if (GRAMMAR.matcher(text).matches()) {
            assertThat(thrown).as("'%s' is a scope", text).isNull();
        } else {
            assertThat(thrown).as("'%s' is not a scope", text).isExactlyInstanceOf(IllegalArgumentException.class);
            assertThat(thrown.getMessage()).endsWith(Scope.ACCEPTED);
            if (text.length() > 12) {
                assertThat(thrown.getMessage()).doesNotContain(text.substring(5, 12));
            }
        }
    }

    /** What the grammar says a scope's canonical text is: lower-case UUID, permission as r, w or rw. */
    private static String canonical(String text) {
        String[] parts = text.split(":");
        String perm = parts[2].equals("wr") ? "rw" : parts[2];
        return "node:" + parts[1].toLowerCase(Locale.ROOT) + ":" + perm;
    }

    private static String mutateCase(String uuid, int mask) {
        StringBuilder out = new StringBuilder(uuid.length());
        for (int i = 0; i < uuid.length(); i++) {
            char c = uuid.charAt(i);
            out.append((mask >> (i % 20) & 1) == 1 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
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
