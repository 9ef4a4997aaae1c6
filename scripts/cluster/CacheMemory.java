import dev.patgate.auth.TokenAuthenticator;
import dev.patgate.auth.UsageRecorder;
import dev.patgate.store.JdbcTokenStore;
import dev.patgate.store.TokenRecord;
import dev.patgate.token.Scope;
import dev.patgate.token.TokenDigester;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How much heap the token cache takes per 100,000 tokens: fills a SQLite store with COUNT records
 * shaped like real ones (a third scoped), preloads them into a TokenAuthenticator, and compares the
 * heap after full collections before and after. Run with the gateway's shaded jar on the class
 * path: java -cp patgate-gateway-*-all.jar scripts/cluster/CacheMemory.java [COUNT]
 */
public final class CacheMemory {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("patgate-cache-memory");
        SecureRandom random = new SecureRandom();
        Instant now = Instant.now();
        try (JdbcTokenStore store = JdbcTokenStore.open("jdbc:sqlite:" + dir.resolve("p.db"), null, null)) {
            List<TokenRecord> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] digest = new byte[32];
                random.nextBytes(digest);
                List<Scope> scopes = i % 3 == 0
                        ? List.of(Scope.parse("node:" + java.util.UUID.randomUUID() + ":rw"))
                        : List.of();
                records.add(new TokenRecord(
                        String.format("t%011d", i), "user" + (i % 5000), "laptop " + i, now, "cli",
                        now.plus(Duration.ofDays(30)), i % 2 == 0 ? Duration.ofHours(8) : null,
                        now, "203.0.113." + (i % 250), scopes, null, digest));
            }
            store.insertAll(records);
            records = null;
            TokenAuthenticator authenticator = new TokenAuthenticator(
                    store, new TokenDigester(new byte[32]), Clock.systemUTC(), new UsageRecorder(store), count);
            long before = usedAfterGc();
            int added = authenticator.preload();
            long after = usedAfterGc();
            System.out.printf("%d cached token records: %.1f MiB of heap, %d bytes each (%s)%n",
                    added, (after - before) / 1048576.0, (after - before) / Math.max(1, added),
                    Runtime.version());
            if (authenticator.cachedCount() != added) {
                throw new IllegalStateException("cache lost records");
            }
        }
    }

    static long usedAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
