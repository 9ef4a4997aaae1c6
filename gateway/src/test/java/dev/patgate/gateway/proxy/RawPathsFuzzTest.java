package dev.patgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;

/**
 * Properties of {@link RawPaths} (docs/fuzzing.md): a forwarded raw path has no dot segment in any
 * spelling, and Jetty, which routes by the decoded and normalized path, sees it under the same route.
 */
class RawPathsFuzzTest {

    private static final List<String> ROUTES = List.of("/dav/", "/a/", "/api/v2/");

    @Provide
    Arbitrary<String> rawPaths() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of(
                        "/",
                        "/",
                        "/",
                        ".",
                        "..",
                        "%2e",
                        "%2E",
                        "%2f",
                        "%5c",
                        "\\",
                        ";",
                        ";p=1",
                        "%3b",
                        "%25",
                        "%252e",
                        "%00",
                        "%c0%ae",
                        "x",
                        "a.",
                        ".a",
                        "%20",
                        "dav",
                        "a",
                        "api",
                        "v2",
                        "?",
                        "#",
                        "~",
                        "%u002e",
                        "%e2%80%a4",
                        "\uff0e",
                        "%2"),
                Arbitraries.strings().withChars("ad./%2eE;").ofMinLength(1).ofMaxLength(4));
        Arbitrary<String> tail = piece.list().ofMaxSize(10).map(pieces -> String.join("", pieces));
        return Combinators.combine(Arbitraries.of("/dav/", "/dav", "/a/", "/api/v2/", "/api/", "/", "", "/davx/"), tail)
                .as((prefix, rest) -> prefix + rest);
    }

    @Property
    void isForwardableWhenTrueThenNoSegmentDecodesToADotSegment(@ForAll("rawPaths") String raw) {
        boolean forwardable = RawPaths.isForwardable(raw, ROUTES);
        Statistics.label("outcome").collect(forwardable ? "forwarded" : "refused");

        if (forwardable) {
            assertThat(underARoute(raw)).isTrue();
            for (String segment : raw.split("/", -1)) {
                String decoded = percentDecode(segment);
                assertThat(decoded).as("segment of %s", raw).isNotEqualTo(".").isNotEqualTo("..");
            }
        }
    }

    @Property
    void isForwardableWhenJettyAcceptsThePathThenJettyRoutesItUnderTheSameRoute(@ForAll("rawPaths") String raw) {
        if (raw.isEmpty() || raw.indexOf('?') >= 0 || raw.indexOf('#') >= 0) {
            return;
        }
        HttpURI uri;
        boolean jettyAccepts;
        try {
            uri = HttpURI.from(raw);
            jettyAccepts = uri.getDecodedPath() != null
                    && UriCompliance.checkUriCompliance(UriCompliance.DEFAULT, uri, null) == null;
        } catch (IllegalArgumentException e) {
            uri = null;
            jettyAccepts = false; // Jetty answers 400 itself
        }
        boolean forwardable = jettyAccepts && RawPaths.isForwardable(raw, ROUTES);
        Statistics.label("jetty").collect(jettyAccepts ? "accepted" : "refused", forwardable ? "forwarded" : "-");

        if (forwardable) {
            assertThat(underARoute(uri.getDecodedPath()))
                    .as("Jetty routes %s as %s", raw, uri.getDecodedPath())
                    .isTrue();
        }
    }

    private static boolean underARoute(String path) {
        return ROUTES.stream()
                .anyMatch(route -> path.startsWith(route) || path.equals(route.substring(0, route.length() - 1)));
    }

    /** Decodes {@code %XX} once, as a server would; anything else stays as it is. */
    private static String percentDecode(String segment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%'
                    && i + 2 < segment.length()
                    && Character.digit(segment.charAt(i + 1), 16) >= 0
                    && Character.digit(segment.charAt(i + 2), 16) >= 0) {
                out.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
