package dev.patgate.demo.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LockInfoTest {

    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of(
                        "exclusive, text owner",
                        HEAD + "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope>"
                                + "<D:locktype><D:write/></D:locktype><D:owner>litmus test suite</D:owner></D:lockinfo>",
                        new LockInfo(Lock.Scope.EXCLUSIVE, "litmus test suite")),
                Arguments.of(
                        "shared, no owner, default namespace",
                        "<lockinfo xmlns=\"DAV:\"><locktype><write/></locktype>"
                                + "<lockscope><shared/></lockscope></lockinfo>",
                        new LockInfo(Lock.Scope.SHARED, "")),
                Arguments.of(
                        "href owner as Windows sends it",
                        "<a:lockinfo xmlns:a=\"DAV:\"><a:lockscope><a:exclusive/></a:lockscope>"
                                + "<a:locktype><a:write/></a:locktype><a:owner><a:href>DOMAIN\\me</a:href></a:owner></a:lockinfo>",
                        new LockInfo(Lock.Scope.EXCLUSIVE, "<o:href xmlns:o=\"DAV:\">DOMAIN\\me</o:href>")),
                Arguments.of(
                        "owner with markup characters and foreign elements",
                        "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:shared/>"
                                + "</D:lockscope><D:locktype><D:write/></D:locktype><D:owner> a &amp; b <x:n xmlns:x=\"urn:x\" k=\"&quot;\">"
                                + "&lt;</x:n><plain/></D:owner></D:lockinfo>",
                        new LockInfo(
                                Lock.Scope.SHARED,
                                "a &amp; b <o:n xmlns:o=\"urn:x\" k=\"&quot;\">&lt;</o:n><plain></plain>")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void parseWhenValidThenScopeAndOwner(String name, String body, LockInfo expected) throws Exception {
        assertThat(LockInfo.parse(body.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<not xml",
                "<D:propfind xmlns:D=\"DAV:\"/>",
                "<lockinfo><lockscope><exclusive/></lockscope><locktype><write/></locktype></lockinfo>",
                "<D:lockinfo xmlns:D=\"DAV:\"><D:locktype><D:write/></D:locktype></D:lockinfo>",
                "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope></D:lockinfo>",
                "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:both/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>",
                "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:read/></D:locktype></D:lockinfo>",
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><D:lockinfo xmlns:D=\"DAV:\">"
                        + "<D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>&e;</D:owner></D:lockinfo>"
            })
    void parseWhenMalformedThenRefused(String body) {
        assertThatThrownBy(() -> LockInfo.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(LockSyntaxException.class);
    }
}
