package dev.patgate.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.patgate.auth.FailureLimiter;
import dev.patgate.auth.TokenIssuer;
import dev.patgate.auth.TokenRequest;
import dev.patgate.filter.Patgate;
import dev.patgate.store.JdbcTokenStore;
import dev.patgate.token.TokenDigester;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * After a restart every cache is cold: how much CPU does it take until N distinct tokens have each
 * been accepted once through the whole filter? The target is 10,000 tokens within 2 s of CPU.
 *
 * <p>A restart is a new JVM. This process creates the tokens, then starts a fresh JVM per round
 * that opens the store, builds and starts the filter (which warms its cache with one query unless
 * {@code preload} is off) and sends each token's first request. The child reports the CPU time of
 * its whole process over that span (JIT compiler, GC and the driver's threads included; the JVM's
 * own boot before it is not), the CPU of the thread that sent the requests, and wall time. Rounds
 * alternate between preload on and off; the medians are printed, and the exit code is 1 when the
 * preload median misses the target.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.patgate.bench.ColdStart [tokens]
 * [jdbc-url] [rounds]} (default 10000 tokens in a new SQLite file, 3 rounds per mode; e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=patgate_bench}, a schema
 * that exists and holds no other tokens).
 */
public final class ColdStart {

    private static final double TARGET_SECONDS_PER_10K = 2.0;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--restart")) {
            restart(args[1], Path.of(args[2]), Boolean.parseBoolean(args[3]));
            return;
        }
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path folder = Files.createTempDirectory("patgate-coldstart");
        String url = args.length > 1 ? args[1] : "jdbc:sqlite:" + folder.resolve("patgate.db");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try {
            Path tokens = createTokens(url, count, folder);
            List<double[]> on = new ArrayList<>();
            List<double[]> off = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                for (boolean preload : round % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                    double[] result = runChild(url, tokens, preload);
                    (preload ? on : off).add(result);
                    System.out.printf(
                            "round %d, preload %-5s: %.2f s CPU (process), %.2f s CPU (requests' thread),"
                                    + " %.2f s wall%n",
                            round + 1, preload, result[0], result[1], result[2]);
                }
            }
            System.out.printf(
                    "store: %s, %d distinct tokens, fresh JVM per round, medians of %d rounds:%n",
                    url.startsWith("jdbc:sqlite:") ? "SQLite file" : url.replaceAll("\\?.*", ""), count, rounds);
            double target = TARGET_SECONDS_PER_10K * count / 10_000;
            double onCpu = median(on, 0);
            double offCpu = median(off, 0);
            System.out.printf(
                    "  preload on : %.2f s CPU (process), %.2f s (requests' thread), %.2f s wall%n",
                    onCpu, median(on, 1), median(on, 2));
            System.out.printf(
                    "  preload off: %.2f s CPU (process), %.2f s (requests' thread), %.2f s wall%n",
                    offCpu, median(off, 1), median(off, 2));
            System.out.printf(
                    "  target %.1f s CPU: preload on %s, preload off %s; on ÷ off = %.2f%n",
                    target, onCpu <= target ? "met" : "MISSED", offCpu <= target ? "met" : "missed", onCpu / offCpu);
            if (onCpu > target) {
                System.exit(1);
            }
        } finally {
            deleteQuietly(folder);
        }
    }

    /** Creates the tokens; writes the deployment key and the plaintexts to a file for the children. */
    private static Path createTokens(String url, int count, Path folder) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        TokenDigester digester = new TokenDigester(key);
        List<String> lines = new ArrayList<>(count + 1);
        lines.add(HexFormat.of().formatHex(key));
        try (JdbcTokenStore store = JdbcTokenStore.open(url, null, null)) {
            TokenIssuer issuer = new TokenIssuer(store, digester, Clock.systemUTC(), null);
            for (int i = 0; i < count; i++) {
                lines.add(issuer.issue(new TokenRequest(
                                "user" + (i % 500), "cold", "bench", Duration.ofHours(1), null, List.of()))
                        .plaintext());
            }
        }
        Path file = folder.resolve("tokens.txt");
        Files.write(file, lines, StandardCharsets.US_ASCII);
        return file;
    }

    private static double[] runChild(String url, Path tokens, boolean preload) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ColdStart.class.getName(),
                        "--restart",
                        url,
                        tokens.toString(),
                        Boolean.toString(preload))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (child.waitFor() != 0) {
            throw new IllegalStateException("the restarted JVM failed: " + out);
        }
        String[] fields = out.substring(out.lastIndexOf('\n') + 1).split(" ");
        return Arrays.stream(fields).mapToDouble(Double::parseDouble).toArray();
    }

    /** The restarted gateway: prints "processCpu threadCpu wall" in seconds. */
    private static void restart(String url, Path tokenFile, boolean preload) throws Exception {
        List<String> lines = Files.readAllLines(tokenFile, StandardCharsets.US_ASCII);
        TokenDigester digester = new TokenDigester(HexFormat.of().parseHex(lines.get(0)));
        List<String> tokens = lines.subList(1, lines.size());
        List<Map<String, String>> headers = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            headers.add(Map.of("Authorization", "Bearer " + token));
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long threadBefore = threads.getCurrentThreadCpuTime();
        long wallBefore = System.nanoTime();
        AtomicInteger forwarded = new AtomicInteger();
        try (JdbcTokenStore store = JdbcTokenStore.open(url, null, null);
                Patgate patgate = Patgate.builder()
                        .store(store)
                        .digester(digester)
                        .preload(preload)
                        .failureLimit(new FailureLimiter.Policy(
                                Integer.MAX_VALUE,
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(30),
                                Duration.ofMinutes(15)))
                        .build()) {
            patgate.start();
            Filter filter = patgate.filter();
            HttpServletResponse response = Stubs.response();
            FilterChain chain = (request, res) -> forwarded.incrementAndGet();
            for (Map<String, String> header : headers) {
                filter.doFilter(Stubs.request("GET", "/dav/personal-files/a.txt", header), response, chain);
            }
            double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
            double thread = (threads.getCurrentThreadCpuTime() - threadBefore) / 1e9;
            double wall = (System.nanoTime() - wallBefore) / 1e9;
            if (forwarded.get() != tokens.size()) {
                throw new IllegalStateException(
                        "only " + forwarded.get() + " of " + tokens.size() + " tokens were accepted");
            }
            System.out.printf("%.3f %.3f %.3f%n", cpu, thread, wall);
        }
    }

    private static double median(List<double[]> results, int field) {
        double[] values = results.stream().mapToDouble(r -> r[field]).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static void deleteQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + folder + ": " + e.getMessage());
        }
    }
}
