package dev.patgate.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TargetPathTest {

    private static final String E_ACUTE_NFC = "\u00e9";
    private static final String E_ACUTE_NFD = "e\u0301";

    private static List<String> segs(String... segments) {
        return Arrays.asList(segments);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("/", segs()),
                Arguments.of("/a", segs("a")),
                Arguments.of("/a/", segs("a")),
                Arguments.of("/a/b", segs("a", "b")),
                Arguments.of("/a/b/", segs("a", "b")),
                Arguments.of("/dav/personal-files/docs/a.txt", segs("dav", "personal-files", "docs", "a.txt")),
                Arguments.of("/a%20b", segs("a b")),
                Arguments.of("/%41", segs("A")),
                Arguments.of("/%7e%7E", segs("~~")),
                Arguments.of("/unreserved-._~", segs("unreserved-._~")),
                Arguments.of("/sub!$&'()*+,=", segs("sub!$&'()*+,=")),
                Arguments.of("/colon:at@", segs("colon:at@")),
                Arguments.of("/.hidden", segs(".hidden")),
                Arguments.of("/..hidden", segs("..hidden")),
                Arguments.of("/a..b", segs("a..b")),
                Arguments.of("/%2e%2e%2ehidden", segs("...hidden")),
                Arguments.of("/encoded%3Bsemicolon", segs("encoded;semicolon")),
                Arguments.of("/what%3F", segs("what?")),
                Arguments.of("/%231", segs("#1")),
                Arguments.of("/caf%C3%A9", segs("caf" + E_ACUTE_NFC)),
                Arguments.of("/cafe%CC%81", segs("caf" + E_ACUTE_NFD)),
                Arguments.of("/%E2%82%AC", segs("\u20ac")),
                Arguments.of("/%F0%9F%98%80", segs("\ud83d\ude00")),
                Arguments.of("/%EF%BC%8E%EF%BC%8E", segs("\uff0e\uff0e")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void parseWhenValidThenDecodedSegmentsAsSpelled(String rawPath, List<String> segments) {
        TargetPath path = TargetPath.parse(rawPath);

        assertThat(path.segments()).containsExactlyElementsOf(segments);
        assertThat(path).isEqualTo(new TargetPath(segments));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("null", null),
                Arguments.of("empty", ""),
                Arguments.of("relative", "a/b"),
                Arguments.of("relative dot", "./a"),
                Arguments.of("double slash alone", "//"),
                Arguments.of("leading double slash", "//a"),
                Arguments.of("inner double slash", "/a//b"),
                Arguments.of("trailing double slash", "/a//"),
                Arguments.of("dot dot", "/a/.."),
                Arguments.of("dot dot trailing slash", "/a/../"),
                Arguments.of("dot dot climbing", "/a/../../etc"),
                Arguments.of("dot dot at root", "/.."),
                Arguments.of("dot", "/a/./b"),
                Arguments.of("dot at end", "/a/."),
                Arguments.of("encoded dot dot lower", "/a/%2e%2e/b"),
                Arguments.of("encoded dot dot upper", "/a/%2E%2E/b"),
                Arguments.of("half encoded dot dot", "/a/.%2e/b"),
                Arguments.of("other half encoded dot dot", "/a/%2e./b"),
                Arguments.of("encoded dot", "/a/%2e/b"),
                Arguments.of("trailing dot", "/a."),
                Arguments.of("encoded trailing dot", "/a%2e"),
                Arguments.of("three dots", "/a/..."),
                Arguments.of("double encoded dot", "/a/%252e%252e/b"),
                Arguments.of("double encoded slash", "/a%252fb"),
                Arguments.of("encoded percent", "/100%25"),
                Arguments.of("encoded slash lower", "/a%2fb"),
                Arguments.of("encoded slash upper", "/a%2Fb"),
                Arguments.of("encoded slash climbing", "/a/..%2f..%2fetc"),
                Arguments.of("encoded backslash lower", "/a%5cb"),
                Arguments.of("encoded backslash upper", "/a%5Cb"),
                Arguments.of("backslash", "/a\\b"),
                Arguments.of("backslash climbing", "/a\\..\\b"),
                Arguments.of("path parameter", "/a;jsessionid=1/b"),
                Arguments.of("path parameter on dot dot", "/a/..;/b"),
                Arguments.of("path parameter alone", "/;"),
                Arguments.of("encoded nul", "/a%00b"),
                Arguments.of("encoded nul at end", "/a.txt%00"),
                Arguments.of("raw nul", "/a\u0000b"),
                Arguments.of("encoded newline", "/a%0ab"),
                Arguments.of("encoded carriage return", "/a%0Db"),
                Arguments.of("encoded tab", "/a%09b"),
                Arguments.of("encoded delete", "/a%7fb"),
                Arguments.of("encoded c1 control", "/a%C2%85b"),
                Arguments.of("raw tab", "/a\tb"),
                Arguments.of("raw space", "/a b"),
                Arguments.of("raw non-ascii", "/caf" + E_ACUTE_NFC),
                Arguments.of("raw query", "/a?b"),
                Arguments.of("raw fragment", "/a#b"),
                Arguments.of("raw quote", "/a\"b"),
                Arguments.of("lone percent", "/a%"),
                Arguments.of("short escape", "/a%2"),
                Arguments.of("non-hex escape", "/a%zz"),
                Arguments.of("non-ascii digit escape", "/a%\u0663\u0663"),
                Arguments.of("fullwidth hex escape", "/a%\uff21\uff21"),
                Arguments.of("invalid utf-8 byte", "/a%ff"),
                Arguments.of("truncated utf-8", "/caf%C3"),
                Arguments.of("lone continuation byte", "/a%80"),
                Arguments.of("overlong dot", "/%c0%ae%c0%ae"),
                Arguments.of("overlong slash", "/a%c0%afb"),
                Arguments.of("encoded surrogate", "/a%ed%a0%80"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void parseWhenTrickThenRefusedWithoutQuotingInput(String name, String rawPath) {
        IllegalArgumentException e =
                catchThrowableOfType(() -> TargetPath.parse(rawPath), IllegalArgumentException.class);

        assertThat(e).as("refused").isNotNull();
        assertThat(e.getMessage()).isNotBlank().doesNotContain("/", "\\", "%");
    }

    @Test
    void parseWhenRefusedThenMessageDoesNotQuoteSegment() {
        IllegalArgumentException e = catchThrowableOfType(
                () -> TargetPath.parse("/secret-name%2fsecret-name"), IllegalArgumentException.class);

        assertThat(e.getMessage()).doesNotContain("secret");
    }

    static Stream<Arguments> sameName() {
        return Stream.of(
                Arguments.of("trailing slash", "/a/b/", "/a/b"),
                Arguments.of("encoded vs plain", "/%61/%62", "/a/b"),
                Arguments.of("hex case", "/%c3%a9", "/%C3%A9"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameName")
    void parseWhenEquivalentSpellingsThenEqual(String name, String first, String second) {
        TargetPath a = TargetPath.parse(first);
        TargetPath b = TargetPath.parse(second);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.isSameOrBelow(b)).isTrue();
        assertThat(b.isSameOrBelow(a)).isTrue();
    }

    static Stream<Arguments> differentName() {
        return Stream.of(
                Arguments.of("case", "/A", "/a"),
                Arguments.of("precomposed vs decomposed", "/caf%C3%A9", "/cafe%CC%81"),
                Arguments.of("decomposed in folder", "/d%C3%A9j%C3%A0/x", "/de%CC%81ja%CC%80/x"),
                Arguments.of("angstrom sign vs a ring", "/%E2%84%AB", "/%C3%85"));
    }

    /** The backend may keep these as different names (most file systems do), so they are not one target. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("differentName")
    void parseWhenSpellingsDifferInCaseOrUnicodeFormThenNotEqual(String name, String first, String second) {
        TargetPath a = TargetPath.parse(first);
        TargetPath b = TargetPath.parse(second);

        assertThat(a).isNotEqualTo(b);
        assertThat(a.isSameOrBelow(b)).isFalse();
        assertThat(b.isSameOrBelow(a)).isFalse();
    }

    @Test
    void ofNodePathWhenDotSegmentsBackslashOrControlThenRefused() {
        for (String path : List.of(
                "personal-files/proj/../../common-files/x",
                "personal-files/./x",
                "personal-files/x.",
                "personal-files\\x",
                "personal-files/a\u0001b")) {
            assertThatThrownBy(() -> TargetPath.ofNodePath(path)).as(path).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void ofNodePathWhenNameInNfdThenKeptAsSpelled() {
        assertThat(TargetPath.ofNodePath("personal-files/caf" + E_ACUTE_NFD + "/")
                        .segments())
                .containsExactly("personal-files", "caf" + E_ACUTE_NFD);
    }

    static Stream<Arguments> containment() {
        return Stream.of(
                Arguments.of("/a/b", "/a/b", true),
                Arguments.of("/a/b/", "/a/b", true),
                Arguments.of("/a/b/c", "/a/b", true),
                Arguments.of("/a/b/c/d", "/a/b", true),
                Arguments.of("/a/b", "/", true),
                Arguments.of("/", "/", true),
                Arguments.of("/a/b", "/a", true),
                Arguments.of("/a", "/a/b", false),
                Arguments.of("/", "/a", false),
                Arguments.of("/a/bc", "/a/b", false),
                Arguments.of("/a/bc/d", "/a/b", false),
                Arguments.of("/a/b", "/a/bc", false),
                Arguments.of("/a/b.txt", "/a/b", false),
                Arguments.of("/a/b-old", "/a/b", false),
                Arguments.of("/ab", "/a", false),
                Arguments.of("/x/a/b", "/a/b", false),
                Arguments.of("/a/x", "/a/b", false),
                Arguments.of("/a/B", "/a/b", false),
                Arguments.of("/caf%C3%A9/x", "/caf%C3%A9", true),
                Arguments.of("/cafe%CC%81/x", "/cafe%CC%81", true),
                Arguments.of("/caf%C3%A9/x", "/cafe%CC%81", false),
                Arguments.of("/cafe%CC%81/x", "/caf%C3%A9", false),
                Arguments.of("/cafe", "/caf%C3%A9", false),
                Arguments.of("/a/b%20c", "/a/b", false));
    }

    @ParameterizedTest(name = "{0} under {1}: {2}")
    @MethodSource("containment")
    void isSameOrBelowWhenComparedThenSegmentWise(String target, String ancestor, boolean expected) {
        assertThat(TargetPath.parse(target).isSameOrBelow(TargetPath.parse(ancestor)))
                .isEqualTo(expected);
    }

    @Test
    void isSameOrBelowWhenAncestorNullThenThrows() {
        assertThatThrownBy(() -> TargetPath.ROOT.isSameOrBelow(null)).isInstanceOf(NullPointerException.class);
    }

    static Stream<Arguments> badSegments() {
        return Stream.of(
                Arguments.of("empty", segs("")),
                Arguments.of("null", segs("a", null)),
                Arguments.of("dot", segs(".")),
                Arguments.of("dot dot", segs("a", "..")),
                Arguments.of("trailing dot", segs("a.")),
                Arguments.of("slash", segs("a/b")),
                Arguments.of("backslash", segs("a\\b")),
                Arguments.of("nul", segs("a\u0000")),
                Arguments.of("newline", segs("a\nb")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSegments")
    void constructorWhenSegmentInvalidThenRefused(String name, List<String> segments) {
        assertThatThrownBy(() -> new TargetPath(segments)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructorWhenNullThenRefused() {
        assertThatThrownBy(() -> new TargetPath(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void segmentsWhenSourceListChangesThenUnaffectedAndImmutable() {
        List<String> source = new java.util.ArrayList<>(List.of("a", "b"));
        TargetPath path = new TargetPath(source);
        source.set(0, "..");

        assertThat(path.segments()).containsExactly("a", "b");
        assertThatThrownBy(() -> path.segments().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringWhenParsedThenDecodedForm() {
        assertThat(TargetPath.parse("/a/b%20c/").toString()).isEqualTo("/a/b c");
        assertThat(TargetPath.ROOT.toString()).isEqualTo("/");
        assertThat(TargetPath.parse("/")).isEqualTo(TargetPath.ROOT);
    }
}
