package dev.patgate.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digests token secrets with HMAC-SHA-256 under the deployment's key. The secret has about 190 bits
 * of entropy, so a keyed fast hash is enough: a stolen store cannot be brute-forced and lookups stay
 * cheap. Thread-safe.
 */
public final class TokenDigester {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public TokenDigester(byte[] key) {
        Objects.requireNonNull(key, "key must not be null");
        if (key.length < 32) {
            throw new IllegalArgumentException("key must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The digest of the token's id and secret (the id is bound in, so digests cannot be swapped). */
    public byte[] digest(PersonalToken token) {
        Mac mac = macs.get();
        mac.update(token.id().getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '_');
        return mac.doFinal(token.secret().getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether {@code token} matches {@code expectedDigest}, compared in constant time. */
    public boolean matches(PersonalToken token, byte[] expectedDigest) {
        return expectedDigest != null && MessageDigest.isEqual(digest(token), expectedDigest);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }
}
