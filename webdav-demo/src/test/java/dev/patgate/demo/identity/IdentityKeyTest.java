package dev.patgate.demo.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.testsupport.IdentityJws;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityKeyTest {

    @TempDir
    Path dir;

    @Test
    void readWhenOneLineOfBase64Of32BytesThenReturnsTheKey() throws Exception {
        byte[] key = IdentityJws.newKey();
        Path file = Files.writeString(
                dir.resolve("identity.key"), Base64.getEncoder().encodeToString(key) + "\n");

        assertThat(IdentityKey.read(file)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not base64!", "AAAA", "c2hvcnQ="})
    void readWhenContentIsNotA32ByteKeyThenRefusesWithoutEchoingIt(String content) throws Exception {
        Path file = Files.writeString(dir.resolve("identity.key"), content);

        assertThatThrownBy(() -> IdentityKey.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .satisfies(e -> {
                    if (!content.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(content);
                    }
                });
    }

    @Test
    void readWhenFileIsMissingThenThrowsNoSuchFile() {
        assertThatThrownBy(() -> IdentityKey.read(dir.resolve("absent.key"))).isInstanceOf(NoSuchFileException.class);
    }
}
