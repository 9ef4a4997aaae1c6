package dev.patgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyFileTest {

    @TempDir
    Path dir;

    @Test
    void loadOrCreateWhenMissingThenCreatesOwnerOnlyKeyAndReturnsTheSameKeyAfterwards() throws IOException {
        Path file = dir.resolve("keys/token.key");

        byte[] created = KeyFile.loadOrCreate(file);
        byte[] again = KeyFile.loadOrCreate(file);

        assertThat(created).hasSize(KeyFile.KEY_BYTES).isEqualTo(again).isNotEqualTo(new byte[32]);
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void loadOrCreateWhenTwoFilesThenDifferentKeys() throws IOException {
        assertThat(KeyFile.loadOrCreate(dir.resolve("a.key"))).isNotEqualTo(KeyFile.loadOrCreate(dir.resolve("b.key")));
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("not base64", "this is not base64!"),
                Arguments.of("16 bytes", Base64.getEncoder().encodeToString(new byte[16])),
                Arguments.of("33 bytes", Base64.getEncoder().encodeToString(new byte[33])),
                Arguments.of("empty", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void loadWhenContentInvalidThenIOExceptionWithoutTheContent(String name, String content) throws IOException {
        Path file = dir.resolve("bad.key");
        Files.writeString(file, content);

        assertThatThrownBy(() -> KeyFile.loadOrCreate(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("bad.key");
        if (!content.isEmpty()) {
            assertThatThrownBy(() -> KeyFile.load(file)).message().doesNotContain(content);
        }
    }
}
