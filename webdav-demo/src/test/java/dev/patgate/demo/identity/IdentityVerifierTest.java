package dev.patgate.demo.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.demo.identity.InvalidIdentityException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IdentityVerifierTest {

    private static final byte[] KEY = IdentitySigner.newKey();
    private static final IdentitySigner SIGNER = new IdentitySigner(KEY);
    private static final long IAT = 1_700_000_000L;
    private static final String GOOD_PAYLOAD = IdentitySigner.payload("alice", IAT, IAT + 60);

    private static IdentityVerifier verifierAt(long epochSecond) {
        return new IdentityVerifier(KEY, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> refused() {
        String good = SIGNER.sign("v1", GOOD_PAYLOAD);
        String[] parts = good.split("\\.");
        Function<String, String> signed = payload -> SIGNER.sign("v1", payload);
        return Stream.of(
                Arguments.of("absent", null, Reason.MISSING),
                Arguments.of("empty", "", Reason.MALFORMED),
                Arguments.of("garbage", "not an assertion", Reason.MALFORMED),
                Arguments.of("two parts", "v1." + parts[1], Reason.MALFORMED),
                Arguments.of("four parts", good + ".x", Reason.MALFORMED),
                Arguments.of("empty signature", "v1." + parts[1] + ".", Reason.MALFORMED),
                Arguments.of("padded signature", good + "=", Reason.MALFORMED),
                Arguments.of("standard base64 characters", "v1." + parts[1] + "." + parts[2].replace('-', '+') + "+/", Reason.MALFORMED),
                Arguments.of("wrong version", SIGNER.sign("v2", GOOD_PAYLOAD), Reason.UNSUPPORTED_VERSION),
                Arguments.of("upper-case version", "V1." + parts[1] + "." + parts[2], Reason.UNSUPPORTED_VERSION),
                Arguments.of("other key", new IdentitySigner(IdentitySigner.newKey()).sign("v1", GOOD_PAYLOAD), Reason.BAD_SIGNATURE),
                Arguments.of("payload swapped", "v1." + b64(IdentitySigner.payload("bob", IAT, IAT + 60)) + "." + parts[2], Reason.BAD_SIGNATURE),
                Arguments.of("truncated signature", "v1." + parts[1] + "." + parts[2].substring(0, 20), Reason.BAD_SIGNATURE),
                Arguments.of("payload not JSON", signed.apply("alice"), Reason.BAD_PAYLOAD),
                Arguments.of("payload an array", signed.apply("[]"), Reason.BAD_PAYLOAD),
                Arguments.of("no sub", signed.apply("{\"iat\":" + IAT + ",\"exp\":" + (IAT + 60) + "}"), Reason.BAD_PAYLOAD),
                Arguments.of("blank sub", signed.apply(IdentitySigner.payload(" ", IAT, IAT + 60)), Reason.BAD_PAYLOAD),
                Arguments.of("two subs", signed.apply("{\"sub\":\"alice\",\"sub\":\"bob\",\"iat\":" + IAT + ",\"exp\":" + (IAT + 60) + "}"), Reason.BAD_PAYLOAD),
                Arguments.of("iat a string", signed.apply("{\"sub\":\"alice\",\"iat\":\"" + IAT + "\",\"exp\":" + (IAT + 60) + "}"), Reason.BAD_PAYLOAD),
                Arguments.of("exp missing", signed.apply("{\"sub\":\"alice\",\"iat\":" + IAT + "}"), Reason.BAD_PAYLOAD),
                Arguments.of("exp before iat", signed.apply(IdentitySigner.payload("alice", IAT, IAT - 1)), Reason.BAD_PAYLOAD),
                Arguments.of("scope not a string", signed.apply("{\"sub\":\"alice\",\"scp\":[1],\"iat\":" + IAT + ",\"exp\":" + (IAT + 60) + "}"), Reason.BAD_PAYLOAD),
                Arguments.of("tid not a string", signed.apply("{\"sub\":\"alice\",\"tid\":7,\"iat\":" + IAT + ",\"exp\":" + (IAT + 60) + "}"), Reason.BAD_PAYLOAD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void verifyWhenAssertionIsBadThenRefusesWithReason(String name, String header, Reason reason) {
        assertThatThrownBy(() -> verifierAt(IAT + 1).verify(header))
                .isInstanceOfSatisfying(InvalidIdentityException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .satisfies(e -> {
                    if (header != null && !header.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(header);
                    }
                });
    }

    static Stream<Arguments> clockAgainstWindow() {
        return Stream.of(
                Arguments.of("31 s before iat", IAT - 31, Reason.NOT_YET_VALID),
                Arguments.of("30 s before iat", IAT - 30, null),
                Arguments.of("at iat", IAT, null),
                Arguments.of("last second", IAT + 59, null),
                Arguments.of("at exp", IAT + 60, Reason.EXPIRED),
                Arguments.of("an hour later", IAT + 3600, Reason.EXPIRED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clockAgainstWindow")
    void verifyWhenClockMovesThenOnlyTheWindowIsAccepted(String name, long now, Reason reason) throws Exception {
        String header = SIGNER.sign("v1", GOOD_PAYLOAD);
        IdentityVerifier verifier = verifierAt(now);
        if (reason == null) {
            assertThat(verifier.verify(header).login()).isEqualTo("alice");
        } else {
            assertThatThrownBy(() -> verifier.verify(header))
                    .isInstanceOfSatisfying(InvalidIdentityException.class, e -> assertThat(e.reason()).isEqualTo(reason));
        }
    }

    @Test
    void verifyWhenAssertionIsGoodThenReturnsEveryField() throws Exception {
        String payload = "{\"sub\":\"alice\",\"tid\":\"AbCdEfGhIjKl\",\"scp\":[\"node:u1:r\",\"node:u2:rw\"],"
                + "\"iat\":" + IAT + ",\"exp\":" + (IAT + 60) + "}";

        Identity identity = verifierAt(IAT).verify(SIGNER.sign("v1", payload));

        assertThat(identity).isEqualTo(new Identity("alice", "AbCdEfGhIjKl", java.util.List.of("node:u1:r", "node:u2:rw"),
                Instant.ofEpochSecond(IAT), Instant.ofEpochSecond(IAT + 60)));
    }

    @Test
    void constructWhenKeyIsNot32BytesThenRefuses() {
        assertThatThrownBy(() -> new IdentityVerifier(new byte[16], Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }
}
