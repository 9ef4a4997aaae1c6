package dev.patgate.gateway.cells;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {

    private static final byte[] KEY = new byte[32];
    private static final byte[] OTHER_KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 7);
        Arrays.fill(OTHER_KEY, (byte) 8);
    }

    private final CredentialCipher cipher = new CredentialCipher(KEY);

    @Test
    void openWhenSealedForTheSameLoginThenTheSecretComesBack() {
        String sealed = cipher.seal("alice", "cells-token-1");

        assertThat(cipher.open("alice", sealed)).isEqualTo("cells-token-1");
        assertThat(sealed).doesNotContain("cells-token-1");
    }

    @Test
    void sealWhenTheSameSecretTwiceThenNoncesDiffer() {
        byte[] first = Base64.getDecoder().decode(cipher.seal("alice", "same"));
        byte[] second = Base64.getDecoder().decode(cipher.seal("alice", "same"));

        assertThat(Arrays.copyOf(first, 12)).isNotEqualTo(Arrays.copyOf(second, 12));
        assertThat(first).hasSize(12 + "same".length() + 16);
    }

    @Test
    void openWhenAnotherLoginThenRefused() {
        String sealed = cipher.seal("alice", "cells-token-1");

        assertThatThrownBy(() -> cipher.open("bob", sealed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("cells-token-1");
    }

    @Test
    void openWhenAnotherKeyOrAlteredThenRefused() {
        String sealed = cipher.seal("alice", "cells-token-1");
        byte[] altered = Base64.getDecoder().decode(sealed);
        altered[14] ^= 1;

        assertThatThrownBy(() -> new CredentialCipher(OTHER_KEY).open("alice", sealed))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cipher.open("alice", Base64.getEncoder().encodeToString(altered)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cipher.open("alice", "not base64!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cipher.open("alice", "AAAA")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructWhenTheKeyIsNot32BytesThenRefused() {
        assertThatThrownBy(() -> new CredentialCipher(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
