package dev.patgate.gateway.cells;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a user's upstream credential for the store: AES-256-GCM under the key of
 * {@code upstream.key}, a fresh random 96-bit nonce per seal, the login as associated data (so a
 * sealed value copied to another user's row does not open), a 128-bit tag. The sealed text is
 * standard base64 of {@code nonce || ciphertext || tag}. Thread-safe.
 */
final class CredentialCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @param key 32 bytes (copied) */
    CredentialCipher(byte[] key) {
        Objects.requireNonNull(key, "key must not be null");
        if (key.length != 32) {
            throw new IllegalArgumentException("upstream key must be 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    String seal(String login, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(login.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                            .put(nonce)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * @throws IllegalArgumentException when the text was not sealed by this key for this login (or
     *     was altered); the message names neither the value nor the key
     */
    String open(String login, String sealedText) {
        byte[] all;
        try {
            all = Base64.getDecoder().decode(sealedText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sealed credential is not base64");
        }
        if (all.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("sealed credential is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(login.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
            try {
                return new String(plain, StandardCharsets.UTF_8);
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("sealed credential does not open with upstream.key for this login");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "sealed credential cannot be opened (" + e.getClass().getSimpleName() + ")");
        }
    }
}
