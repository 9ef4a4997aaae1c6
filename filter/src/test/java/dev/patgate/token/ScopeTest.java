package dev.patgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScopeTest {

    private static final String UUID = "6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab";

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("node:" + UUID + ":r", UUID, true, false, "r"),
                Arguments.of("node:" + UUID + ":w", UUID, false, true, "w"),
                Arguments.of("node:" + UUID + ":rw", UUID, true, true, "rw"),
                Arguments.of("node:" + UUID + ":wr", UUID, true, true, "rw"),
                Arguments.of("node:" + UUID.toUpperCase() + ":r", UUID, true, false, "r"),
                Arguments.of("node:6F1c2D3e-4A5b-4C6d-8E7f-0123456789Ab:w", UUID, false, true, "w"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parseWhenValidThenNormalisedScope(String text, String uuid, boolean read, boolean write, String permission) {
        Scope scope = Scope.parse(text);

        assertThat(scope).isEqualTo(new Scope(uuid, read, write));
        assertThat(scope.permission()).isEqualTo(permission);
        assertThat(scope.toString()).isEqualTo("node:" + uuid + ":" + permission);
        assertThat(Scope.parse(scope.toString())).isEqualTo(scope);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("null", null),
                Arguments.of("empty", ""),
                Arguments.of("kind only", "node"),
                Arguments.of("kind and colon", "node:"),
                Arguments.of("no permission part", "node:" + UUID),
                Arguments.of("empty uuid", "node::r"),
                Arguments.of("empty permission", "node:" + UUID + ":"),
                Arguments.of("file kind", "file:" + UUID + ":r"),
                Arguments.of("file kind alone", "file:"),
                Arguments.of("upper-case kind", "NODE:" + UUID + ":r"),
                Arguments.of("leading space", " node:" + UUID + ":r"),
                Arguments.of("trailing space", "node:" + UUID + ":r "),
                Arguments.of("not a uuid", "node:not-a-uuid:r"),
                Arguments.of("uuid without dashes", "node:" + UUID.replace("-", "") + ":r"),
                Arguments.of("uuid in braces", "node:{" + UUID + "}:r"),
                Arguments.of("uuid one digit short", "node:" + UUID.substring(1) + ":r"),
                Arguments.of("uuid with non-hex", "node:" + UUID.replace('a', 'g') + ":r"),
                Arguments.of("path instead of uuid", "node:/personal-files/docs:r"),
                Arguments.of("permission x", "node:" + UUID + ":x"),
                Arguments.of("permission rwx", "node:" + UUID + ":rwx"),
                Arguments.of("permission rr", "node:" + UUID + ":rr"),
                Arguments.of("upper-case permission", "node:" + UUID + ":R"),
                Arguments.of("extra colon", "node:" + UUID + ":r:"),
                Arguments.of("extra part", "node:" + UUID + ":r:w"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void parseWhenInvalidThenRefusedSayingWhatIsAccepted(String name, String text) {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> Scope.parse(text));

        assertThat(e).as(name).isNotNull();
        assertThat(e.getMessage()).endsWith(Scope.ACCEPTED);
    }

    @Test
    void constructorWhenUuidNotCanonicalThenRefused() {
        assertThatThrownBy(() -> new Scope(UUID.toUpperCase(), true, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nodeUuid");
    }

    @Test
    void constructorWhenNeitherReadNorWriteThenRefused() {
        assertThatThrownBy(() -> new Scope(UUID, false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read, write or both");
    }
}
