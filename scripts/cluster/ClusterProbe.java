import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The measuring half of scripts/cluster-test.sh, run as a single-file program (java ClusterProbe.java):
 *
 * <pre>
 * revocations A B LOGIN PASSWORD COUNT PATH   create COUNT tokens through A's token API; for each, use it
 *                                             on B (cached there), revoke it through A's API, and time
 *                                             how long until B refuses it (401, or 429 once this
 *                                             address failed too often); prints p50/p99/max
 * load SECONDS TOKENS_FILE PATH URL...        GET PATH with the tokens, round robin, on every URL from 4
 *                                             threads each, for SECONDS; prints the answers per URL
 * churn SECONDS THREADS A B LOGIN PASSWORD PATH  from THREADS threads, for SECONDS: create a token through
 *                                             A's or B's token API (in turn), use it on both (must be
 *                                             200), revoke it through one of them, and GET it on A and
 *                                             B in turn for 1.3 s after the revocation's 204; counts
 *                                             5xx, valid tokens refused, and 200s answered more than
 *                                             1 s after that 204; prints the time to refusal on the
 *                                             instance that did not revoke (p50/p99/max)
 * </pre>
 *
 * The password comes from the environment variable PROBE_PASSWORD when PASSWORD is "-", so that it
 * is not in argv. Exit 1 when a check fails.
 */
public final class ClusterProbe {

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "revocations" -> revocations(args[1], args[2], args[3], password(args[4]), Integer.parseInt(args[5]), args[6]);
            case "churn" -> churn(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3], args[4], args[5], password(args[6]), args[7]);
            case "load" -> load(Integer.parseInt(args[1]), Path.of(args[2]), args[3], List.of(args).subList(4, args.length));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    static String password(String arg) {
        return "-".equals(arg) ? System.getenv("PROBE_PASSWORD") : arg;
    }

    static int get(String url, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static void revocations(String a, String b, String login, String password, int count, String path) throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> created = HTTP.send(
                    HttpRequest.newBuilder(URI.create(a + "/patgate/tokens"))
                            .header("Authorization", basic)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"expire\": \"1h\", \"label\": \"probe " + i + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("creating a token on A: " + created.statusCode() + " " + created.body());
            }
            String token = group(TOKEN, created.body());
            String id = group(ID, created.body());
            int first = get(b + path, token);
            if (first != 200) {
                throw new IllegalStateException("a new token on B: " + first);
            }
            HttpResponse<Void> revoked = HTTP.send(
                    HttpRequest.newBuilder(URI.create(a + "/patgate/tokens/" + id))
                            .header("Authorization", basic)
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            long start = System.nanoTime();
            if (revoked.statusCode() != 204) {
                throw new IllegalStateException("revoking on A: " + revoked.statusCode());
            }
            int status;
            while ((status = get(b + path, token)) == 200) {
                if (System.nanoTime() - start > 5_000_000_000L) {
                    throw new IllegalStateException("B still serves a token revoked 5 s ago");
                }
            }
            millis.add((System.nanoTime() - start) / 1e6);
            if (status != 401 && status != 429) {
                throw new IllegalStateException("B answered " + status + " instead of a refusal (401 or 429)");
            }
        }
        millis.sort(null);
        double p50 = millis.get((int) Math.ceil(0.50 * count) - 1);
        double p99 = millis.get((int) Math.ceil(0.99 * count) - 1);
        double max = millis.get(count - 1);
        System.out.printf("revocation on A to refusal on B over %d revocations: min %.1f ms, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                count, millis.get(0), p50, p99, max);
        if (max > 1000) {
            System.out.println("FAIL: worst case above 1 s");
            System.exit(1);
        }
    }

    static void churn(int seconds, int threads, String a, String b, String login, String password, String path)
            throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        LongAdder tokens = new LongAdder();
        LongAdder serverErrors = new LongAdder();
        LongAdder validRefused = new LongAdder();
        LongAdder lateAccepted = new LongAdder();
        LongAdder probes = new LongAdder();
        List<Double> toRefusal = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            Thread thread = new Thread(() -> {
                int i = worker;
                while (System.nanoTime() < end) {
                    String home = i % 2 == 0 ? a : b; // creates and revokes
                    String other = home == a ? b : a;
                    i++;
                    try {
                        HttpResponse<String> created = HTTP.send(
                                HttpRequest.newBuilder(URI.create(home + "/patgate/tokens"))
                                        .header("Authorization", basic)
                                        .header("Content-Type", "application/json")
                                        .timeout(Duration.ofSeconds(10))
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"expire\": \"1h\", \"label\": \"soak\"}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (created.statusCode() != 201) {
                            count(created.statusCode(), serverErrors, validRefused, problems, "create on " + home);
                            continue;
                        }
                        tokens.increment();
                        String token = group(TOKEN, created.body());
                        String id = group(ID, created.body());
                        for (String url : List.of(home, other)) {
                            int status = get(url + path, token);
                            probes.increment();
                            if (status != 200) {
                                count(status, serverErrors, validRefused, problems, "new token on " + url);
                            }
                        }
                        HttpResponse<Void> revoked = HTTP.send(
                                HttpRequest.newBuilder(URI.create(home + "/patgate/tokens/" + id))
                                        .header("Authorization", basic)
                                        .timeout(Duration.ofSeconds(10))
                                        .DELETE()
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (revoked.statusCode() != 204) {
                            count(revoked.statusCode(), serverErrors, validRefused, problems, "revoke on " + home);
                            continue;
                        }
                        // from A's 204: the revocation is committed by then (the bcrypt check of the
                        // DELETE's password, before it, is no part of the propagation)
                        long sent = System.nanoTime();
                        double refusedAfter = -1;
                        int n = 0;
                        while (System.nanoTime() - sent < 1_300_000_000L) {
                            String url = n++ % 2 == 0 ? other : home;
                            int status = get(url + path, token);
                            long answered = System.nanoTime() - sent;
                            probes.increment();
                            if (status >= 500) {
                                serverErrors.increment();
                                problems.add(status + " for a revoked token on " + url);
                            } else if (status == 200) {
                                if (answered > 1_000_000_000L) {
                                    lateAccepted.increment();
                                    problems.add("200 on " + url + " " + answered / 1_000_000 + " ms after the revocation was answered");
                                }
                            } else if (refusedAfter < 0 && url == other) {
                                refusedAfter = answered / 1e6;
                            }
                            Thread.sleep(20);
                        }
                        if (refusedAfter >= 0) {
                            toRefusal.add(refusedAfter);
                        }
                    } catch (Exception e) {
                        serverErrors.increment();
                        problems.add("no answer: " + e);
                    }
                }
            });
            thread.start();
            workers.add(thread);
        }
        for (Thread thread : workers) {
            thread.join();
        }
        List<Double> sorted = new ArrayList<>(toRefusal);
        sorted.sort(null);
        System.out.printf("churn: %d tokens created, used and revoked, %d probes; 5xx or no answer %d, valid refused %d, accepted > 1 s after the revocation was answered %d%n",
                tokens.sum(), probes.sum(), serverErrors.sum(), validRefused.sum(), lateAccepted.sum());
        if (!sorted.isEmpty()) {
            System.out.printf("churn: revocation answered (204) to refusal on the other instance, under load: p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d%n",
                    sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1),
                    sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1),
                    sorted.get(sorted.size() - 1), sorted.size());
        }
        problems.stream().limit(10).forEach(p -> System.out.println("  " + p));
        if (tokens.sum() == 0 || serverErrors.sum() + validRefused.sum() + lateAccepted.sum() > 0) {
            System.out.println("FAIL");
            System.exit(1);
        }
    }

    static void count(int status, LongAdder serverErrors, LongAdder validRefused, List<String> problems, String what) {
        if (status >= 500) {
            serverErrors.increment();
        } else {
            validRefused.increment();
        }
        problems.add(what + ": " + status);
    }

    static void load(int seconds, Path tokensFile, String path, List<String> urls) throws Exception {
        List<String> tokens = Files.readAllLines(tokensFile).stream().filter(t -> !t.isBlank()).toList();
        Map<String, Map<String, LongAdder>> answers = new ConcurrentHashMap<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (String url : urls) {
            Map<String, LongAdder> counts = answers.computeIfAbsent(url, u -> new ConcurrentHashMap<>());
            for (int t = 0; t < 4; t++) {
                int offset = t;
                Thread thread = new Thread(() -> {
                    int i = offset;
                    while (System.nanoTime() < end) {
                        String answer;
                        try {
                            answer = Integer.toString(get(url + path, tokens.get(i++ % tokens.size())));
                        } catch (Exception e) {
                            answer = "no answer";
                            try {
                                Thread.sleep(20);
                            } catch (InterruptedException interrupted) {
                                return;
                            }
                        }
                        counts.computeIfAbsent(answer, k -> new LongAdder()).increment();
                    }
                });
                thread.start();
                threads.add(thread);
            }
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (String url : urls) {
            Map<String, Long> sorted = new TreeMap<>();
            answers.get(url).forEach((k, v) -> sorted.put(k, v.sum()));
            System.out.println(url + " " + sorted);
        }
    }

    static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in the answer");
        }
        return m.group(1);
    }
}
