package dev.patgate.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.patgate.auth.TokenIssuer;
import dev.patgate.auth.TokenRequest;
import dev.patgate.filter.Patgate;
import dev.patgate.store.JdbcTokenStore;
import dev.patgate.token.TokenDigester;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * After a restart every cache is cold: how much CPU does it take to re-verify N distinct tokens,
 * each on its first request (one store lookup and one HMAC each, through the whole filter)?
 * The target is 10,000 tokens within 2 s of CPU. Process CPU time is reported (all threads: the
 * JDBC driver's work counts), next to wall time.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.patgate.bench.ColdStart [tokens] [jdbc-url]}
 * (default 10000 tokens in a new SQLite file; e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}).
 */
public final class ColdStart {

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.log.patgate.audit", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path folder = Files.createTempDirectory("patgate-coldstart");
        String url = args.length > 1 ? args[1] : "jdbc:sqlite:" + folder.resolve("patgate.db");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        TokenDigester digester = new TokenDigester(key);

        List<String> tokens = new ArrayList<>(count);
        try (JdbcTokenStore store = JdbcTokenStore.open(url, null, null)) {
            TokenIssuer issuer = new TokenIssuer(store, digester, Clock.systemUTC(), null);
            for (int i = 0; i < count; i++) {
                tokens.add(issuer.issue(new TokenRequest("user" + (i % 500), "cold", "bench", Duration.ofHours(1),
                        null, List.of())).plaintext());
            }
        }

        // the restart: a new store handle, a new filter with empty caches
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (JdbcTokenStore store = JdbcTokenStore.open(url, null, null);
                Patgate patgate = Patgate.builder().store(store).digester(digester)
                        .failureLimit(Integer.MAX_VALUE, Duration.ofMinutes(1)).build()) {
            Filter filter = patgate.filter();
            HttpServletResponse response = Stubs.response();
            AtomicInteger forwarded = new AtomicInteger();
            FilterChain chain = (request, res) -> forwarded.incrementAndGet();
            java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long threadBefore = threads.getCurrentThreadCpuTime();
            long cpuBefore = os.getProcessCpuTime();
            long wallBefore = System.nanoTime();
            for (String token : tokens) {
                filter.doFilter(Stubs.request("GET", "/dav/personal-files/a.txt",
                        Map.of("Authorization", "Bearer " + token)), response, chain);
            }
            double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
            double thread = (threads.getCurrentThreadCpuTime() - threadBefore) / 1e9;
            double wall = (System.nanoTime() - wallBefore) / 1e9;
            if (forwarded.get() != count) {
                throw new IllegalStateException("only " + forwarded.get() + " of " + count + " tokens were accepted");
            }
            System.out.printf("store: %s%n", url.startsWith("jdbc:sqlite:") ? "SQLite file" : url.replaceAll("\\?.*", ""));
            System.out.printf("%d distinct tokens re-verified after a restart: %.2f s CPU (whole process, JIT and GC"
                    + " included), %.2f s CPU in the requests' own thread, %.2f s wall; %.0f µs CPU per token;"
                    + " target 2 s CPU for 10,000: %s%n", count, cpu, thread, wall, cpu * 1e6 / count,
                    cpu * 10_000 / count <= 2.0 ? "met" : "MISSED");
        }
    }
}
