package dev.patgate.gateway.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.token.Scope;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs the identity the backend receives in {@value #HEADER}, as {@code docs/upstream-identity.md}
 * specifies: a JWS in compact serialization (RFC 7515), {@code HS256} under the identity key, header
 * {@code {"alg":"HS256","typ":"patgate-identity+jwt"}}, claims {@code sub tid scp iat exp htm htt}.
 * {@code exp - iat} is the lifetime, never more than {@link #MAX_LIFETIME}; {@code htm} and
 * {@code htt} bind the assertion to the one request it is made for. nimbus-jose-jwt builds the JWS
 * and signs it (one {@link MACSigner}, the header encoded once); Jackson writes the claims and the
 * JDK encodes them, which costs less per request than nimbus's claims set, JSON and base64 (see
 * {@code IdentitySignerBenchmark} in benchmarks/). Thread-safe.
 */
public final class IdentitySigner implements UpstreamIdentity {

    /** The request header that carries the assertion. */
    public static final String HEADER = "X-Patgate-Identity";
    /** The JWS {@code typ} header value (RFC 8725 §3.11 explicit typing). */
    public static final String TYPE = "patgate-identity+jwt";
    /** The longest lifetime a backend accepts ({@code exp - iat}); the gateway never signs longer. */
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(60);
    /** The lifetime of the gateway's assertions: {@code exp = iat + 60 s}. */
    public static final Duration LIFETIME = MAX_LIFETIME;

    /**
     * Parsed once from its exact text, so that nimbus keeps that base64url form and neither reorders
     * the members nor re-encodes them per request.
     */
    private static final JWSHeader JWS_HEADER = header();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final MACSigner mac;
    private final Clock clock;
    private final long lifetimeSeconds;

    /** As {@link #IdentitySigner(byte[], Clock, Duration)} with {@link #LIFETIME}. */
    public IdentitySigner(byte[] key, Clock clock) {
        this(key, clock, LIFETIME);
    }

    /**
     * @param key the 32-byte identity key shared with the backend (copied)
     * @param clock gives {@code iat}
     * @param lifetime {@code exp - iat}: whole seconds, at least 1 s and at most {@link #MAX_LIFETIME}
     * @throws IllegalArgumentException when the key is shorter than 32 bytes or the lifetime is out of range
     */
    public IdentitySigner(byte[] key, Clock clock, Duration lifetime) {
        Objects.requireNonNull(key, "key must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        Objects.requireNonNull(lifetime, "lifetime must not be null");
        if (key.length < 32) {
            throw new IllegalArgumentException("identity key must be at least 32 bytes");
        }
        if (lifetime.getSeconds() < 1 || lifetime.getNano() != 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException(
                    "identity lifetime must be whole seconds from 1 s to " + MAX_LIFETIME.getSeconds() + " s");
        }
        this.lifetimeSeconds = lifetime.getSeconds();
        try {
            this.mac = new MACSigner(key.clone());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("identity key cannot sign HS256", e);
        }
    }

    /**
     * A fresh assertion for the owner of {@code caller}, valid from now for the lifetime, bound to
     * {@code method} and {@code target} as they are sent to the backend.
     */
    @Override
    public String assertion(AuthenticatedToken caller, String method, String target) {
        Objects.requireNonNull(method, "method must not be null");
        Objects.requireNonNull(target, "target must not be null");
        long issuedAt = clock.instant().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode();
        claims.put("sub", caller.login());
        claims.put("tid", caller.tokenId());
        ArrayNode scopes = claims.putArray("scp");
        for (Scope scope : caller.scopes()) {
            scopes.add(scope.toString());
        }
        claims.put("iat", issuedAt);
        claims.put("exp", issuedAt + lifetimeSeconds);
        claims.put("htm", method);
        claims.put("htt", target);
        try {
            // the JDK's encoder, many times faster than nimbus's codec, gives the payload's base64url
            Payload payload = new Payload(new Base64URL(BASE64URL.encodeToString(JSON.writeValueAsBytes(claims))));
            JWSObject jws = new JWSObject(JWS_HEADER, payload);
            jws.sign(mac);
            return jws.serialize();
        } catch (JsonProcessingException | JOSEException e) {
            throw new IllegalStateException("cannot sign the identity assertion", e);
        }
    }

    private static JWSHeader header() {
        String json = "{\"alg\":\"" + JWSAlgorithm.HS256.getName() + "\",\"typ\":\"" + TYPE + "\"}";
        try {
            JWSHeader header = JWSHeader.parse(Base64URL.encode(json));
            if (!JWSAlgorithm.HS256.equals(header.getAlgorithm())
                    || !new JOSEObjectType(TYPE).equals(header.getType())) {
                throw new IllegalStateException("identity header does not read back as written");
            }
            return header;
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build the identity header", e);
        }
    }
}
