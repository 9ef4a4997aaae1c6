package dev.patgate.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LockHeadersTest {

    private static final String T1 = "opaquelocktoken:2b7a39a3-4fa1-4d67-9b5f-7e4cfd0d1c11";
    private static final String T2 = "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6";

    /** header, then per list: tag (or "-"), then the lock tokens it names, separated by spaces. */
    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("(<" + T1 + ">)", List.of("- " + T1)),
                Arguments.of("  (<" + T1 + ">)  ", List.of("- " + T1)),
                Arguments.of("(\t<" + T1 + ">\t)", List.of("- " + T1)),
                Arguments.of("(<" + T1 + "> [\"etag\"])", List.of("- " + T1)),
                Arguments.of("([\"etag\"])", List.of("-")),
                Arguments.of("([W/\"weak\"])", List.of("-")),
                Arguments.of("([\"\"])", List.of("-")),
                Arguments.of("(Not <DAV:no-lock>)", List.of("-")),
                Arguments.of("(<DAV:no-lock>)", List.of("-")),
                Arguments.of("(not <" + T1 + ">)", List.of("- " + T1)),
                Arguments.of("(NOT<" + T1 + ">)", List.of("- " + T1)),
                Arguments.of("(<" + T1 + ">) (Not <DAV:no-lock>)", List.of("- " + T1, "-")),
                Arguments.of("(<" + T1 + "> <" + T2 + ">)", List.of("- " + T1 + " " + T2)),
                Arguments.of("(<" + T1 + ">)(<" + T2 + ">)", List.of("- " + T1, "- " + T2)),
                Arguments.of("</dav/a.txt> (<" + T1 + ">)", List.of("/dav/a.txt " + T1)),
                Arguments.of(
                        "<http://gw:8080/dav/a%20b/> (<" + T1 + ">) ([\"x\"])",
                        List.of("http://gw:8080/dav/a%20b/ " + T1, "http://gw:8080/dav/a%20b/")),
                Arguments.of(
                        "</dav/a> (<" + T1 + ">) </dav/b> (<" + T2 + ">)", List.of("/dav/a " + T1, "/dav/b " + T2)),
                Arguments.of("</dav/q?x=1> (<" + T1 + ">)", List.of("/dav/q?x=1 " + T1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void parseIfWhenGrammaticalThenListsTagsAndLockTokens(String header, List<String> expected) {
        LockHeaders.If parsed = LockHeaders.parseIf(header);

        List<String> described = new ArrayList<>();
        for (LockHeaders.ConditionList list : parsed.lists()) {
            List<String> parts = new ArrayList<>();
            parts.add(list.resourceTag() == null ? "-" : list.resourceTag());
            parts.addAll(list.lockTokens());
            described.add(String.join(" ", parts));
        }
        assertThat(described).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "",
                " ",
                "()",
                "( )",
                "(",
                ")",
                "<" + T1 + ">",
                "(<" + T1 + ">",
                "(<" + T1 + ")",
                "(" + T1 + ")",
                "(<>)",
                "(<no-scheme>)",
                "(<1x:y>)",
                "(<a b:c>)",
                "(<urn:a b>)",
                "(<urn:a%2>)",
                "(<urn:a%zz>)",
                "(<urn:a#frag>)",
                "(<urn:\u00e9>)",
                "(<urn:a<b>)",
                "(Not)",
                "(Not )",
                "(Nope <urn:x>)",
                "([etag])",
                "([\"open])",
                "([\"x\")",
                "([W/x])",
                "([\"a\u0001\"])",
                "([\"a b\"])",
                "(\"x\")",
                "</dav/a>",
                "</dav/a> ",
                "</dav/a> </dav/b> (<urn:x>)",
                "<dav/a> (<urn:x>)",
                "<//evil/a> (<urn:x>)",
                "<> (<urn:x>)",
                "</dav/a#f> (<urn:x>)",
                "</dav/a b> (<urn:x>)",
                "(<urn:x>) </dav/a> (<urn:y>)",
                "</dav/a> (<urn:x>) (<urn:y>) x",
                "(<urn:x>),(<urn:y>)",
                "(<urn:x>)\r\n(<urn:y>)",
                "(<urn:x>) \u00a0",
                "((<urn:x>))"
            })
    void parseIfWhenNotGrammaticalThenRefused(String header) {
        assertThatThrownBy(() -> LockHeaders.parseIf(header))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("urn:x");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"x", "(<urn:x>) ", "</dav/a> (<urn:x>)"})
    void parseIfWhenLongerThanTheCapThenRefused(String unit) {
        String header = unit.repeat(LockHeaders.MAX_LENGTH / unit.length() + 1);

        assertThatThrownBy(() -> LockHeaders.parseIf(header))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lockTokens")
    void parseLockTokenWhenOneCodedUrlThenTheTokenWithoutBrackets(String header, String token) {
        assertThat(LockHeaders.parseLockToken(header)).isEqualTo(token);
    }

    static Stream<Arguments> lockTokens() {
        return Stream.of(
                Arguments.of("<" + T1 + ">", T1),
                Arguments.of("  <" + T1 + ">\t", T1),
                Arguments.of("<" + T2 + ">", T2),
                Arguments.of("<DAV:no-lock>", "DAV:no-lock"),
                Arguments.of("<http://x/y?z>", "http://x/y?z"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "",
                "  ",
                T1,
                "<" + T1,
                T1 + ">",
                "<>",
                "<" + T1 + "> <" + T2 + ">",
                "(<" + T1 + ">)",
                "<no-scheme>",
                "<urn:a b>",
                "<urn:a#b>",
                "<urn:%>",
                "<</dav/a>",
                "</dav/a>",
                "<urn:x>>"
            })
    void parseLockTokenWhenNotExactlyOneCodedUrlThenRefused(String header) {
        assertThatThrownBy(() -> LockHeaders.parseLockToken(header)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void parseWhenNullThenRefused() {
        assertThatThrownBy(() -> LockHeaders.parseIf(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LockHeaders.parseLockToken(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
