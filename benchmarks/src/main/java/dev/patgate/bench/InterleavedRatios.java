package dev.patgate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A second opinion on {@link HotPathBenchmark} for a shared, noisy machine: the cases run in short
 * alternating slices, each timed in this thread's CPU time (what another process steals does not
 * count), and each case's median cost is reported with its ratio to unscoped Bearer. JMH remains the
 * reference; this is what makes the ratio stable when other work runs beside it.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.patgate.bench.InterleavedRatios [rounds]}
 */
public final class InterleavedRatios {

    private static final long SLICE_NANOS = 50_000_000;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        HotPathBenchmark bench = new HotPathBenchmark();
        bench.setUp();
        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("unscopedBearer", bench::unscopedBearer);
        cases.put("unscopedBasic", bench::unscopedBasic);
        cases.put("scopedBearer", bench::scopedBearer);
        cases.put("scopedBasicWrite", bench::scopedBasicWrite);
        cases.put("scopedRestStat", bench::scopedRestStat);
        org.openjdk.jmh.infra.Blackhole bh = new org.openjdk.jmh.infra.Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Map<String, List<Double>> costs = new LinkedHashMap<>();
        for (String name : cases.keySet()) {
            costs.put(name, new ArrayList<>());
        }
        for (int round = -5; round < rounds; round++) {
            for (Map.Entry<String, Case> c : cases.entrySet()) {
                long start = cpu.getCurrentThreadCpuTime();
                long ops = 0;
                long used;
                do {
                    for (int i = 0; i < 256; i++) {
                        c.getValue().run(bh);
                    }
                    ops += 256;
                    used = cpu.getCurrentThreadCpuTime() - start;
                } while (used < SLICE_NANOS);
                if (round >= 0) {
                    costs.get(c.getKey()).add((double) used / ops);
                }
            }
        }
        bench.tearDown();
        Map<String, String> twin = Map.of(
                "unscopedBearer",
                "unscopedBearer",
                "unscopedBasic",
                "unscopedBearer",
                "scopedBearer",
                "unscopedBearer",
                "scopedBasicWrite",
                "unscopedBasic",
                "scopedRestStat",
                "unscopedBearer");
        System.out.printf("%-18s %10s  %s%n", "case", "CPU ns/op", "throughput ratio");
        for (Map.Entry<String, List<Double>> e : costs.entrySet()) {
            double m = median(e.getValue());
            String base = twin.get(e.getKey());
            System.out.printf("%-18s %10.0f  %.2f x %s%n", e.getKey(), m, median(costs.get(base)) / m, base);
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @FunctionalInterface
    private interface Case {
        void run(org.openjdk.jmh.infra.Blackhole bh) throws Exception;
    }
}
