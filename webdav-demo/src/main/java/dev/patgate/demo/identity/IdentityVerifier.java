package dev.patgate.demo.identity;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.demo.identity.InvalidIdentityException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies the gateway's {@code X-Patgate-Identity} assertion as specified in
 * docs/upstream-identity.md: {@code v1.<payload>.<signature>}, both parts base64url without padding
 * (RFC 4648 §5), the signature an HMAC-SHA-256 over the ASCII bytes of {@code v1.<payload>},
 * compared in constant time, and accepted only while {@code iat - 30 s <= now < exp}.
 *
 * <p>Thread-safe.
 */
public final class IdentityVerifier {

    /** The request header that carries the assertion. */
    public static final String HEADER = "X-Patgate-Identity";

    /** How far in the future {@code iat} may be, to allow for clock skew between the two hosts. */
    public static final long ALLOWED_SKEW_SECONDS = 30;

    private static final String VERSION = "v1";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final SecretKeySpec key;
    private final Clock clock;

    /**
     * @param key   the shared identity key, exactly {@value IdentityKey#LENGTH} bytes (copied)
     * @param clock the time source for the validity window
     */
    public IdentityVerifier(byte[] key, Clock clock) {
        Objects.requireNonNull(key, "key");
        if (key.length != IdentityKey.LENGTH) {
            throw new IllegalArgumentException("identity key must be " + IdentityKey.LENGTH + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies one header value.
     *
     * @param headerValue the header value; null means the header is absent
     * @return the asserted identity
     * @throws InvalidIdentityException naming the first check that failed
     */
    public Identity verify(String headerValue) throws InvalidIdentityException {
        if (headerValue == null) {
            throw new InvalidIdentityException(Reason.MISSING);
        }
        String[] parts = headerValue.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidIdentityException(Reason.MALFORMED);
        }
        if (!VERSION.equals(parts[0])) {
            throw new InvalidIdentityException(Reason.UNSUPPORTED_VERSION);
        }
        if (!BASE64URL.matcher(parts[1]).matches() || !BASE64URL.matcher(parts[2]).matches()) {
            throw new InvalidIdentityException(Reason.MALFORMED);
        }
        byte[] presented = decode(parts[2]);
        byte[] expected = sign(VERSION + "." + parts[1]);
        if (!MessageDigest.isEqual(expected, presented)) {
            throw new InvalidIdentityException(Reason.BAD_SIGNATURE);
        }
        Identity identity = parsePayload(decode(parts[1]));
        long now = clock.instant().getEpochSecond();
        if (now < identity.issuedAt().getEpochSecond() - ALLOWED_SKEW_SECONDS) {
            throw new InvalidIdentityException(Reason.NOT_YET_VALID);
        }
        if (now >= identity.expiresAt().getEpochSecond()) {
            throw new InvalidIdentityException(Reason.EXPIRED);
        }
        return identity;
    }

    private byte[] sign(String signingInput) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    private static byte[] decode(String part) throws InvalidIdentityException {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidIdentityException(Reason.MALFORMED);
        }
    }

    private static Identity parsePayload(byte[] payload) throws InvalidIdentityException {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            throw new InvalidIdentityException(Reason.BAD_PAYLOAD);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidIdentityException(Reason.BAD_PAYLOAD);
        }
        JsonNode sub = root.get("sub");
        JsonNode tid = root.get("tid");
        JsonNode scp = root.get("scp");
        JsonNode iat = root.get("iat");
        JsonNode exp = root.get("exp");
        if (sub == null || !sub.isTextual() || sub.textValue().isBlank()
                || (tid != null && !tid.isTextual())
                || (scp != null && !scp.isArray())
                || !isEpochSeconds(iat) || !isEpochSeconds(exp)
                || exp.longValue() <= iat.longValue()) {
            throw new InvalidIdentityException(Reason.BAD_PAYLOAD);
        }
        List<String> scopes = new ArrayList<>();
        if (scp != null) {
            for (JsonNode scope : scp) {
                if (!scope.isTextual()) {
                    throw new InvalidIdentityException(Reason.BAD_PAYLOAD);
                }
                scopes.add(scope.textValue());
            }
        }
        return new Identity(sub.textValue(), tid == null ? "" : tid.textValue(), scopes,
                Instant.ofEpochSecond(iat.longValue()), Instant.ofEpochSecond(exp.longValue()));
    }

    private static boolean isEpochSeconds(JsonNode node) {
        return node != null && node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0;
    }
}
