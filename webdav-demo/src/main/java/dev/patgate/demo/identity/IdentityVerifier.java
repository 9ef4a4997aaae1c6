package dev.patgate.demo.identity;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACVerifier;
import dev.patgate.demo.identity.InvalidIdentityException.Reason;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies the gateway's {@code X-Patgate-Identity} assertion as docs/upstream-identity.md specifies:
 * a JWS in compact serialization, {@code HS256} under the shared key, header exactly
 * {@code {"alg":"HS256","typ":"patgate-identity+jwt"}}, claims {@code sub tid scp iat exp htm htt},
 * with {@code 0 < exp - iat <= 60 s}, {@code iat <= now + 5 s}, {@code now < exp}, and {@code htm} and
 * {@code htt} equal to the method and the target of the request it arrived on.
 *
 * <p>Thread-safe.
 */
public final class IdentityVerifier {

    /** The request header that carries the assertion. */
    public static final String HEADER = "X-Patgate-Identity";
    /** The JWS {@code typ} the gateway sets (compared ignoring case, as media types are). */
    public static final String TYPE = "patgate-identity+jwt";
    /** The longest lifetime accepted: {@code exp - iat} above it is refused, however well signed. */
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(60);
    /** How far in the future {@code iat} may be, for clock skew between the two hosts. */
    public static final Duration ALLOWED_SKEW = Duration.ofSeconds(5);
    /** The longest header value read at all; longer ones are refused unparsed. */
    public static final int MAX_LENGTH = 8192;

    private static final Pattern COMPACT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final Set<String> HEADER_PARAMETERS = Set.of("alg", "typ");
    /** 9999-12-31T23:59:59Z: later times are refused as claims, before any arithmetic on them. */
    private static final long LATEST_EPOCH_SECOND = 253_402_300_799L;

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final MACVerifier mac;
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
        try {
            this.mac = new MACVerifier(key.clone());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("identity key cannot verify HS256", e);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies one header value against the request it arrived on.
     *
     * @param headerValue the header value; null means the header is absent
     * @param method      the request's method, as on its request line
     * @param target      the request's target as on its request line: the raw (percent-encoded)
     *                    path, then {@code ?} and the raw query when the request has a query
     * @return the asserted identity
     * @throws InvalidIdentityException naming the first check that failed
     */
    public Identity verify(String headerValue, String method, String target) throws InvalidIdentityException {
        if (headerValue == null) {
            throw new InvalidIdentityException(Reason.MISSING);
        }
        if (headerValue.length() > MAX_LENGTH || !COMPACT.matcher(headerValue).matches()) {
            throw new InvalidIdentityException(Reason.MALFORMED);
        }
        String[] parts = headerValue.split("\\.", -1);
        byte[] payload = decodeCanonical(parts[1]);
        decodeCanonical(parts[0]);
        decodeCanonical(parts[2]);
        JWSObject jws;
        try {
            jws = JWSObject.parse(headerValue);
        } catch (ParseException | RuntimeException e) {
            throw new InvalidIdentityException(Reason.BAD_HEADER);
        }
        checkHeader(jws.getHeader());
        try {
            if (!jws.verify(mac)) {
                throw new InvalidIdentityException(Reason.BAD_SIGNATURE);
            }
        } catch (JOSEException e) {
            throw new InvalidIdentityException(Reason.BAD_SIGNATURE);
        }
        Claims claims = parseClaims(payload);
        long now = clock.instant().getEpochSecond();
        long lifetime = claims.exp() - claims.iat();
        if (lifetime > MAX_LIFETIME.getSeconds()) {
            throw new InvalidIdentityException(Reason.LIFETIME_TOO_LONG);
        }
        if (claims.iat() > now + ALLOWED_SKEW.getSeconds()) {
            throw new InvalidIdentityException(Reason.NOT_YET_VALID);
        }
        if (now >= claims.exp()) {
            throw new InvalidIdentityException(Reason.EXPIRED);
        }
        if (!claims.htm().equals(method)) {
            throw new InvalidIdentityException(Reason.WRONG_METHOD);
        }
        if (!claims.htt().equals(target)) {
            throw new InvalidIdentityException(Reason.WRONG_TARGET);
        }
        return claims.identity();
    }

    private static void checkHeader(JWSHeader header) throws InvalidIdentityException {
        if (!JWSAlgorithm.HS256.equals(header.getAlgorithm())
                || header.getType() == null
                || !TYPE.equalsIgnoreCase(header.getType().getType())
                || !HEADER_PARAMETERS.equals(header.getIncludedParams())) {
            throw new InvalidIdentityException(Reason.BAD_HEADER);
        }
    }

    /** Base64url without padding, in its one canonical spelling (no stray low bits in the last character). */
    private static byte[] decodeCanonical(String part) throws InvalidIdentityException {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidIdentityException(Reason.MALFORMED);
        }
        if (!BASE64URL.encodeToString(bytes).equals(part)) {
            throw new InvalidIdentityException(Reason.MALFORMED);
        }
        return bytes;
    }

    private record Claims(Identity identity, long iat, long exp, String htm, String htt) {}

    private static Claims parseClaims(byte[] payload) throws InvalidIdentityException {
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
        JsonNode htm = root.get("htm");
        JsonNode htt = root.get("htt");
        if (sub == null
                || !sub.isTextual()
                || sub.textValue().isBlank()
                || tid == null
                || !tid.isTextual()
                || scp == null
                || !scp.isArray()
                || htm == null
                || !htm.isTextual()
                || htm.textValue().isEmpty()
                || htt == null
                || !htt.isTextual()
                || !htt.textValue().startsWith("/")
                || !isEpochSeconds(iat)
                || !isEpochSeconds(exp)
                || exp.longValue() <= iat.longValue()) {
            throw new InvalidIdentityException(Reason.BAD_PAYLOAD);
        }
        List<String> scopes = new ArrayList<>();
        for (JsonNode scope : scp) {
            if (!scope.isTextual()) {
                throw new InvalidIdentityException(Reason.BAD_PAYLOAD);
            }
            scopes.add(scope.textValue());
        }
        Identity identity = new Identity(
                sub.textValue(),
                tid.textValue(),
                scopes,
                Instant.ofEpochSecond(iat.longValue()),
                Instant.ofEpochSecond(exp.longValue()));
        return new Claims(identity, iat.longValue(), exp.longValue(), htm.textValue(), htt.textValue());
    }

    private static boolean isEpochSeconds(JsonNode node) {
        return node != null
                && node.isIntegralNumber()
                && node.canConvertToLong()
                && node.longValue() >= 0
                && node.longValue() <= LATEST_EPOCH_SECOND;
    }
}
