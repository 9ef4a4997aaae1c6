package dev.patgate.demo.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test helper: writes identity assertions the way docs/upstream-identity.md says the gateway does,
 * with the JDK's HMAC and base64 only (no JOSE library), so that the verifier is checked against the
 * documented format rather than against the library it uses.
 */
public final class IdentitySigner {

    /** The documented JWS header. */
    public static final String HEADER_JSON = "{\"alg\":\"HS256\",\"typ\":\"patgate-identity+jwt\"}";

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper JSON = new ObjectMapper();

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
        return signJws(HEADER_JSON, claims(login, iat, iat + 60, method, target).toString());
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
        return signingInput + "." + URL.encodeToString(hmac(signingInput));
    }

    /** Base64url without padding of the UTF-8 of {@code text}. */
    public static String b64(String text) {
        return URL.encodeToString(text.getBytes(StandardCharsets.UTF_8));
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
