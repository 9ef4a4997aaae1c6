package dev.patgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.gateway.identity.IdentitySigner;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request cost of the upstream identity: one assertion signed for one proxied request.
 * {@code nimbus} is the gateway's {@link IdentitySigner}; {@code jdkOnly} writes the same JWS
 * (same header, claims and HS256) with the JDK's HMAC, Jackson and base64 only, as a reference for
 * what the JOSE library costs on top.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IdentitySignerBenchmark {

    private static final String TARGET = "/dav/personal-files/projects/2025/report%20final.odt";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JWS_HEADER = BASE64URL.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"patgate-identity+jwt\"}".getBytes(StandardCharsets.US_ASCII));

    private IdentitySigner signer;
    private AuthenticatedToken caller;
    private ThreadLocal<Mac> macs;
    private Clock clock;

    @Setup
    public void setUp() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        clock = Clock.systemUTC();
        signer = new IdentitySigner(key, clock);
        caller = new AuthenticatedToken("alice", "AbCdEf123456", List.of(), null);
        SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
        macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Benchmark
    public String nimbus() {
        return signer.assertion(caller, "PROPFIND", TARGET);
    }

    @Benchmark
    public String jdkOnly() throws Exception {
        long iat = clock.instant().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode();
        claims.put("sub", caller.login());
        claims.put("tid", caller.tokenId());
        claims.putArray("scp");
        claims.put("iat", iat);
        claims.put("exp", iat + 60);
        claims.put("htm", "PROPFIND");
        claims.put("htt", TARGET);
        String signingInput = JWS_HEADER + "." + BASE64URL.encodeToString(JSON.writeValueAsBytes(claims));
        byte[] signature = macs.get().doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + BASE64URL.encodeToString(signature);
    }
}
