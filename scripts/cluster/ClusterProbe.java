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
