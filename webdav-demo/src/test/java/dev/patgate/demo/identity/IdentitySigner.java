package dev.patgate.demo.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Test helper: writes identity assertions the way docs/upstream-identity.md says the gateway does. */
public final class IdentitySigner {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;

    public IdentitySigner(byte[] key) {
        this.key = key.clone();
    }

    /** A fresh random 32-byte key. */
    public static byte[] newKey() {
        byte[] key = new byte[IdentityKey.LENGTH];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** A valid assertion for {@code login}, issued at {@code now} and valid for 60 s. */
    public String sign(String login, Instant now) {
        long iat = now.getEpochSecond();
        return sign("v1", payload(login, iat, iat + 60));
    }

    /** The JSON payload with the documented fields, no scopes. */
    public static String payload(String login, long iat, long exp) {
        return "{\"sub\":\"" + login + "\",\"tid\":\"AbCdEfGhIjKl\",\"scp\":[],\"iat\":" + iat + ",\"exp\":" + exp + "}";
    }

    /** {@code version.base64url(payloadJson).base64url(HMAC(version.payload))}, for any version and payload. */
    public String sign(String version, String payloadJson) {
        String payload = URL.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        String signingInput = version + "." + payload;
        return signingInput + "." + URL.encodeToString(hmac(signingInput));
    }

    private byte[] hmac(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
