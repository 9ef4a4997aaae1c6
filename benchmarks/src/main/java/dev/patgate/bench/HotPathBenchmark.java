package dev.patgate.bench;

import dev.patgate.auth.TokenIssuer;
import dev.patgate.auth.TokenRequest;
import dev.patgate.filter.Patgate;
import dev.patgate.scope.CachingNodeResolver;
import dev.patgate.scope.RestRoute;
import dev.patgate.scope.ScopeAuthorizer;
import dev.patgate.scope.TargetPath;
import dev.patgate.store.JdbcTokenStore;
import dev.patgate.token.Access;
import dev.patgate.token.TokenDigester;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The request hot path: the whole filter (credentials parsed, token authenticated on a warm cache,
 * target authorized, request handed on) for a known token, with no store query and no slow hash.
 * {@code unscoped*} and {@code scoped*} run in the same fork so their ratio can be read directly.
 * The audit logger is switched off here (it is I/O, measured by the macro benchmark instead).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1) // the audit lines stay off: the benchmarks' logback.xml keeps every logger at WARN
public class HotPathBenchmark {

    private static final FilterChain FORWARD = (request, response) -> {};

    private Path folder;
    private JdbcTokenStore store;
    private Patgate patgate;
    private Filter filter;
    private HttpServletResponse response;
    private HttpServletRequest unscopedBearer;
    private HttpServletRequest unscopedBasic;
    private HttpServletRequest scopedBearer;
    private HttpServletRequest scopedBasic;
    private HttpServletRequest scopedRest;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        folder = Files.createTempDirectory("patgate-bench");
        store = JdbcTokenStore.open("jdbc:sqlite:" + folder.resolve("patgate.db"), null, null);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        TokenDigester digester = new TokenDigester(key);
        Clock clock = Clock.systemUTC();
        String folderUuid = UUID.randomUUID().toString();
        TargetPath folderPath = TargetPath.ofNodePath("personal-files/projects/alpha");
        CachingNodeResolver resolver = new CachingNodeResolver(
                (uuid, user) -> uuid.equals(folderUuid) ? Optional.of(folderPath) : Optional.empty(),
                Duration.ofMinutes(10),
                10_000,
                clock);
        ScopeAuthorizer authorizer = new ScopeAuthorizer(
                List.of("/dav/"),
                List.of(new RestRoute("GET", "/a/tree/stat/{path}", null, null, Access.READ, false)),
                resolver,
                1 << 20);
        patgate = Patgate.builder()
                .store(store)
                .digester(digester)
                .clock(clock)
                .authorizer(authorizer)
                .build();
        filter = patgate.filter();
        response = Stubs.response();

        TokenIssuer issuer = new TokenIssuer(store, digester, clock, null);
        String plain = issuer.issue(new TokenRequest("alice", "bench", "bench", Duration.ofDays(1), null, List.of()))
                .plaintext();
        String scoped = issuer.issue(new TokenRequest(
                        "alice",
                        "bench",
                        "bench",
                        Duration.ofDays(1),
                        Duration.ofHours(1),
                        List.of(dev.patgate.token.Scope.parse("node:" + folderUuid + ":rw"))))
                .plaintext();
        String target = "/dav/personal-files/projects/alpha/reports/2026/q3%20summary.txt";
        unscopedBearer = Stubs.request("GET", target, Map.of("Authorization", "Bearer " + plain));
        unscopedBasic = Stubs.request("GET", target, Map.of("Authorization", basic("alice", plain)));
        scopedBearer = Stubs.request("GET", target, Map.of("Authorization", "Bearer " + scoped));
        scopedBasic = Stubs.request("PUT", target, Map.of("Authorization", basic("alice", scoped)));
        scopedRest = Stubs.request(
                "GET",
                "/a/tree/stat/personal-files/projects/alpha/reports",
                Map.of("Authorization", "Bearer " + scoped));
        for (HttpServletRequest warm : List.of(unscopedBearer, unscopedBasic, scopedBearer, scopedBasic, scopedRest)) {
            filter.doFilter(warm, response, FORWARD);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        patgate.close();
        store.close();
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String basic(String login, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    @Benchmark
    public void unscopedBearer(Blackhole bh) throws Exception {
        filter.doFilter(unscopedBearer, response, FORWARD);
        bh.consume(unscopedBearer);
    }

    @Benchmark
    public void unscopedBasic(Blackhole bh) throws Exception {
        filter.doFilter(unscopedBasic, response, FORWARD);
        bh.consume(unscopedBasic);
    }

    @Benchmark
    public void scopedBearer(Blackhole bh) throws Exception {
        filter.doFilter(scopedBearer, response, FORWARD);
        bh.consume(scopedBearer);
    }

    @Benchmark
    public void scopedBasicWrite(Blackhole bh) throws Exception {
        filter.doFilter(scopedBasic, response, FORWARD);
        bh.consume(scopedBasic);
    }

    @Benchmark
    public void scopedRestStat(Blackhole bh) throws Exception {
        filter.doFilter(scopedRest, response, FORWARD);
        bh.consume(scopedRest);
    }
}
