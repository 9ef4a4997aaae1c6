package dev.patgate.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Properties of {@link LockHeaders}: any string either parses or is refused with an
 * {@link IllegalArgumentException} (never another exception), and headers built from the grammar
 * parse back to what they were built from. Tries: jqwik's default (1000), or
 * {@code -Djqwik.tries.default=N} for a longer run.
 */
class LockHeadersPropertyTest {

    @Property
    void parseIfWhenAnyStringThenParsedOrIllegalArgumentOnly(@ForAll @StringLength(max = 200) String header) {
        parsedOrRefused(() -> LockHeaders.parseIf(header));
        parsedOrRefused(() -> LockHeaders.parseLockToken(header));
    }

    @Property
    void parseIfWhenGrammarAlphabetThenParsedOrIllegalArgumentOnly(@ForAll("grammarSoup") String header) {
        parsedOrRefused(() -> LockHeaders.parseIf(header));
    }

    @Property
    void parseIfWhenBuiltFromTheGrammarThenTagsAndTokensComeBack(@ForAll("ifHeaders") Built built) {
        LockHeaders.If parsed = LockHeaders.parseIf(built.text());

        List<String> tags = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (LockHeaders.ConditionList list : parsed.lists()) {
            tags.add(list.resourceTag());
            tokens.addAll(list.lockTokens());
        }
        assertThat(tags).isEqualTo(built.tags());
        assertThat(tokens).isEqualTo(built.tokens());
    }

    @Property
    void parseLockTokenWhenBracketedTokenThenTokenComesBack(
            @ForAll("stateTokens") String token, @ForAll("spaces") String before, @ForAll("spaces") String after) {
        assertThat(LockHeaders.parseLockToken(before + "<" + token + ">" + after))
                .isEqualTo(token);
    }

    private static void parsedOrRefused(Runnable parse) {
        try {
            parse.run();
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> grammarSoup() {
        return Arbitraries.of(
                        "(",
                        ")",
                        "<",
                        ">",
                        "[",
                        "]",
                        "\"",
                        "W/",
                        "Not",
                        " ",
                        "\t",
                        "urn:x",
                        "DAV:no-lock",
                        "/dav/a",
                        "%",
                        "%2F",
                        "#",
                        ":",
                        "opaquelocktoken:1")
                .list()
                .ofMaxSize(30)
                .map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> stateTokens() {
        Arbitrary<String> scheme = Arbitraries.strings()
                .withCharRange('a', 'z')
                .ofMinLength(1)
                .ofMaxLength(8)
                .flatMap(first -> Arbitraries.strings()
                        .withChars("abcxyz019+-.")
                        .ofMaxLength(6)
                        .map(first::concat));
        Arbitrary<String> rest =
                Arbitraries.strings().withChars("abcXYZ019-._~:/?@!$&'()*+,;=").ofMaxLength(40);
        return Combinators.combine(scheme, rest).as((s, r) -> s + ":" + r);
    }

    @Provide
    Arbitrary<String> spaces() {
        return Arbitraries.strings().withChars(" \t").ofMaxLength(3);
    }

    @Provide
    Arbitrary<Built> ifHeaders() {
        Arbitrary<String> tag =
                Arbitraries.strings().withChars("abc019-._~/").ofMaxLength(20).map(p -> "/dav/" + p);
        Arbitrary<Cond> condition = Arbitraries.oneOf(
                stateTokens().map(t -> new Cond("<" + t + ">", t)),
                Arbitraries.just(new Cond("<DAV:no-lock>", null)),
                Arbitraries.strings()
                        .withChars("abcXYZ019-!#")
                        .ofMaxLength(10)
                        .map(e -> new Cond("[\"" + e + "\"]", null)));
        Arbitrary<List<Cond>> conditions = Combinators.combine(condition, Arbitraries.of(true, false))
                .as((c, not) -> not ? new Cond("Not " + c.text(), c.token()) : c)
                .list()
                .ofMinSize(1)
                .ofMaxSize(3);
        Arbitrary<List<List<Cond>>> lists = conditions.list().ofMinSize(1).ofMaxSize(3);
        return Combinators.combine(
                        Arbitraries.of(true, false), tag.list().ofMinSize(3).ofMaxSize(3), lists, spaces())
                .as((tagged, tagList, listList, space) -> {
                    StringBuilder text = new StringBuilder(space);
                    List<String> tags = new ArrayList<>();
                    List<String> tokens = new ArrayList<>();
                    for (int i = 0; i < listList.size(); i++) {
                        String t = tagged ? tagList.get(i) : null;
                        if (t != null) {
                            text.append('<').append(t).append('>').append(space);
                        }
                        text.append('(');
                        for (Cond c : listList.get(i)) {
                            text.append(space).append(c.text());
                            if (c.token() != null) {
                                tokens.add(c.token());
                            }
                        }
                        text.append(space).append(')').append(space);
                        tags.add(t);
                    }
                    return new Built(text.toString(), tags, tokens);
                });
    }

    record Cond(String text, String token) {}

    record Built(String text, List<String> tags, List<String> tokens) {}
}
