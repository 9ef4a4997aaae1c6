package dev.patgate.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies an {@code X-Patgate-Identity} value the way docs/upstream-identity.md tells a backend to,
 * with the JDK's HMAC and base64 only, written independently of the gateway's signer and of any
 * JOSE library.
 */
public final class IdentityAssertions {

    /** The JWS header, exactly as the gateway writes it. */
    public static final String HEADER_JSON = "{\"alg\":\"HS256\",\"typ\":\"patgate-identity+jwt\"}";

    private IdentityAssertions() {
    }

    /**
     * The claims, when the assertion is a compact JWS with the documented header and a valid HS256
     * signature under {@code key}; else an error. Times and binding are the caller's to check.
     */
    public static JsonNode verify(String header, byte[] key) throws Exception {
        String[] parts = header.split("\\.", -1);
        if (parts.length != 3) {
            throw new AssertionError("not <header>.<payload>.<signature>");
        }
        Base64.Decoder url = Base64.getUrlDecoder();
        if (!new String(url.decode(parts[0]), StandardCharsets.UTF_8).equals(HEADER_JSON)) {
            throw new AssertionError("not the documented JWS header");
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(expected, url.decode(parts[2]))) {
            throw new AssertionError("signature does not verify");
        }
        return new ObjectMapper().readTree(url.decode(parts[1]));
    }
}
