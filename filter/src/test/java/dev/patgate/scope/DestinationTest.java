package dev.patgate.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DestinationTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("http://gw.example.org:8080/dav/a", "http", "gw.example.org:8080", List.of("dav", "a")),
                Arguments.of("http://GW.Example.ORG:8080/dav/a/", "http", "gw.example.org:8080", List.of("dav", "a")),
                Arguments.of("HTTP://gw.example.org:8080/dav", "http", "gw.example.org:8080", List.of("dav")),
                Arguments.of("https://gw.example.org:8443/dav", "HTTPS", "GW.example.org:8443", List.of("dav")),
                Arguments.of("http://gw.example.org/dav", "http", "gw.example.org:80", List.of("dav")),
                Arguments.of("http://gw.example.org:80/dav", "http", "gw.example.org", List.of("dav")),
                Arguments.of("https://gw.example.org/dav", "https", "gw.example.org", List.of("dav")),
                Arguments.of("https://gw.example.org:443/dav", "https", "gw.example.org", List.of("dav")),
                Arguments.of("http://127.0.0.1:8080/dav", "http", "127.0.0.1:8080", List.of("dav")),
                Arguments.of("http://[::1]:8080/dav", "http", "[::1]:8080", List.of("dav")),
                Arguments.of("http://[FE80::1]:8080/dav", "http", "[fe80::1]:8080", List.of("dav")),
                Arguments.of("http://gw:8080/", "http", "gw:8080", List.of()),
                Arguments.of("http://gw:8080/a%20b/caf%C3%A9", "http", "gw:8080", List.of("a b", "caf\u00e9")),
                Arguments.of("http://gw:8080/cafe%CC%81", "http", "gw:8080", List.of("cafe\u0301")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void parseDestinationWhenNamesThisGatewayThenPath(
            String header, String scheme, String authority, List<String> segments) {
        assertThat(Destination.parseDestination(header, scheme, authority)).isEqualTo(new TargetPath(segments));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("null", null),
                Arguments.of("empty", ""),
                Arguments.of("blank", " "),
                Arguments.of("absolute path only", "/dav/a"),
                Arguments.of("relative path", "dav/a"),
                Arguments.of("network-path reference", "//gw:8080/dav/a"),
                Arguments.of("other host", "http://evil.example.org:8080/dav/a"),
                Arguments.of("host with suffix", "http://gw.evil:8080/dav/a"),
                Arguments.of("host with trailing dot", "http://gw.:8080/dav/a"),
                Arguments.of("other port", "http://gw:8081/dav/a"),
                Arguments.of("default port when not default", "http://gw/dav/a"),
                Arguments.of("other scheme", "https://gw:8080/dav/a"),
                Arguments.of("ftp scheme", "ftp://gw:8080/dav/a"),
                Arguments.of("opaque", "http:dav/a"),
                Arguments.of("no authority", "http:/dav/a"),
                Arguments.of("mailto", "mailto:x@gw"),
                Arguments.of("userinfo", "http://user@gw:8080/dav/a"),
                Arguments.of("userinfo with password", "http://user:pw@gw:8080/dav/a"),
                Arguments.of("userinfo naming gateway", "http://gw:8080@evil:8080/dav/a"),
                Arguments.of("query", "http://gw:8080/dav/a?x=1"),
                Arguments.of("empty query", "http://gw:8080/dav/a?"),
                Arguments.of("fragment", "http://gw:8080/dav/a#x"),
                Arguments.of("empty fragment", "http://gw:8080/dav/a#"),
                Arguments.of("no path", "http://gw:8080"),
                Arguments.of("malformed", "http://gw:8080/dav/a b"),
                Arguments.of("malformed escape", "http://gw:8080/dav/a%zz"),
                Arguments.of("bad port", "http://gw:80a/dav"),
                Arguments.of("leading space", " http://gw:8080/dav/a"),
                Arguments.of("backslash", "http://gw:8080/dav\\a"),
                Arguments.of("dot dot", "http://gw:8080/dav/../etc"),
                Arguments.of("encoded dot dot", "http://gw:8080/dav/%2e%2e/etc"),
                Arguments.of("half encoded dot dot", "http://gw:8080/dav/.%2E/etc"),
                Arguments.of("double encoded dot dot", "http://gw:8080/dav/%252e%252e/etc"),
                Arguments.of("encoded slash", "http://gw:8080/dav/a%2fb"),
                Arguments.of("encoded backslash", "http://gw:8080/dav/a%5cb"),
                Arguments.of("double slash", "http://gw:8080/dav//a"),
                Arguments.of("path parameter", "http://gw:8080/dav/a;x=1"),
                Arguments.of("trailing dot", "http://gw:8080/dav/a."),
                Arguments.of("encoded nul", "http://gw:8080/dav/a%00"),
                Arguments.of("raw non-ascii path", "http://gw:8080/dav/caf\u00e9"),
                Arguments.of("overlong dot dot", "http://gw:8080/dav/%c0%ae%c0%ae/etc"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void parseDestinationWhenTrickThenRefusedWithoutQuotingHeader(String name, String header) {
        IllegalArgumentException e = catchThrowableOfType(
                () -> Destination.parseDestination(header, "http", "gw:8080"), IllegalArgumentException.class);

        assertThat(e).as("refused").isNotNull();
        assertThat(e.getMessage()).isNotBlank().doesNotContain("gw", "evil", "dav", "/", "%");
    }

    static Stream<Arguments> badExpectations() {
        return Stream.of(
                Arguments.of(null, "gw:8080"),
                Arguments.of("", "gw:8080"),
                Arguments.of("http", null),
                Arguments.of("http", ""),
                Arguments.of("http", ":8080"),
                Arguments.of("http", "gw:"),
                Arguments.of("http", "gw:x"),
                Arguments.of("http", "gw:65536"),
                Arguments.of("http", "gw:8080:1"),
                Arguments.of("http", "[::1"),
                Arguments.of("http", "[::1]x"),
                Arguments.of("http", "user@gw:8080"),
                Arguments.of("http", "gw/dav"),
                Arguments.of("ftp", "gw"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badExpectations")
    void parseDestinationWhenExpectationMalformedThenRefusedNamingArgument(String scheme, String authority) {
        IllegalArgumentException e = catchThrowableOfType(
                () -> Destination.parseDestination("http://gw:8080/dav", scheme, authority),
                IllegalArgumentException.class);

        assertThat(e).as("refused").isNotNull();
        assertThat(e.getMessage()).startsWith("expected");
    }
}
