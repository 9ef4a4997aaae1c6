package dev.patgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenRequestTest {

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("blank login", " ", Duration.ofHours(1), null, "login must not be blank"),
                Arguments.of("no expiry", "alice", null, null, "a token needs an expiry"),
                Arguments.of("zero hard limit", "alice", Duration.ZERO, null, "hard expiry must be positive"),
                Arguments.of(
                        "negative hard limit", "alice", Duration.ofHours(-1), null, "hard expiry must be positive"),
                Arguments.of("zero window", "alice", null, Duration.ZERO, "refresh window must be positive"),
                Arguments.of(
                        "negative window", "alice", null, Duration.ofSeconds(-5), "refresh window must be positive"),
                Arguments.of(
                        "sub-second window",
                        "alice",
                        null,
                        Duration.ofMillis(500),
                        "refresh window must be whole seconds"),
                Arguments.of(
                        "fractional window",
                        "alice",
                        null,
                        Duration.ofMillis(1500),
                        "refresh window must be whole seconds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void tokenRequestWhenInvalidThenRefusedNamingTheField(
            String name, String login, Duration hard, Duration sliding, String message) {
        assertThatThrownBy(() -> new TokenRequest(login, null, null, hard, sliding, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void tokenRequestWhenScopesNullThenEmptyAndLabelOptional() {
        TokenRequest request = new TokenRequest("alice", null, null, Duration.ofHours(1), null, null);

        assertThat(request.scopes()).isEmpty();
        assertThat(request.label()).isNull();
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", "ci", "laptop backup – 2026", "ümlaut ok", "a b c"})
    void tokenRequestWhenLabelPrintableAndShortThenKept(String label) {
        assertThat(TokenRequest.isAllowedLabel(label)).isTrue();
        assertThat(new TokenRequest("alice", label, null, Duration.ofHours(1), null, null).label())
                .isEqualTo(label);
    }

    static Stream<String> badLabels() {
        return Stream.of(
                "a\u0007",
                "\u0000",
                "tab\there",
                "line\nbreak",
                "del\u007f",
                "\r",
                "\u001b[31m",
                "x".repeat(TokenRequest.MAX_LABEL_LENGTH + 1),
                "y".repeat(1000));
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("badLabels")
    void tokenRequestWhenLabelTooLongOrControlThenRefusedNamingTheLabel(String label) {
        assertThat(TokenRequest.isAllowedLabel(label)).isFalse();
        assertThatThrownBy(() -> new TokenRequest("alice", label, null, Duration.ofHours(1), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label must be at most 100 printable characters");
    }

    @Test
    void isAllowedLabelWhenExactlyAtTheLimitThenAllowed() {
        assertThat(TokenRequest.isAllowedLabel("z".repeat(TokenRequest.MAX_LABEL_LENGTH)))
                .isTrue();
    }
}
