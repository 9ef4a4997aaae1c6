package dev.patgate.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Properties of {@link Destination#parseDestination} (docs/fuzzing.md). */
class DestinationFuzzTest {

    private static final String HOST = "gw.example";
    private static final String AUTHORITY = HOST + ":8443";

    @Provide
    Arbitrary<String> headers() {
        Arbitrary<String> scheme = Arbitraries.of(
                "https://", "https://", "https://", "HTTPS://", "http://", "ftp://", "https:", "https:///", "//", "");
        Arbitrary<String> userInfo = Arbitraries.of("", "", "", "", "", "", "u@", "u:p@", "@", "gw.example:8443@");
        Arbitrary<String> host = Arbitraries.of(
                HOST,
                HOST,
                HOST,
                HOST,
                "GW.Example",
                "gw.example.",
                "evil.example",
                "gw.example.evil",
                "127.0.0.1",
                "[::1]",
                "gw%2eexample",
                "gw.exampl\u00e9",
                "",
                "gw.example\\@evil");
        Arbitrary<String> port = Arbitraries.of(
                ":8443", ":8443", ":8443", ":8443", ":8443", ":443", "", ":08443", ":8443:", ":", ":99999", ":-1");
        Arbitrary<String> path = Arbitraries.oneOf(
                Arbitraries.of("/dav/a", "/dav/a/b", "/", "/dav/%c3%a9", "/dav/a%3fb"),
                Arbitraries.of("/dav/a", "/dav/a/b", "/dav/x~y", "/dav/a%20b/c"),
                Arbitraries.of(
                        "/dav/a",
                        "/dav/a/b",
                        "/",
                        "",
                        "/dav/%2e%2e/x",
                        "/dav/a%2fb",
                        "/dav/a;b",
                        "/dav//a",
                        "/dav/a?x",
                        "/dav/a#f",
                        "/dav/a?",
                        "/dav/%c0%ae",
                        "/dav/a b",
                        "/dav/\u00e9",
                        "/dav/%00"),
                Arbitraries.strings()
                        .withChars("/ab.%2ef;?#@:\\")
                        .ofMaxLength(12)
                        .map(s -> "/dav/" + s));
        Arbitrary<String> built =
                Combinators.combine(scheme, userInfo, host, port, path).as((s, u, h, p, pa) -> s + u + h + p + pa);
        return Arbitraries.oneOf(
                built,
                built,
                built,
                built.map(b -> " " + b),
                Arbitraries.strings().ofMaxLength(40));
    }

    @Property
    void parseDestinationWhenAnyValueThenThisGatewaysCleanPathOrRefusedWithoutEcho(@ForAll("headers") String header) {
        Throwable thrown = catchThrowable(() -> {
            TargetPath path = Destination.parseDestination(header, "https", AUTHORITY);
            java.net.URI uri = new java.net.URI(header);
            assertThat(uri.getScheme()).isEqualToIgnoringCase("https");
            assertThat(uri.getHost()).isEqualToIgnoringCase(HOST);
            assertThat(uri.getPort()).isEqualTo(8443);
            assertThat(uri.getRawUserInfo()).isNull();
            assertThat(uri.getRawQuery()).isNull();
            assertThat(uri.getRawFragment()).isNull();
            assertThat(path).isEqualTo(TargetPath.parse(uri.getRawPath()));
        });
        bothOutcomes(thrown == null, 0.5);

        if (thrown != null) {
            assertThat(thrown).isExactlyInstanceOf(IllegalArgumentException.class);
            if (header.length() >= 8) {
                assertThat(thrown.getMessage()).doesNotContain(header).doesNotContain(header.trim());
            }
        }
    }

    @Provide
    Arbitrary<List<String>> segments() {
        return Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars("-_~ \u00e9")
                .ofMinLength(1)
                .ofMaxLength(8)
                .list()
                .ofMaxSize(5);
    }

    @Property
    void parseDestinationWhenThisGatewayInAnySpellingThenTheEncodedPathBack(
            @ForAll("segments") List<String> segments,
            @ForAll boolean upperScheme,
            @ForAll boolean upperHost,
            @ForAll boolean defaultPort) {
        StringBuilder raw = new StringBuilder();
        segments.forEach(s -> raw.append('/').append(TargetPathFuzzTest.encode(s)));
        String scheme = upperScheme ? "HTTPS" : "https";
        String host = upperHost ? HOST.toUpperCase(java.util.Locale.ROOT) : HOST;
        String authority = defaultPort ? host + ":443" : host;
        String header = scheme + "://" + authority + (raw.length() == 0 ? "/" : raw.toString());

        assertThat(Destination.parseDestination(header, "https", HOST)).isEqualTo(new TargetPath(segments));
        assertThat(catchThrowable(() -> Destination.parseDestination(header, "https", HOST + ":8443")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(catchThrowable(() -> Destination.parseDestination(header, "http", HOST)))
                .isInstanceOf(IllegalArgumentException.class);
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
