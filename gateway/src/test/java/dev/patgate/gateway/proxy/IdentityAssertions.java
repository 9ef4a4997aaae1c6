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
 * written independently of the gateway's signer.
 */
final class IdentityAssertions {

    private IdentityAssertions() {
    }

    /** The claims, when the assertion has the documented shape and a valid signature; else an error. */
    static JsonNode verify(String header, byte[] key) throws Exception {
        String[] parts = header.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals("v1")) {
            throw new AssertionError("not v1.<payload>.<signature>");
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = mac.doFinal(("v1." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
            throw new AssertionError("signature does not verify");
        }
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
    }
}
