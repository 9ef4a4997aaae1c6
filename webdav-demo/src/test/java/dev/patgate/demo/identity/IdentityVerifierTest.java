package dev.patgate.demo.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patgate.demo.identity.InvalidIdentityException.Reason;
import dev.patgate.testsupport.IdentityJws;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IdentityVerifierTest {

    private static final byte[] KEY = IdentityJws.newKey();
    private static final IdentityJws SIGNER = new IdentityJws(KEY);
    private static final long IAT = 1_700_000_000L;
    private static final String METHOD = "PUT";
    private static final String TARGET = "/dav/personal-files/a%20b/caf%C3%A9.txt?x=1&y=%2F";
    private static final String HEADER = IdentityJws.JOSE_HEADER;
    private static final String GOOD = SIGNER.signJws(HEADER, claims().toString());

    private static IdentityVerifier verifierAt(long epochSecond) {
        return new IdentityVerifier(KEY, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    private static ObjectNode claims() {
        return IdentityJws.claims("alice", IAT, IAT + 60, METHOD, TARGET);
    }

    /** Good claims changed by {@code change}, signed with the good header and key. */
    private static String signed(Consumer<ObjectNode> change) {
        ObjectNode claims = claims();
        change.accept(claims);
        return SIGNER.signJws(HEADER, claims.toString());
    }

    @Test
    void constantsWhenComparedWithTheDocumentedFormatThenTheSame() {
        assertThat(IdentityVerifier.HEADER).isEqualTo(IdentityJws.HEADER);
        assertThat(IdentityKey.LENGTH).isEqualTo(IdentityJws.KEY_LENGTH);
    }

    private static String part(String jws, int index) {
        return jws.split("\\.", -1)[index];
    }

    private static String hmac(String algorithm, String signingInput) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(KEY, algorithm));
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    static Stream<Arguments> malformed() {
        String h = part(GOOD, 0);
        String p = part(GOOD, 1);
        String s = part(GOOD, 2);
        char last = s.charAt(s.length() - 1);
        // 32 bytes make 43 characters whose last one carries 4 unused bits: setting one is another spelling
        String strayBits = s.substring(0, s.length() - 1) + (char) (last + 1);
        String oversized = signed(c -> c.put("htt", "/" + "a".repeat(IdentityVerifier.MAX_LENGTH)));
        return Stream.of(
                Arguments.of("absent", null, Reason.MISSING),
                Arguments.of("empty", "", Reason.MALFORMED),
                Arguments.of("garbage", "not an assertion", Reason.MALFORMED),
                Arguments.of("a bearer token", "Bearer " + GOOD, Reason.MALFORMED),
                Arguments.of("one part", h, Reason.MALFORMED),
                Arguments.of("two parts", h + "." + p, Reason.MALFORMED),
                Arguments.of("four parts", GOOD + "." + s, Reason.MALFORMED),
                Arguments.of("trailing dot", GOOD + ".", Reason.MALFORMED),
                Arguments.of("leading dot", "." + GOOD, Reason.MALFORMED),
                Arguments.of("two dots in a row", h + ".." + p + "." + s, Reason.MALFORMED),
                Arguments.of("empty header", "." + p + "." + s, Reason.MALFORMED),
                Arguments.of("empty payload", h + ".." + s, Reason.MALFORMED),
                Arguments.of("empty signature", h + "." + p + ".", Reason.MALFORMED),
                Arguments.of("unsigned (alg none style)", h + "." + p, Reason.MALFORMED),
                Arguments.of("padded signature", GOOD + "=", Reason.MALFORMED),
                Arguments.of("padded payload", h + "." + p + "==." + s, Reason.MALFORMED),
                Arguments.of(
                        "standard base64 characters",
                        h + "." + p + "." + s.replace('-', '+').replace('_', '/') + "+/",
                        Reason.MALFORMED),
                Arguments.of("leading space", " " + GOOD, Reason.MALFORMED),
                Arguments.of("trailing space", GOOD + " ", Reason.MALFORMED),
                Arguments.of("space before a dot", h + " ." + p + "." + s, Reason.MALFORMED),
                Arguments.of(
                        "tab in the payload",
                        h + "." + p.substring(0, 5) + "\t" + p.substring(5) + "." + s,
                        Reason.MALFORMED),
                Arguments.of(
                        "line break in the signature",
                        h + "." + p + "." + s.substring(0, 10) + "\r\n" + s.substring(10),
                        Reason.MALFORMED),
                Arguments.of("non-ASCII letter", h + "." + p + "." + s.substring(0, 42) + "é", Reason.MALFORMED),
                Arguments.of("NUL", h + "." + p + "." + s + "\0", Reason.MALFORMED),
                Arguments.of("signature of impossible length", GOOD + "AA", Reason.MALFORMED),
                Arguments.of("signature with stray low bits", h + "." + p + "." + strayBits, Reason.MALFORMED),
                Arguments.of("oversized, though well signed", oversized, Reason.MALFORMED));
    }

    static Stream<Arguments> badHeader() throws Exception {
        String p = part(GOOD, 1);
        List<Arguments> cases = new ArrayList<>();
        String[][] headers = {
            {"alg none", "{\"alg\":\"none\",\"typ\":\"patgate-identity+jwt\"}"},
            {"alg HS512", "{\"alg\":\"HS512\",\"typ\":\"patgate-identity+jwt\"}"},
            {"alg HS384", "{\"alg\":\"HS384\",\"typ\":\"patgate-identity+jwt\"}"},
            {"alg RS256", "{\"alg\":\"RS256\",\"typ\":\"patgate-identity+jwt\"}"},
            {"alg ES256", "{\"alg\":\"ES256\",\"typ\":\"patgate-identity+jwt\"}"},
            {"alg EdDSA", "{\"alg\":\"EdDSA\",\"typ\":\"patgate-identity+jwt\"}"},
            {"alg in lower case", "{\"alg\":\"hs256\",\"typ\":\"patgate-identity+jwt\"}"},
            {"alg missing", "{\"typ\":\"patgate-identity+jwt\"}"},
            {"alg a number", "{\"alg\":256,\"typ\":\"patgate-identity+jwt\"}"},
            {"JWE header", "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"typ\":\"patgate-identity+jwt\"}"},
            {"typ missing", "{\"alg\":\"HS256\"}"},
            {"typ JWT", "{\"alg\":\"HS256\",\"typ\":\"JWT\"}"},
            {"typ dpop+jwt", "{\"alg\":\"HS256\",\"typ\":\"dpop+jwt\"}"},
            {"typ without +jwt", "{\"alg\":\"HS256\",\"typ\":\"patgate-identity\"}"},
            {"typ with a prefix", "{\"alg\":\"HS256\",\"typ\":\"application/patgate-identity+jwt\"}"},
            {"typ empty", "{\"alg\":\"HS256\",\"typ\":\"\"}"},
            {"extra kid", "{\"alg\":\"HS256\",\"typ\":\"patgate-identity+jwt\",\"kid\":\"k1\"}"},
            {"extra cty", "{\"alg\":\"HS256\",\"typ\":\"patgate-identity+jwt\",\"cty\":\"JWT\"}"},
            {"crit", "{\"alg\":\"HS256\",\"typ\":\"patgate-identity+jwt\",\"crit\":[\"exp\"],\"exp\":1}"},
            {
                "unencoded payload (b64 false)",
                "{\"alg\":\"HS256\",\"typ\":\"patgate-identity+jwt\",\"b64\":false,\"crit\":[\"b64\"]}"
            },
            {
                "embedded jwk",
                "{\"alg\":\"HS256\",\"typ\":\"patgate-identity+jwt\",\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"}}"
            },
            {"duplicate alg, none last", "{\"alg\":\"HS256\",\"typ\":\"patgate-identity+jwt\",\"alg\":\"none\"}"},
            {"duplicate alg, none first", "{\"alg\":\"none\",\"typ\":\"patgate-identity+jwt\",\"alg\":\"HS256\"}"},
            {"duplicate typ", "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"typ\":\"patgate-identity+jwt\"}"},
            {"not JSON", "HS256"},
            {"a JSON array", "[\"HS256\"]"},
            {"JSON null", "null"},
        };
        for (String[] header : headers) {
            String signingInput = IdentityJws.b64(header[1]) + "." + p;
            cases.add(
                    Arguments.of(header[0] + ", HS256-signed", signingInput + "." + hmac("HmacSHA256", signingInput)));
        }
        String hs512Input = IdentityJws.b64(headers[1][1]) + "." + p;
        cases.add(Arguments.of("alg HS512, HS512-signed", hs512Input + "." + hmac("HmacSHA512", hs512Input)));
        String hs384Input = IdentityJws.b64(headers[2][1]) + "." + p;
        cases.add(Arguments.of("alg HS384, HS384-signed", hs384Input + "." + hmac("HmacSHA384", hs384Input)));
        return cases.stream();
    }

    static Stream<Arguments> badSignature() throws Exception {
        String h = part(GOOD, 0);
        String p = part(GOOD, 1);
        String s = part(GOOD, 2);
        String bob = part(
                SIGNER.signJws(
                        HEADER,
                        IdentityJws.claims("bob", IAT, IAT + 60, METHOD, TARGET).toString()),
                1);
        String otherMethod = part(signed(c -> c.put("htm", "GET")), 1);
        char middle = s.charAt(20);
        String flipped = s.substring(0, 20) + (middle == 'A' ? 'B' : 'A') + s.substring(21);
        String upperTyp = IdentityJws.b64("{\"alg\":\"HS256\",\"typ\":\"PATGATE-IDENTITY+JWT\"}");
        return Stream.of(
                Arguments.of("another key", new IdentityJws(IdentityJws.newKey()).signJws(HEADER, claims().toString())),
                Arguments.of("payload swapped for bob's", h + "." + bob + "." + s),
                Arguments.of("payload swapped for another method", h + "." + otherMethod + "." + s),
                Arguments.of("header swapped (same meaning)", upperTyp + "." + p + "." + s),
                Arguments.of("one character of the signature changed", h + "." + p + "." + flipped),
                Arguments.of("truncated signature", h + "." + p + "." + s.substring(0, 20)),
                Arguments.of("HMAC-SHA-512 under an HS256 header", h + "." + p + "." + hmac("HmacSHA512", h + "." + p)),
                Arguments.of(
                        "HMAC over the JSON, not the base64url",
                        h + "." + p + "." + hmac("HmacSHA256", HEADER + "." + claims())),
                Arguments.of(
                        "signature of another assertion",
                        h + "." + p + "." + part(signed(c -> c.put("sub", "bob")), 2)));
    }

    static Stream<Arguments> badPayload() {
        List<Arguments> cases = new ArrayList<>();
        for (String claim : List.of("sub", "tid", "scp", "iat", "exp", "htm", "htt")) {
            cases.add(Arguments.of("no " + claim, signed(c -> c.remove(claim))));
            cases.add(Arguments.of(claim + " null", signed(c -> c.putNull(claim))));
            cases.add(Arguments.of(claim + " an object", signed(c -> c.putObject(claim))));
        }
        cases.add(Arguments.of("not JSON", SIGNER.signJws(HEADER, "alice")));
        cases.add(Arguments.of("a JSON array", SIGNER.signJws(HEADER, "[" + claims() + "]")));
        cases.add(Arguments.of("a JSON string", SIGNER.signJws(HEADER, "\"alice\"")));
        cases.add(Arguments.of("trailing JSON", SIGNER.signJws(HEADER, claims() + "{}")));
        cases.add(Arguments.of(
                "two subs", SIGNER.signJws(HEADER, claims().toString().replace("{", "{\"sub\":\"bob\","))));
        cases.add(Arguments.of(
                "two htt", SIGNER.signJws(HEADER, claims().toString().replace("{", "{\"htt\":\"/\","))));
        cases.add(Arguments.of("blank sub", signed(c -> c.put("sub", " "))));
        cases.add(Arguments.of("tid a number", signed(c -> c.put("tid", 7))));
        cases.add(Arguments.of("scp a string", signed(c -> c.put("scp", "node:u1:r"))));
        cases.add(Arguments.of(
                "a scope not a string", signed(c -> c.putArray("scp").add(1))));
        cases.add(Arguments.of("iat a string", signed(c -> c.put("iat", Long.toString(IAT)))));
        cases.add(Arguments.of("exp a string", signed(c -> c.put("exp", Long.toString(IAT + 60)))));
        cases.add(Arguments.of("iat a fraction", signed(c -> c.put("iat", IAT + 0.5))));
        cases.add(Arguments.of("exp a fraction", signed(c -> c.put("exp", IAT + 59.5))));
        cases.add(Arguments.of("iat negative", signed(c -> c.put("iat", -1))));
        cases.add(Arguments.of(
                "iat beyond a long", signed(c -> c.put("iat", new java.math.BigInteger("99999999999999999999")))));
        cases.add(Arguments.of("exp after the year 9999", signed(c -> c.put("exp", Long.MAX_VALUE))));
        cases.add(Arguments.of("iat after the year 9999", signed(c -> c.put("iat", 253_402_300_800L))));
        cases.add(Arguments.of("exp before iat", signed(c -> c.put("exp", IAT - 1))));
        cases.add(Arguments.of("exp equal to iat", signed(c -> c.put("exp", IAT))));
        cases.add(Arguments.of("htm empty", signed(c -> c.put("htm", ""))));
        cases.add(Arguments.of("htm a number", signed(c -> c.put("htm", 1))));
        cases.add(Arguments.of("htt empty", signed(c -> c.put("htt", ""))));
        cases.add(Arguments.of("htt an absolute URL", signed(c -> c.put("htt", "http://127.0.0.1" + TARGET))));
        cases.add(Arguments.of("htt an array", signed(c -> c.putArray("htt").add(TARGET))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void verifyWhenAssertionIsMalformedThenRefusedUnparsed(String name, String header, Reason reason) {
        assertRefused(verifierAt(IAT + 1), header, METHOD, TARGET, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHeader")
    void verifyWhenJwsHeaderIsNotTheDocumentedOneThenRefused(String name, String header) {
        assertRefused(verifierAt(IAT + 1), header, METHOD, TARGET, Reason.BAD_HEADER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSignature")
    void verifyWhenSignatureDoesNotMatchThenRefused(String name, String header) {
        assertRefused(verifierAt(IAT + 1), header, METHOD, TARGET, Reason.BAD_SIGNATURE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPayload")
    void verifyWhenClaimsAreMissingOrMistypedThenRefused(String name, String header) {
        assertRefused(verifierAt(IAT + 1), header, METHOD, TARGET, Reason.BAD_PAYLOAD);
    }

    static Stream<Arguments> clockAgainstWindow() {
        return Stream.of(
                Arguments.of("an hour before iat", IAT - 3600, Reason.NOT_YET_VALID),
                Arguments.of("6 s before iat", IAT - 6, Reason.NOT_YET_VALID),
                Arguments.of("5 s before iat (the skew)", IAT - 5, null),
                Arguments.of("at iat", IAT, null),
                Arguments.of("last second", IAT + 59, null),
                Arguments.of("at exp", IAT + 60, Reason.EXPIRED),
                Arguments.of("a second after exp", IAT + 61, Reason.EXPIRED),
                Arguments.of("a day later", IAT + 86_400, Reason.EXPIRED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clockAgainstWindow")
    void verifyWhenClockMovesThenOnlyTheWindowIsAccepted(String name, long now, Reason reason) throws Exception {
        assertOutcome(verifierAt(now), GOOD, METHOD, TARGET, reason);
    }

    static Stream<Arguments> lifetimes() {
        return Stream.of(
                Arguments.of(1L, null),
                Arguments.of(30L, null),
                Arguments.of(60L, null),
                Arguments.of(61L, Reason.LIFETIME_TOO_LONG),
                Arguments.of(120L, Reason.LIFETIME_TOO_LONG),
                Arguments.of(3600L, Reason.LIFETIME_TOO_LONG),
                Arguments.of(7200L, Reason.LIFETIME_TOO_LONG),
                Arguments.of(10L * 365 * 86_400, Reason.LIFETIME_TOO_LONG),
                Arguments.of(100L * 365 * 86_400, Reason.LIFETIME_TOO_LONG));
    }

    @ParameterizedTest(name = "exp - iat = {0} s")
    @MethodSource("lifetimes")
    void verifyWhenLifetimeExceedsTheCapThenRefusedEvenInsideTheWindow(long lifetime, Reason reason) throws Exception {
        String header = signed(c -> c.put("exp", IAT + lifetime));

        assertOutcome(verifierAt(IAT), header, METHOD, TARGET, reason);
    }

    static Stream<Arguments> requests() {
        String path = "/dav/personal-files/a%20b/caf%C3%A9.txt";
        return Stream.of(
                Arguments.of("the same request", METHOD, TARGET, null),
                Arguments.of("GET", "GET", TARGET, Reason.WRONG_METHOD),
                Arguments.of("DELETE", "DELETE", TARGET, Reason.WRONG_METHOD),
                Arguments.of("PROPFIND", "PROPFIND", TARGET, Reason.WRONG_METHOD),
                Arguments.of("method in lower case", "put", TARGET, Reason.WRONG_METHOD),
                Arguments.of("method with a space", "PUT ", TARGET, Reason.WRONG_METHOD),
                Arguments.of("no query", METHOD, path, Reason.WRONG_TARGET),
                Arguments.of("empty query", METHOD, path + "?", Reason.WRONG_TARGET),
                Arguments.of("another query", METHOD, path + "?x=2&y=%2F", Reason.WRONG_TARGET),
                Arguments.of("query reordered", METHOD, path + "?y=%2F&x=1", Reason.WRONG_TARGET),
                Arguments.of("query decoded", METHOD, path + "?x=1&y=/", Reason.WRONG_TARGET),
                Arguments.of("query extended", METHOD, TARGET + "&z", Reason.WRONG_TARGET),
                Arguments.of("path decoded", METHOD, "/dav/personal-files/a b/café.txt?x=1&y=%2F", Reason.WRONG_TARGET),
                Arguments.of(
                        "hex in lower case",
                        METHOD,
                        "/dav/personal-files/a%20b/caf%c3%a9.txt?x=1&y=%2F",
                        Reason.WRONG_TARGET),
                Arguments.of(
                        "space as plus",
                        METHOD,
                        "/dav/personal-files/a+b/caf%C3%A9.txt?x=1&y=%2F",
                        Reason.WRONG_TARGET),
                Arguments.of(
                        "letter encoded",
                        METHOD,
                        "/dav/personal-files/%61%20b/caf%C3%A9.txt?x=1&y=%2F",
                        Reason.WRONG_TARGET),
                Arguments.of(
                        "double encoded",
                        METHOD,
                        "/dav/personal-files/a%2520b/caf%C3%A9.txt?x=1&y=%2F",
                        Reason.WRONG_TARGET),
                Arguments.of(
                        "NFD instead of NFC",
                        METHOD,
                        "/dav/personal-files/a%20b/cafe%CC%81.txt?x=1&y=%2F",
                        Reason.WRONG_TARGET),
                Arguments.of("trailing slash", METHOD, path + "/?x=1&y=%2F", Reason.WRONG_TARGET),
                Arguments.of(
                        "double slash",
                        METHOD,
                        "/dav/personal-files//a%20b/caf%C3%A9.txt?x=1&y=%2F",
                        Reason.WRONG_TARGET),
                Arguments.of(
                        "dot segment",
                        METHOD,
                        "/dav/personal-files/./a%20b/caf%C3%A9.txt?x=1&y=%2F",
                        Reason.WRONG_TARGET),
                Arguments.of(
                        "encoded slash",
                        METHOD,
                        "/dav/personal-files%2Fa%20b/caf%C3%A9.txt?x=1&y=%2F",
                        Reason.WRONG_TARGET),
                Arguments.of("path parameter", METHOD, path + ";x=1?x=1&y=%2F", Reason.WRONG_TARGET),
                Arguments.of(
                        "upper-case prefix",
                        METHOD,
                        "/DAV/personal-files/a%20b/caf%C3%A9.txt?x=1&y=%2F",
                        Reason.WRONG_TARGET),
                Arguments.of("the parent folder", METHOD, "/dav/personal-files/a%20b/", Reason.WRONG_TARGET),
                Arguments.of("a sibling", METHOD, "/dav/personal-files/a%20b/other.txt?x=1&y=%2F", Reason.WRONG_TARGET),
                Arguments.of("a prefix of the path", METHOD, "/dav/personal-files/a%20b/caf", Reason.WRONG_TARGET),
                Arguments.of("the path extended", METHOD, path + ".bak?x=1&y=%2F", Reason.WRONG_TARGET),
                Arguments.of(
                        "the REST API",
                        METHOD,
                        "/a/tree/stat/personal-files/a%20b/caf%C3%A9.txt",
                        Reason.WRONG_TARGET));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void verifyWhenRequestDiffersFromTheBoundOneThenRefused(String name, String method, String target, Reason reason)
            throws Exception {
        assertOutcome(verifierAt(IAT + 1), GOOD, method, target, reason);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of(
                        "typ in upper case",
                        SIGNER.signJws("{\"alg\":\"HS256\",\"typ\":\"PATGATE-IDENTITY+JWT\"}", claims().toString())),
                Arguments.of(
                        "header members reordered",
                        SIGNER.signJws("{\"typ\":\"patgate-identity+jwt\",\"alg\":\"HS256\"}", claims().toString())),
                Arguments.of(
                        "header with whitespace inside the JSON",
                        SIGNER.signJws(
                                "{ \"alg\" : \"HS256\", \"typ\" : \"patgate-identity+jwt\" }", claims().toString())),
                Arguments.of("an extra claim is ignored", signed(c -> c.put("jti", "x"))),
                Arguments.of(
                        "claims reordered",
                        SIGNER.signJws(
                                HEADER,
                                "{\"htt\":\"" + TARGET + "\",\"htm\":\"PUT\",\"exp\":" + (IAT + 60) + ",\"iat\":" + IAT
                                        + ",\"scp\":[],\"tid\":\"AbCdEfGhIjKl\",\"sub\":\"alice\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void verifyWhenAssertionFollowsTheFormatThenAccepted(String name, String header) throws Exception {
        assertThat(verifierAt(IAT + 1).verify(header, METHOD, TARGET).login()).isEqualTo("alice");
    }

    @Test
    void verifyWhenAssertionIsGoodThenReturnsEveryField() throws Exception {
        String header = signed(c -> c.putArray("scp").add("node:u1:r").add("node:u2:rw"));

        Identity identity = verifierAt(IAT).verify(header, METHOD, TARGET);

        assertThat(identity)
                .isEqualTo(new Identity(
                        "alice",
                        "AbCdEfGhIjKl",
                        List.of("node:u1:r", "node:u2:rw"),
                        Instant.ofEpochSecond(IAT),
                        Instant.ofEpochSecond(IAT + 60)));
    }

    @Test
    void constructWhenKeyIsNot32BytesThenRefuses() {
        assertThatThrownBy(() -> new IdentityVerifier(new byte[16], Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }

    private static void assertOutcome(
            IdentityVerifier verifier, String header, String method, String target, Reason reason) throws Exception {
        if (reason == null) {
            assertThat(verifier.verify(header, method, target).login()).isEqualTo("alice");
        } else {
            assertRefused(verifier, header, method, target, reason);
        }
    }

    private static void assertRefused(
            IdentityVerifier verifier, String header, String method, String target, Reason reason) {
        assertThatThrownBy(() -> verifier.verify(header, method, target))
                .isInstanceOfSatisfying(
                        InvalidIdentityException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason))
                .satisfies(e -> {
                    if (header != null && !header.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(header).doesNotContain(target);
                    }
                });
    }
}
