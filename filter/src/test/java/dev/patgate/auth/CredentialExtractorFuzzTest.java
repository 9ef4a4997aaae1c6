package dev.patgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Properties of {@link CredentialExtractor#parse} (docs/fuzzing.md). */
class CredentialExtractorFuzzTest {

    /** RFC 6750 b64token, written independently of the extractor. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

    @Provide
    Arbitrary<String> schemes() {
        return Combinators.combine(
                        Arbitraries.of("Bearer", "Basic"),
                        Arbitraries.integers().between(0, 63))
                .as(CredentialExtractorFuzzTest::randomCase);
    }

    @Provide
    Arbitrary<String> headers() {
        Arbitrary<String> scheme = Arbitraries.oneOf(
                schemes(), Arbitraries.of("Digest", "Bearer:", "Basic\t", "", "Token", "Bearerx", "B\u0430sic"));
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().withChars("AZaz09-._~+/= :\t\u0000\u00e9").ofMaxLength(40),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings()
                        .ofMaxLength(30)
                        .map(s -> Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8))));
        return Combinators.combine(scheme, Arbitraries.of(" ", "  ", "", "\t"), value)
                .as((s, gap, v) -> s + gap + v);
    }

    @Property
    void parseWhenAnyHeaderThenACredentialOrInvalidRequestAndNeverTheValueInTheMessage(
            @ForAll("headers") String header) {
        Throwable thrown = catchThrowable(() -> CredentialExtractor.parse(List.of(header), null));
        bothOutcomes(thrown == null, 1.5);

        if (thrown != null) {
            assertThat(thrown).isExactlyInstanceOf(Refusal.BadRequest.class);
            Refusal e = (Refusal) thrown;
            assertThat(e).isInstanceOf(Refusal.BadRequest.class);
            int space = header.indexOf(' ');
            String value = space < 0 ? "" : header.substring(space + 1).trim();
            if (value.length() >= 6) {
                assertThat(e.getMessage()).doesNotContain(value);
                assertThat(e.reason()).doesNotContain(value);
            }
        }
    }

    @Provide
    Arbitrary<String> bearerValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("AZaz09-._~+/=").ofMinLength(1).ofMaxLength(60),
                Arbitraries.strings()
                        .withChars("Aa0-._~+/= \t:,;\"\\\u0000\u00e9\u0660")
                        .ofMaxLength(20),
                Arbitraries.strings().ofMaxLength(20));
    }

    @Property
    void parseWhenBearerThenAcceptedExactlyForB64Token(
            @ForAll("schemes") String scheme, @ForAll("bearerValues") String value) {
        String header = ("bearer".equalsIgnoreCase(scheme) ? scheme : "Bearer") + " " + value;
        String expected = value.replaceFirst("^ +", "");

        Throwable thrown = catchThrowable(() -> assertThat(CredentialExtractor.parse(List.of(header), null))
                .isEqualTo(new Credentials.Bearer(expected)));
        bothOutcomes(thrown == null, 3);

        if (B64TOKEN.matcher(expected).matches()) {
            assertThat(thrown).as("'%s' is a b64token", expected).isNull();
        } else {
            assertThat(thrown).as("'%s' is not a b64token", expected).isExactlyInstanceOf(Refusal.BadRequest.class);
        }
    }

    @Provide
    Arbitrary<String> usernames() {
        return Arbitraries.strings()
                .ofMinLength(1)
                .ofMaxLength(20)
                .filter(s ->
                        s.indexOf(':') < 0 && s.chars().allMatch(c -> c >= 0x20 && c != 0x7f) && !hasLoneSurrogate(s));
    }

    @Provide
    Arbitrary<String> passwords() {
        Arbitrary<String> any = Arbitraries.strings()
                .ofMaxLength(60)
                .filter(s -> s.chars().allMatch(c -> c >= 0x20 && c != 0x7f) && !hasLoneSurrogate(s));
        return Arbitraries.oneOf(any, Arbitraries.strings().withChars(":ab").ofMaxLength(8));
    }

    @Property
    void parseWhenBasicThenSplitOnTheFirstColonExactly(
            @ForAll("schemes") String scheme,
            @ForAll("usernames") String username,
            @ForAll("passwords") String password)
            throws Exception {
        String encoded =
                Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        String header = ("basic".equalsIgnoreCase(scheme) ? scheme : "Basic") + " " + encoded;

        Credentials credentials = CredentialExtractor.parse(List.of(header), null);

        assertThat(credentials).isEqualTo(new Credentials.Basic(username, password));
        assertThat(credentials.toString()).doesNotContain(password.length() >= 4 ? password : "\u0000");
    }

    @Property
    void parseWhenBasicRefusedThenNeitherTheEncodedNorTheDecodedValueInTheMessage(@ForAll("passwords") String secret) {
        String decoded = "no colon " + secret.replace(":", "");
        String encoded = Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
        for (String header : List.of("Basic " + encoded, "Basic " + encoded + "!", "Basic " + encoded.substring(1))) {
            Throwable thrown = catchThrowable(() -> CredentialExtractor.parse(List.of(header), null));

            assertThat(thrown).isInstanceOf(Refusal.class);
            assertThat(thrown.getMessage()).doesNotContain(decoded).doesNotContain(encoded.substring(1));
        }
    }

    @Property
    void parseWhenTwoHeadersOrAnAccessTokenParameterThenRefused(
            @ForAll("headers") String first, @ForAll("headers") String second, @ForAll("schemes") String caseVariant) {
        String parameter = randomCase("access_token", caseVariant.hashCode());

        assertThat(catchThrowable(() -> CredentialExtractor.parse(List.of(first, second), null)))
                .isInstanceOf(Refusal.class);
        assertThat(catchThrowable(() -> CredentialExtractor.parse(List.of(first), "a=1&" + parameter + "=x")))
                .isInstanceOf(Refusal.class);
        assertThat(catchThrowable(() -> CredentialExtractor.parse(List.of(), parameter)))
                .isInstanceOf(Refusal.class);
    }

    private static String randomCase(String text, int mask) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append((mask >> (i % 31) & 1) == 1 ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return out.toString();
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
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
