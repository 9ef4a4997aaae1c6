package dev.patgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenRequestTest {

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("blank login", " ", Duration.ofHours(1), null, "login must not be blank"),
                Arguments.of("no expiry", "alice", null, null, "a token needs an expiry"),
                Arguments.of("zero hard limit", "alice", Duration.ZERO, null, "hard expiry must be positive"),
                Arguments.of("negative hard limit", "alice", Duration.ofHours(-1), null, "hard expiry must be positive"),
                Arguments.of("zero window", "alice", null, Duration.ZERO, "refresh window must be positive"),
                Arguments.of("negative window", "alice", null, Duration.ofSeconds(-5), "refresh window must be positive"),
                Arguments.of("sub-second window", "alice", null, Duration.ofMillis(500), "refresh window must be whole seconds"),
                Arguments.of("fractional window", "alice", null, Duration.ofMillis(1500),
                        "refresh window must be whole seconds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void tokenRequestWhenInvalidThenRefusedNamingTheField(String name, String login, Duration hard, Duration sliding,
            String message) {
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
}
