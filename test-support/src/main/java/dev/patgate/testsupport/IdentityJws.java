package dev.patgate.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The upstream identity assertion as docs/upstream-identity.md describes it (a compact HS256 JWS in
 * {@value #HEADER}), written and checked with the JDK's HMAC and base64 only: no JOSE library and
 * none of the gateway's or the backend's code, so that both are held to the documented format
 * rather than to each other.
 */
public final class IdentityJws {

    /** The request header that carries the assertion. */
    public static final String HEADER = "X-Patgate-Identity";

    /** The JWS (JOSE) header, exactly as the gateway writes it. */
    public static final String JOSE_HEADER = "{\"alg\":\"HS256\",\"typ\":\"patgate-identity+jwt\"}";

    /** Length in bytes of an identity key. */
    public static final int KEY_LENGTH = 32;

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] key;

    /** A signer under {@code key} (copied). */
    public IdentityJws(byte[] key) {
        this.key = key.clone();
    }

    /** A fresh random key of {@link #KEY_LENGTH} bytes. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_LENGTH];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /**
     * The request target java.net.http sends for {@code uri}: the raw path ({@code /} when empty), then
     * {@code ?} and the raw query when the query is not empty (that client drops a bare {@code ?}).
     */
    public static String target(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery();
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }

    /** A valid assertion for {@code login} and the request {@code method target}, issued at {@code now}, valid 60 s. */
    public String sign(String login, Instant now, String method, String target) {
        long iat = now.getEpochSecond();
        return signJws(JOSE_HEADER, claims(login, iat, iat + 60, method, target).toString());
    }

    /** The documented claims, no scopes; a test may change or remove any of them. */
    public static ObjectNode claims(String login, long iat, long exp, String method, String target) {
        ObjectNode claims = JSON.createObjectNode();
        claims.put("sub", login);
        claims.put("tid", "AbCdEfGhIjKl");
        claims.putArray("scp");
        claims.put("iat", iat);
        claims.put("exp", exp);
        claims.put("htm", method);
        claims.put("htt", target);
        return claims;
    }

    /** {@code b64url(header).b64url(payload).b64url(HMAC-SHA-256)} for any header and payload text. */
    public String signJws(String headerJson, String payloadJson) {
        String signingInput = b64(headerJson) + "." + b64(payloadJson);
        return signingInput + "." + URL.encodeToString(hmac(key, signingInput));
    }

    /** Base64url without padding of the UTF-8 of {@code text}. */
    public static String b64(String text) {
        return URL.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The claims of {@code assertion}, when it is a compact JWS with the documented header and a valid
     * HS256 signature under {@code key}. Times and binding are the caller's to check.
     *
     * @throws AssertionError when the shape, the header or the signature is wrong
     */
    public static JsonNode verify(String assertion, byte[] key) throws Exception {
        String[] parts = assertion.split("\\.", -1);
        if (parts.length != 3) {
            throw new AssertionError("not <header>.<payload>.<signature>");
        }
        Base64.Decoder url = Base64.getUrlDecoder();
        if (!new String(url.decode(parts[0]), StandardCharsets.UTF_8).equals(JOSE_HEADER)) {
            throw new AssertionError("not the documented JWS header");
        }
        if (!MessageDigest.isEqual(hmac(key, parts[0] + "." + parts[1]), url.decode(parts[2]))) {
            throw new AssertionError("signature does not verify");
        }
        return JSON.readTree(url.decode(parts[1]));
    }

    private static byte[] hmac(byte[] key, String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
