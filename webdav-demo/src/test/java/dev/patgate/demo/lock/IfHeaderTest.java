package dev.patgate.demo.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.demo.lock.IfHeader.Condition;
import dev.patgate.demo.lock.IfHeader.ConditionList;
import dev.patgate.demo.lock.IfHeader.ResourceState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IfHeaderTest {

    private static final String TOKEN = "opaquelocktoken:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    private static final String ETAG = "\"abc_123\"";

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                Arguments.of(
                        "one token",
                        "(<" + TOKEN + ">)",
                        List.of(new ConditionList(null, List.of(new Condition(false, TOKEN, null))))),
                Arguments.of(
                        "token and etag",
                        "(<" + TOKEN + "> [" + ETAG + "])",
                        List.of(new ConditionList(
                                null, List.of(new Condition(false, TOKEN, null), new Condition(false, null, ETAG))))),
                Arguments.of(
                        "two lists, a negation",
                        "(<" + TOKEN + ">) (Not <DAV:no-lock>)",
                        List.of(
                                new ConditionList(null, List.of(new Condition(false, TOKEN, null))),
                                new ConditionList(null, List.of(new Condition(true, "DAV:no-lock", null))))),
                Arguments.of(
                        "not in any case, no space",
                        "(not<DAV:no-lock>)",
                        List.of(new ConditionList(null, List.of(new Condition(true, "DAV:no-lock", null))))),
                Arguments.of(
                        "weak etag",
                        "([W/\"x\"])",
                        List.of(new ConditionList(null, List.of(new Condition(false, null, "W/\"x\""))))),
                Arguments.of(
                        "tagged, two lists for one tag",
                        "<http://h/dav/a> (<" + TOKEN + ">) ([" + ETAG + "])",
                        List.of(
                                new ConditionList("http://h/dav/a", List.of(new Condition(false, TOKEN, null))),
                                new ConditionList("http://h/dav/a", List.of(new Condition(false, null, ETAG))))),
                Arguments.of(
                        "two tags, tabs",
                        "<http://h/dav/a>\t(<" + TOKEN + ">)<http://h/dav/b>([" + ETAG + "])",
                        List.of(
                                new ConditionList("http://h/dav/a", List.of(new Condition(false, TOKEN, null))),
                                new ConditionList("http://h/dav/b", List.of(new Condition(false, null, ETAG))))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void parseWhenWellFormedThenLists(String name, String header, List<ConditionList> expected) throws Exception {
        assertThat(IfHeader.parse(header).lists()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "  ",
                "()",
                "(",
                "(<a>",
                "<http://h/a>",
                "<http://h/a> x",
                "(<a>) <http://h/a> (<b>)",
                "(<>)",
                "(<a b>)",
                "([abc])",
                "([\"abc\")",
                "(Not)",
                "(<a>) junk",
                "<http://h/a> (<b>) (<c>",
                "(< a>)",
                "Not (<a>)",
                "([\"a\"b\"])"
            })
    void parseWhenMalformedThenRefused(String header) {
        assertThatThrownBy(() -> IfHeader.parse(header)).isInstanceOf(LockSyntaxException.class);
    }

    @Test
    void parseWhenLongerThanTheLimitThenRefused() {
        String header = "(<a>)".repeat(IfHeader.MAX_LENGTH / 5 + 1);

        assertThatThrownBy(() -> IfHeader.parse(header)).isInstanceOf(LockSyntaxException.class);
    }

    static Stream<Arguments> evaluations() {
        ResourceState locked = new ResourceState(ETAG, Set.of(TOKEN));
        ResourceState unlocked = new ResourceState(ETAG, Set.of());
        ResourceState missing = new ResourceState(null, Set.of());
        return Stream.of(
                Arguments.of("token of a lock on it", "(<" + TOKEN + ">)", locked, true),
                Arguments.of("token of no lock on it", "(<" + TOKEN + ">)", unlocked, false),
                Arguments.of("no-lock", "(<DAV:no-lock>)", locked, false),
                Arguments.of("not no-lock", "(Not <DAV:no-lock>)", unlocked, true),
                Arguments.of("token and its etag", "(<" + TOKEN + "> [" + ETAG + "])", locked, true),
                Arguments.of("token and another etag", "(<" + TOKEN + "> [\"other\"])", locked, false),
                Arguments.of("weak form of its etag", "([W/" + ETAG + "])", unlocked, true),
                Arguments.of("etag of a missing resource", "([" + ETAG + "])", missing, false),
                Arguments.of("not an etag of a missing resource", "(Not [" + ETAG + "])", missing, true),
                Arguments.of("false list then true list", "(<DAV:no-lock>) ([" + ETAG + "])", unlocked, true),
                Arguments.of("corrupt token or not no-lock", "(<" + TOKEN + "x>) (Not <DAV:no-lock>)", locked, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluations")
    void holdsWhenUntaggedThenAnyListWithAllConditionsTrue(
            String name, String header, ResourceState state, boolean holds) throws Exception {
        assertThat(IfHeader.parse(header).holds(tag -> state)).isEqualTo(holds);
    }

    @Test
    void holdsWhenTaggedThenEachListIsCheckedAgainstItsResource() throws Exception {
        Map<String, ResourceState> states = Map.of(
                "/dav/folder/", new ResourceState("\"f\"", Set.of(TOKEN)),
                "/dav/folder/file", new ResourceState("\"x\"", Set.of()));
        IfHeader header = IfHeader.parse("</dav/folder/file> (<" + TOKEN + ">) </dav/folder/> (<" + TOKEN + ">)");

        assertThat(header.holds(states::get)).isTrue();
        assertThat(IfHeader.parse("</dav/folder/file> (<" + TOKEN + ">)").holds(states::get))
                .isFalse();
    }

    @Test
    void submittedTokensWhenNegatedOrEtagThenOnlyPlainStateTokens() throws Exception {
        IfHeader header =
                IfHeader.parse("(<" + TOKEN + "> [" + ETAG + "]) (Not <opaquelocktoken:other>) (<urn:uuid:x>)");

        assertThat(header.submittedTokens()).containsExactly(TOKEN, "urn:uuid:x");
    }
}
