package dev.patgate.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.gateway.TestClock;
import dev.patgate.scope.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class IdentitySignerTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");

    private final TestClock clock = new TestClock(NOW);
    private final IdentitySigner signer = new IdentitySigner(KEY, clock);

    @Test
    void signWhenUnscopedThenDocumentedFormatAndClaims() throws Exception {
        String header = signer.sign(new AuthenticatedToken("alice", "AbCdEf123456", List.of(), NOW.plusSeconds(3600)));

        String[] parts = header.split("\\.", -1);
        assertThat(parts).hasSize(3);
        assertThat(parts[0]).isEqualTo("v1");
        assertThat(parts[1]).matches("[A-Za-z0-9_-]+");
        assertThat(parts[2]).matches("[A-Za-z0-9_-]{43}");
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.get("sub").asText()).isEqualTo("alice");
        assertThat(claims.get("tid").asText()).isEqualTo("AbCdEf123456");
        assertThat(claims.get("scp").isArray()).isTrue();
        assertThat(claims.get("scp")).isEmpty();
        assertThat(claims.get("iat").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.get("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 60);
        assertThat(claims.size()).isEqualTo(5);
        assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(hmac("v1." + parts[1]));
    }

    @Test
    void signWhenScopedThenScopesInCanonicalForm() throws Exception {
        Scope read = Scope.parse("node:0F8E7C1A-3B2D-4C5E-9F60-718293A4B5C6:r");
        Scope both = Scope.parse("node:11111111-2222-3333-4444-555555555555:wr");

        String header = signer.sign(new AuthenticatedToken("bob", "ZZZZZZZZZZZZ", List.of(read, both), NOW));

        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(header.split("\\.")[1]));
        assertThat(claims.get("scp")).extracting(JsonNode::asText).containsExactly(
                "node:0f8e7c1a-3b2d-4c5e-9f60-718293a4b5c6:r", "node:11111111-2222-3333-4444-555555555555:rw");
    }

    @Test
    void signWhenClockMovesThenIssuedAtFollowsAndSignatureChanges() throws Exception {
        AuthenticatedToken token = new AuthenticatedToken("alice", "AbCdEf123456", List.of(), NOW);
        String first = signer.sign(token);

        clock.advance(Duration.ofSeconds(61));
        String second = signer.sign(token);

        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(second.split("\\.")[1]));
        assertThat(claims.get("iat").asLong()).isEqualTo(NOW.getEpochSecond() + 61);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void signWhenLoginNeedsEscapingThenJsonStaysValid() throws Exception {
        String header = signer.sign(new AuthenticatedToken("a\"b\\c", "AbCdEf123456", List.of(), NOW));

        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(header.split("\\.")[1]));
        assertThat(claims.get("sub").asText()).isEqualTo("a\"b\\c");
    }

    @Test
    void signWhenAnotherKeyThenSignatureDoesNotVerify() throws Exception {
        byte[] otherKey = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
        String header = new IdentitySigner(otherKey, clock)
                .sign(new AuthenticatedToken("alice", "AbCdEf123456", List.of(), NOW));

        String[] parts = header.split("\\.");
        assertThat(MessageDigest.isEqual(Base64.getUrlDecoder().decode(parts[2]), hmac("v1." + parts[1]))).isFalse();
    }

    @Test
    void constructorWhenKeyTooShortThenRefused() {
        assertThatThrownBy(() -> new IdentitySigner(new byte[16], clock))
                .hasMessage("identity key must be at least 32 bytes");
    }

    private static byte[] hmac(String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
    }
}
