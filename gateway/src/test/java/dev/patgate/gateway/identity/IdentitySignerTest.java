package dev.patgate.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.demo.identity.Identity;
import dev.patgate.demo.identity.IdentityVerifier;
import dev.patgate.testsupport.IdentityJws;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentitySignerTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");
    private static final AuthenticatedToken ALICE = new AuthenticatedToken("alice", "AbCdEf123456", List.of(), NOW);
    private static final String TARGET = "/dav/personal-files/a%20b/%C3%A9t%C3%A9.txt?x=1&y=%2F";

    private final TestClock clock = new TestClock(NOW);
    private final IdentitySigner signer = new IdentitySigner(KEY, clock);

    @Test
    void assertionWhenUnscopedThenCompactJwsWithDocumentedHeaderAndClaims() throws Exception {
        String header = signer.assertion(ALICE, "PROPFIND", TARGET);

        String[] parts = header.split("\\.", -1);
        assertThat(parts).hasSize(3);
        assertThat(parts[0])
                .isEqualTo(Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(IdentityJws.JOSE_HEADER.getBytes(StandardCharsets.UTF_8)));
        assertThat(parts[1]).matches("[A-Za-z0-9_-]+");
        assertThat(parts[2]).matches("[A-Za-z0-9_-]{43}");
        JsonNode claims = IdentityJws.verify(header, KEY);
        assertThat(claims.get("sub").textValue()).isEqualTo("alice");
        assertThat(claims.get("tid").textValue()).isEqualTo("AbCdEf123456");
        assertThat(claims.get("scp").isArray()).isTrue();
        assertThat(claims.get("scp")).isEmpty();
        assertThat(claims.get("iat").isIntegralNumber()).isTrue();
        assertThat(claims.get("iat").longValue()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.get("exp").longValue()).isEqualTo(NOW.getEpochSecond() + 60);
        assertThat(claims.get("htm").textValue()).isEqualTo("PROPFIND");
        assertThat(claims.get("htt").textValue()).isEqualTo(TARGET);
        assertThat(claims.size()).isEqualTo(7);
    }

    @Test
    void assertionWhenScopedThenScopesInCanonicalForm() throws Exception {
        Scope read = Scope.parse("node:0F8E7C1A-3B2D-4C5E-9F60-718293A4B5C6:r");
        Scope both = Scope.parse("node:11111111-2222-3333-4444-555555555555:wr");

        String header =
                signer.assertion(new AuthenticatedToken("bob", "ZZZZZZZZZZZZ", List.of(read, both), NOW), "GET", "/");

        assertThat(IdentityJws.verify(header, KEY).get("scp"))
                .extracting(JsonNode::textValue)
                .containsExactly(
                        "node:0f8e7c1a-3b2d-4c5e-9f60-718293a4b5c6:r", "node:11111111-2222-3333-4444-555555555555:rw");
    }

    @Test
    void assertionWhenClockMovesThenIssuedAtFollowsAndSignatureChanges() throws Exception {
        String first = signer.assertion(ALICE, "GET", "/");

        clock.advance(Duration.ofSeconds(61));
        String second = signer.assertion(ALICE, "GET", "/");

        assertThat(IdentityJws.verify(second, KEY).get("iat").longValue()).isEqualTo(NOW.getEpochSecond() + 61);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void assertionWhenLoginNeedsEscapingThenJsonStaysValid() throws Exception {
        String header = signer.assertion(
                new AuthenticatedToken("a\"b\\c\u2028", "AbCdEf123456", List.of(), NOW), "GET", "/dav/\"x\"");

        JsonNode claims = IdentityJws.verify(header, KEY);
        assertThat(claims.get("sub").textValue()).isEqualTo("a\"b\\c\u2028");
        assertThat(claims.get("htt").textValue()).isEqualTo("/dav/\"x\"");
    }

    @Test
    void assertionWhenAnotherKeyThenSignatureDoesNotVerify() {
        byte[] otherKey = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
        String header = new IdentitySigner(otherKey, clock).assertion(ALICE, "GET", "/");

        assertThatThrownBy(() -> IdentityJws.verify(header, KEY)).hasMessage("signature does not verify");
    }

    /** Clock readings, sub-second ones included, at which the lifetime must stay within the cap. */
    static Stream<Instant> instants() {
        List<Instant> instants = new ArrayList<>();
        for (long nanos : new long[] {0, 1, 499_999_999, 500_000_000, 999_999_999}) {
            instants.add(NOW.plusNanos(nanos));
            instants.add(Instant.EPOCH.plusNanos(nanos));
            instants.add(Instant.parse("2099-12-31T23:59:59Z").plusNanos(nanos));
        }
        return instants.stream();
    }

    @ParameterizedTest
    @MethodSource("instants")
    void assertionWhenSignedAtAnyInstantThenLifetimeNeverExceedsTheCap(Instant at) throws Exception {
        for (Duration lifetime : List.of(Duration.ofSeconds(1), Duration.ofSeconds(30), IdentitySigner.MAX_LIFETIME)) {
            IdentitySigner at0 = new IdentitySigner(KEY, Clock.fixed(at, ZoneOffset.UTC), lifetime);

            JsonNode claims = IdentityJws.verify(at0.assertion(ALICE, "GET", "/"), KEY);

            long iat = claims.get("iat").longValue();
            long exp = claims.get("exp").longValue();
            assertThat(iat).isEqualTo(at.getEpochSecond());
            assertThat(exp - iat)
                    .isEqualTo(lifetime.getSeconds())
                    .isLessThanOrEqualTo(IdentitySigner.MAX_LIFETIME.getSeconds());
        }
    }

    @Test
    void capWhenComparedWithTheBackendsThenTheSame() {
        assertThat(IdentitySigner.MAX_LIFETIME).isEqualTo(IdentityVerifier.MAX_LIFETIME);
        assertThat(IdentitySigner.LIFETIME).isLessThanOrEqualTo(IdentityVerifier.MAX_LIFETIME);
        assertThat(IdentitySigner.TYPE).isEqualTo(IdentityVerifier.TYPE);
        assertThat(IdentitySigner.HEADER).isEqualTo(IdentityVerifier.HEADER);
        assertThat(IdentitySigner.HEADER).isEqualTo(IdentityJws.HEADER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT-1S", "PT0.5S", "PT1.5S", "PT61S", "PT60.001S", "PT1H", "PT2H", "P3650D"})
    void constructorWhenLifetimeOutsideOneSecondToTheCapThenRefused(String lifetime) {
        assertThatThrownBy(() -> new IdentitySigner(KEY, clock, Duration.parse(lifetime)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("identity lifetime must be whole seconds from 1 s to 60 s");
    }

    @Test
    void constructorWhenKeyTooShortThenRefused() {
        assertThatThrownBy(() -> new IdentitySigner(new byte[16], clock))
                .hasMessage("identity key must be at least 32 bytes");
    }

    /** Requests as the gateway forwards them: the backend's verifier must accept each for exactly that request. */
    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("GET", "/"),
                Arguments.of("PROPFIND", "/dav/personal-files/"),
                Arguments.of("PUT", TARGET),
                Arguments.of("MKCOL", "/dav/personal-files/%E2%82%AC%20euro/"),
                Arguments.of("POST", "/a/tree/stats"),
                Arguments.of("GET", "/n/node/0f8e7c1a-3b2d-4c5e-9f60-718293a4b5c6"),
                Arguments.of("GET", "/prefix/a/tree/stat/personal-files?"),
                Arguments.of("X-CUSTOM", "/dav/x;y=1?%22q%22"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requests")
    void assertionWhenVerifiedByTheDemoBackendThenAcceptedForThatRequestOnly(String method, String target)
            throws Exception {
        String header = signer.assertion(ALICE, method, target);
        IdentityVerifier verifier = new IdentityVerifier(KEY, clock);

        Identity identity = verifier.verify(header, method, target);

        assertThat(identity.login()).isEqualTo("alice");
        assertThat(identity.tokenId()).isEqualTo("AbCdEf123456");
        assertThatThrownBy(() -> verifier.verify(header, method.equals("GET") ? "HEAD" : "GET", target))
                .hasMessageContaining("another method");
        assertThatThrownBy(() -> verifier.verify(header, method, target + "x")).hasMessageContaining("another target");
    }
}
