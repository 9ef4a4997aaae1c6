package dev.patgate.demo.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.patgate.demo.lock.IfHeader.Condition;
import dev.patgate.demo.lock.IfHeader.ConditionList;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Properties of the {@code If} header parser, {@link IfHeader#parse} (docs/fuzzing.md). */
class IfHeaderFuzzTest {

    private static final String MARKER = "opaquelocktoken:SeCrEt";

    @Provide
    Arbitrary<IfHeader> headers() {
        return Arbitraries.randomValue(IfHeaderFuzzTest::header);
    }

    @Property
    void parseWhenRenderedInAnySpacingThenTheSameHeader(@ForAll("headers") IfHeader header, @ForAll long seed)
            throws Exception {
        String text = render(header, new Random(seed));

        assertThat(IfHeader.parse(text)).as(text).isEqualTo(header);
    }

    @Property
    void submittedTokensWhenParsedThenEachAppearsNotNegatedInTheText(
            @ForAll("headers") IfHeader header, @ForAll long seed) throws Exception {
        String text = render(header, new Random(seed));

        for (String token : IfHeader.parse(text).submittedTokens()) {
            assertThat(text).contains("<" + token + ">");
        }
    }

    @Provide
    Arbitrary<String> ifLike() {
        Arbitrary<String> mutated = Combinators.combine(
                        headers(), Arbitraries.longs(), Arbitraries.integers().between(1, 3))
                .as((header, seed, edits) -> mutate(render(header, new Random(seed)), new Random(seed), edits));
        Arbitrary<String> pieces = Arbitraries.of(
                        "(",
                        ")",
                        "<",
                        ">",
                        "[",
                        "]",
                        "\"",
                        "W/",
                        "Not",
                        "not",
                        " ",
                        "\t",
                        "<" + MARKER + ">",
                        "[\"e\"]",
                        "</dav/a>",
                        "\u0000",
                        "\r\n",
                        "x",
                        "\u00e9")
                .list()
                .ofMaxSize(12)
                .map(list -> String.join("", list));
        return Arbitraries.oneOf(mutated, mutated, pieces, Arbitraries.strings().ofMaxLength(30));
    }

    @Property
    void parseWhenAnyTextThenAHeaderOrLockSyntaxExceptionWithoutEcho(@ForAll("ifLike") String text) {
        Throwable thrown = catchThrowable(() -> IfHeader.parse(text));
        Statistics.label("outcome").collect(thrown == null ? "parsed" : "refused");

        if (thrown != null) {
            assertThat(thrown).isExactlyInstanceOf(LockSyntaxException.class);
            assertThat(thrown.getMessage()).doesNotContain("SeCrEt");
            if (text.length() >= 6) {
                assertThat(thrown.getMessage()).doesNotContain(text);
            }
        }
    }

    @Property(tries = 20)
    void parseWhenLongerThanTheLimitThenRefused(@ForAll("headers") IfHeader header, @ForAll long seed) {
        StringBuilder text = new StringBuilder(render(header, new Random(seed)));
        while (text.length() <= IfHeader.MAX_LENGTH) {
            text.append(" (<").append(MARKER).append(">)");
        }

        assertThat(catchThrowable(() -> IfHeader.parse(text.toString())))
                .isExactlyInstanceOf(LockSyntaxException.class);
    }

    private static IfHeader header(Random random) {
        boolean tagged = random.nextBoolean();
        List<ConditionList> lists = new ArrayList<>();
        String tag = tagged ? tag(random) : null;
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            if (tagged && random.nextInt(3) == 0) {
                tag = tag(random);
            }
            List<Condition> conditions = new ArrayList<>();
            int size = 1 + random.nextInt(3);
            for (int j = 0; j < size; j++) {
                boolean not = random.nextInt(4) == 0;
                conditions.add(
                        random.nextBoolean()
                                ? new Condition(not, stateToken(random), null)
                                : new Condition(not, null, entityTag(random)));
            }
            lists.add(new ConditionList(tag, conditions));
        }
        return new IfHeader(lists);
    }

    private static String tag(Random random) {
        return random.nextBoolean()
                ? "/dav/f" + random.nextInt(100)
                : "http://gw.example:8080/dav/a%20b/" + random.nextInt(9);
    }

    private static String stateToken(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> "opaquelocktoken:" + new java.util.UUID(random.nextLong(), random.nextLong());
            case 1 -> "urn:uuid:" + new java.util.UUID(random.nextLong(), random.nextLong());
            default -> visible(random, 1 + random.nextInt(10), "<> ");
        };
    }

    private static String entityTag(Random random) {
        return (random.nextBoolean() ? "W/" : "") + "\"" + visible(random, random.nextInt(8), "\" ") + "\"";
    }

    /** Printable ASCII and some non-ASCII characters, none of {@code excluded}. */
    private static String visible(Random random, int length, String excluded) {
        StringBuilder out = new StringBuilder();
        while (out.length() < length) {
            char c = random.nextInt(5) == 0
                    ? (char) (0xa0 + random.nextInt(0x500))
                    : (char) (0x21 + random.nextInt(0x5e));
            if (excluded.indexOf(c) < 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The header as a client could write it: any amount of spaces and tabs wherever the grammar allows. */
    private static String render(IfHeader header, Random random) {
        StringBuilder out = new StringBuilder(space(random));
        String previousTag = null;
        boolean first = true;
        for (ConditionList list : header.lists()) {
            if (list.resourceTag() != null
                    && (first || !list.resourceTag().equals(previousTag) || random.nextBoolean())) {
                out.append('<').append(list.resourceTag()).append('>').append(space(random));
            }
            previousTag = list.resourceTag();
            first = false;
            out.append('(');
            for (Condition condition : list.conditions()) {
                out.append(space(random));
                if (condition.not()) {
                    out.append(random.nextBoolean() ? "Not" : "not").append(' ').append(space(random));
                }
                out.append(
                        condition.stateToken() != null
                                ? "<" + condition.stateToken() + ">"
                                : "[" + condition.entityTag() + "]");
            }
            out.append(space(random)).append(')').append(space(random));
        }
        return out.toString();
    }

    private static String space(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> " ";
            case 2 -> "\t ";
            default -> "  ";
        };
    }

    private static String mutate(String text, Random random, int edits) {
        StringBuilder out = new StringBuilder(text);
        String alphabet = "()<>[]\" \tWN/x\u0000";
        for (int i = 0; i < edits && out.length() > 0; i++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(3)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                default -> out.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return out.toString();
    }
}
