package dev.patgate.gateway.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.scope.Scope;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the identity the backend receives in {@value #HEADER}, as described in
 * {@code docs/upstream-identity.md}: {@code v1.<payload>.<signature>}, where the payload is the
 * base64url (RFC 4648 §5, no padding) of a UTF-8 JSON object {@code {sub, tid, scp, iat, exp}} and the
 * signature the base64url of HMAC-SHA-256 over the ASCII of {@code v1.<payload>}. Thread-safe.
 */
public final class IdentitySigner {

    /** The request header that carries the assertion. */
    public static final String HEADER = "X-Patgate-Identity";
    /** How long an assertion is valid: {@code exp = iat + 60 s}. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "v1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final Clock clock;
    private final ThreadLocal<Mac> macs;

    /**
     * @param key the 32-byte identity key shared with the backend
     * @param clock gives {@code iat}
     */
    public IdentitySigner(byte[] key, Clock clock) {
        Objects.requireNonNull(key, "key must not be null");
        if (key.length < 32) {
            throw new IllegalArgumentException("identity key must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** A fresh assertion for the owner of {@code token}, valid from now for {@link #LIFETIME}. */
    public String sign(AuthenticatedToken token) {
        long issuedAt = clock.instant().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode();
        claims.put("sub", token.login());
        claims.put("tid", token.tokenId());
        ArrayNode scopes = claims.putArray("scp");
        for (Scope scope : token.scopes()) {
            scopes.add(scope.toString());
        }
        claims.put("iat", issuedAt);
        claims.put("exp", issuedAt + LIFETIME.getSeconds());
        String signed = VERSION + "." + BASE64URL.encodeToString(json(claims));
        byte[] signature = macs.get().doFinal(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + BASE64URL.encodeToString(signature);
    }

    private static byte[] json(ObjectNode claims) {
        try {
            return JSON.writeValueAsBytes(claims);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write identity claims", e);
        }
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
