package dev.patgate.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/** The shared helpers hold what other modules' tests rely on; a helper that lied would hide a bug. */
class TestSupportTest {

    @Test
    void clockWhenAdvancedOrSetThenInstantFollowsAndStandsStillOtherwise() {
        TestClock clock = TestClock.atDefaultStart();
        assertThat(clock.instant())
                .isEqualTo(Instant.parse("2025-06-01T10:00:00Z"))
                .isEqualTo(clock.instant());

        clock.advance(Duration.ofSeconds(61));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2025-06-01T10:01:01Z"));
        clock.set(Instant.EPOCH);
        assertThat(clock.millis()).isZero();
    }

    @Test
    void basicWhenRfc7617ExampleThenItsExactValue() {
        assertThat(Requests.basic("Aladdin", "open sesame")).isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assertThat(Requests.basicCredentials("é", "p:w"))
                .isEqualTo(Base64.getEncoder().encodeToString("é:p:w".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void builderWhenHeaderPairsThenEachSentInOrderAndAnOddCountRefused() {
        var request = Requests.builder(URI.create("http://127.0.0.1:1/a"), "PROPFIND", null, "Depth", "1", "Depth", "0")
                .build();

        assertThat(request.method()).isEqualTo("PROPFIND");
        assertThat(request.headers().allValues("Depth")).containsExactly("1", "0");
        assertThat(request.timeout()).contains(Requests.TIMEOUT);
        assertThatThrownBy(() -> Requests.builder(URI.create("http://127.0.0.1:1/"), "GET", null, "Depth"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "http://h/            | /",
                "http://h             | /",
                "http://h/a%20b?x=1   | /a%20b?x=1",
                "http://h/a?          | /a",
                "http://h/caf%C3%A9/  | /caf%C3%A9/"
            })
    void targetWhenUriThenTheRequestTargetJavaNetHttpSends(String uri, String target) {
        assertThat(IdentityJws.target(URI.create(uri))).isEqualTo(target);
    }

    @Test
    void verifyWhenSignedUnderTheKeyThenTheClaims() throws Exception {
        byte[] key = IdentityJws.newKey();
        String jws = new IdentityJws(key).sign("alice", Instant.ofEpochSecond(1000), "GET", "/dav/");

        var claims = IdentityJws.verify(jws, key);

        assertThat(claims.get("sub").asText()).isEqualTo("alice");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(60);
        assertThat(claims.get("htm").asText()).isEqualTo("GET");
        assertThat(claims.get("htt").asText()).isEqualTo("/dav/");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "another key      | signature does not verify",
                "another header   | not the documented JWS header",
                "two parts        | not <header>.<payload>.<signature>",
                "payload changed  | signature does not verify"
            })
    void verifyWhenAnythingIsOffThenAssertionError(String change, String message) {
        byte[] key = IdentityJws.newKey();
        IdentityJws signer = new IdentityJws(key);
        String good = signer.sign("alice", Instant.ofEpochSecond(1000), "GET", "/");
        String[] parts = good.split("\\.");
        String bad = switch (change) {
            case "another key" ->
                new IdentityJws(IdentityJws.newKey()).sign("alice", Instant.ofEpochSecond(1000), "GET", "/");
            case "another header" -> signer.signJws("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{}");
            case "two parts" -> parts[0] + "." + parts[1];
            default -> parts[0] + "." + IdentityJws.b64("{\"sub\":\"mallory\"}") + "." + parts[2];
        };

        assertThatThrownBy(() -> IdentityJws.verify(bad, key))
                .isInstanceOf(AssertionError.class)
                .hasMessage(message);
    }

    @Test
    void logCaptureWhenStartedThenSeesEventsAndTheirThrowablesUntilClosed() {
        var logger = LoggerFactory.getLogger("patgate.audit");
        LogCapture capture = LogCapture.start();
        logger.info("outcome={} user={}", "accepted", "alice");
        logger.warn("failed", new IllegalStateException("inner reason"));
        capture.close();
        logger.info("after close");

        assertThat(capture.text())
                .startsWith("INFO patgate.audit - outcome=accepted user=alice\n")
                .contains("WARN patgate.audit - failed\n")
                .contains("IllegalStateException: inner reason")
                .doesNotContain("after close");
        assertThat(capture.events()).hasSize(2);
    }
}
