package dev.patgate.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Properties of {@link StrictJson} (docs/fuzzing.md). */
class StrictJsonFuzzTest {

    /** A second, ordinary reading to compare with; numbers exact as in StrictJson. */
    private static final ObjectMapper PLAIN =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MARKER = "SeCrEtMaRkEr";
    private static final Set<String> REASONS = Set.of(
            "the document is empty",
            "the document has no value",
            "more than one JSON value",
            "not valid JSON",
            "a key appears twice in one object",
            "the document is not well-formed UTF-8",
            "the document starts with a byte order mark",
            "a string has an unpaired surrogate escape",
            "the document is nested deeper than 32 levels",
            "a number is longer than 100 characters",
            "the document exceeds a size limit",
            "a number is out of range");

    /** The content-type rule, written independently: ASCII-only case folding, as Java's (?i) does by default. */
    private static final Pattern JSON_TYPE =
            Pattern.compile("[ \\t]*(?i:application/json)[ \\t]*(;[ \\t]*(?i:charset)=(?i:utf-8|\"utf-8\")[ \\t]*)?");

    @Provide
    Arbitrary<JsonNode> trees() {
        return Arbitraries.randomValue(random -> value(random, 0)).withoutEdgeCases();
    }

    @Provide
    Arbitrary<JsonNode> containers() {
        return Arbitraries.randomValue(random -> random.nextBoolean() ? object(random, 0) : array(random, 0));
    }

    @Property
    void readWhenOrdinaryJsonThenTheSameValue(@ForAll("trees") JsonNode tree) throws Exception {
        byte[] document = PLAIN.writeValueAsBytes(tree);

        JsonNode read = StrictJson.read(document);

        assertThat(read).isEqualTo(PLAIN.readTree(document));
        assertThat(read.toString()).isEqualTo(PLAIN.readTree(document).toString());
        assertThat(StrictJson.read(PLAIN.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree)))
                .isEqualTo(read);
    }

    @Provide
    Arbitrary<String> suffixes() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "{}", "[]", "0", "\"x\"", "null", "x", ",", "}", "]", "\u0000", "//", "/**/", "#", "\u00a0",
                        "\u2028", "\ufeff", "\f", "\u000b"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(5).filter(s -> !s.isBlank()));
    }

    @Property
    void readWhenAnythingFollowsTheValueThenRefused(
            @ForAll("containers") JsonNode tree, @ForAll("suffixes") String suffix, @ForAll boolean space)
            throws Exception {
        String document = PLAIN.writeValueAsString(tree) + (space ? " \n" : "") + suffix;

        assertRefused(document.getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void readWhenAKeyRepeatsAtAnyDepthThenRefused(
            @ForAll("containers") JsonNode tree,
            @ForAll("keys") String key,
            @ForAll("trees") JsonNode first,
            @ForAll("trees") JsonNode second,
            @ForAll long seed)
            throws Exception {
        String duplicated = "{" + PLAIN.writeValueAsString(key) + ":" + PLAIN.writeValueAsString(first) + ","
                + PLAIN.writeValueAsString(key) + ":" + PLAIN.writeValueAsString(second) + "}";
        String document = embed(PLAIN.writeValueAsString(tree), duplicated, new Random(seed));

        assertRefused(document.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> extensions() {
        return Arbitraries.of(
                "NaN",
                "Infinity",
                "-Infinity",
                "+1",
                "01",
                "-01",
                ".5",
                "5.",
                "1.e5",
                "'x'",
                "\"\\x\"",
                "\"\t\"",
                "\"\u0001\"",
                "[1,]",
                "{\"a\":1,}",
                "[,1]",
                "[1,,2]",
                "/*c*/1",
                "1//c",
                "#c\n1",
                "{a:1}",
                "{'a':1}",
                "\"\\ud800\"",
                "\"\\udfff\\ud800\"",
                "0x10",
                "1e",
                "-",
                "tru",
                "nul",
                "\"\\u12\"",
                "True",
                "undefined",
                "\u001e1",
                "[".repeat(StrictJson.MAX_DEPTH + 1) + "]".repeat(StrictJson.MAX_DEPTH + 1),
                "1" + "0".repeat(StrictJson.MAX_NUMBER_LENGTH));
    }

    @Property
    void readWhenAnExtensionIsInsideThenRefused(
            @ForAll("containers") JsonNode tree, @ForAll("extensions") String extension, @ForAll long seed)
            throws Exception {
        String document = embed(PLAIN.writeValueAsString(tree), extension, new Random(seed));

        assertRefused(document.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<byte[]> mutatedDocuments() {
        Arbitrary<byte[]> valid = trees().map(tree -> {
            try {
                return PLAIN.writeValueAsBytes(tree);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return Combinators.combine(
                        valid, Arbitraries.longs(), Arbitraries.integers().between(1, 4))
                .as(StrictJsonFuzzTest::mutate);
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        return Arbitraries.oneOf(
                mutatedDocuments(),
                mutatedDocuments(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.strings()
                        .withChars("{}[]:,\" \\u0123456789eE+-.ntrufals/*#'\n")
                        .ofMaxLength(30)
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    @Property
    void readWhenAnyBytesThenAValueTheOrdinaryReadingAgreesWithOrARefusalNamingARule(
            @ForAll("anyBytes") byte[] document) throws Exception {
        JsonNode read = null;
        Throwable thrown = null;
        try {
            read = StrictJson.read(document);
        } catch (Throwable t) {
            thrown = t;
        }
        Statistics.label("outcome").collect(thrown == null ? "accepted" : "refused");

        if (thrown == null) {
            String text = strictUtf8(document);
            assertThat(text).as("accepted bytes are UTF-8").isNotNull();
            assertThat(text).doesNotStartWith("\ufeff");
            assertThat(PLAIN.readTree(text)).isEqualTo(read);
        } else {
            assertThat(thrown).isExactlyInstanceOf(MalformedJsonException.class);
            assertThat(REASONS).contains(thrown.getMessage());
        }
    }

    @Property
    void readWhenRefusedThenTheMessageNeverQuotesTheDocument(
            @ForAll("containers") JsonNode tree, @ForAll("extensions") String extension, @ForAll long seed)
            throws Exception {
        String marked = PLAIN.writeValueAsString(tree).replaceFirst("[\\[{]", "$0\"" + MARKER + "\": " + MARKER + ",");
        String document = embed(marked, extension, new Random(seed));

        Throwable thrown = catchThrowable(() -> StrictJson.read(document.getBytes(StandardCharsets.UTF_8)));

        assertThat(thrown).isExactlyInstanceOf(MalformedJsonException.class);
        assertThat(thrown.getMessage()).doesNotContain(MARKER).doesNotContain(MARKER.toLowerCase());
    }

    @Provide
    Arbitrary<String> contentTypes() {
        Arbitrary<String> base = Arbitraries.of(
                "application/json",
                "application/json;charset=utf-8",
                "application/json; charset=\"utf-8\"",
                "application/json ; charset=UTF-8",
                "application/jsonp",
                "text/json",
                "application/json;foo=bar",
                "application/json-patch+json");
        Arbitrary<Character> noise = Arbitraries.of(
                ' ', '\t', ';', '=', '"', '/', '+', ',', 'x', '\u017f', '\u0131', '\u212a', '\u0000', '\u00a0', 'J',
                's');
        return Combinators.combine(
                        base,
                        Arbitraries.integers().between(0, 1 << 30),
                        noise,
                        Arbitraries.integers().between(0, 40),
                        Arbitraries.integers().between(0, 3))
                .as((type, caseMask, c, at, edit) -> edit(type, caseMask, c, at, edit));
    }

    @Property
    void isJsonContentTypeWhenAnyValueThenExactlyTheIndependentRule(@ForAll("contentTypes") String contentType) {
        boolean expected = JSON_TYPE.matcher(contentType).matches();
        Statistics.label("outcome").collect(expected ? "accepted" : "refused");

        assertThat(StrictJson.isJsonContentType(contentType))
                .as("'%s'", contentType)
                .isEqualTo(expected);
    }

    private static void assertRefused(byte[] document) {
        Throwable thrown = catchThrowable(() -> StrictJson.read(document));

        assertThat(thrown)
                .as(new String(document, StandardCharsets.UTF_8))
                .isExactlyInstanceOf(MalformedJsonException.class);
        assertThat(REASONS).contains(thrown.getMessage());
    }

    /** Puts {@code value} in place of some value inside {@code container}, or appends it to its first container. */
    private static String embed(String container, String value, Random random) {
        int count = (int) container.chars().filter(c -> c == '[' || c == ':').count();
        int pick = random.nextInt(Math.max(1, count));
        int seen = 0;
        boolean inString = false;
        for (int i = 0; i < container.length(); i++) {
            char c = container.charAt(i);
            if (inString && c == '\\') {
                i++; // the escaped character, which may be a quote or a backslash
                continue;
            }
            if (c == '"') {
                inString = !inString;
            }
            if (!inString && (c == '[' || c == ':') && seen++ == pick) {
                return container.substring(0, i + 1)
                        + value
                        + (c == '[' ? "," : ",\"zz" + random.nextInt() + "\":")
                        + container.substring(i + 1);
            }
        }
        return "[" + value + "," + container + "]";
    }

    private static String edit(String type, int caseMask, char c, int at, int kind) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < type.length(); i++) {
            char ch = type.charAt(i);
            out.append((caseMask >> (i % 30) & 1) == 1 ? Character.toUpperCase(ch) : ch);
        }
        int position = Math.min(at, out.length());
        switch (kind) {
            case 0 -> out.insert(position, c);
            case 1 -> {
                if (position < out.length()) {
                    out.setCharAt(position, c);
                }
            }
            case 2 -> {
                if (position < out.length()) {
                    out.deleteCharAt(position);
                }
            }
            default -> {}
        }
        return out.toString();
    }

    private static byte[] mutate(byte[] valid, long seed, int edits) {
        Random random = new Random(seed);
        byte[] out = valid.clone();
        for (int n = 0; n < edits; n++) {
            int at = random.nextInt(out.length + 1);
            String punctuation = "{}[]:,\"\\ 0-.eE\u0000";
            byte b = (byte)
                    (random.nextBoolean()
                            ? punctuation.charAt(random.nextInt(punctuation.length()))
                            : random.nextInt(256));
            switch (random.nextInt(3)) {
                case 0 -> {
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = b;
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
                case 1 -> {
                    if (at < out.length) {
                        out[at] = b;
                    }
                }
                default -> {
                    if (at < out.length) {
                        byte[] shorter = new byte[out.length - 1];
                        System.arraycopy(out, 0, shorter, 0, at);
                        System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                        out = shorter;
                    }
                }
            }
        }
        return out;
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.randomValue(StrictJsonFuzzTest::string);
    }

    private static JsonNode value(Random random, int depth) {
        int kind = random.nextInt(depth >= 3 ? 6 : 8);
        return switch (kind) {
            case 0 -> NODES.textNode(string(random));
            case 1 -> NODES.numberNode(random.nextLong());
            case 2 -> NODES.numberNode(new BigInteger(random.nextInt(300) + 1, random));
            case 3 ->
                NODES.numberNode(
                        new BigDecimal(new BigInteger(random.nextInt(200) + 1, random), random.nextInt(2000) - 1000));
            case 4 -> NODES.booleanNode(random.nextBoolean());
            case 5 -> NODES.nullNode();
            case 6 -> object(random, depth);
            default -> array(random, depth);
        };
    }

    private static ObjectNode object(Random random, int depth) {
        ObjectNode object = NODES.objectNode();
        int size = random.nextInt(5);
        for (int i = 0; i < size; i++) {
            object.set(string(random), value(random, depth + 1));
        }
        return object;
    }

    private static ArrayNode array(Random random, int depth) {
        ArrayNode array = NODES.arrayNode();
        int size = random.nextInt(5);
        for (int i = 0; i < size; i++) {
            array.add(value(random, depth + 1));
        }
        return array;
    }

    /** A string of any well-formed UTF-16: ASCII, controls, quotes, BMP and supplementary characters. */
    private static String string(Random random) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(8);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(4)) {
                case 0 -> out.append((char) (0x20 + random.nextInt(0x5f)));
                case 1 -> out.append("\"\\/\b\f\n\r\t\u0000\u001f\u007f\u2028".charAt(random.nextInt(12)));
                case 2 -> {
                    char c = (char) (0xa0 + random.nextInt(0xd800 - 0xa0));
                    out.append(c);
                }
                default -> out.appendCodePoint(0x10000 + random.nextInt(0x100000));
            }
        }
        return out.toString();
    }
}
