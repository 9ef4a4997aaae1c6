package dev.patgate.auth;

import dev.patgate.store.TokenStore;
import dev.patgate.store.TokenUse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects token uses in memory and writes them to the store in batches: at most one write per
 * token per {@link #flush()}, whatever the request rate. Uses that fail to be written are kept for
 * the next flush. Thread-safe.
 */
public final class UsageRecorder {

    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);

    private final TokenStore store;
    private final ConcurrentHashMap<String, TokenUse> pending = new ConcurrentHashMap<>();
    /** Uses taken out of {@code pending} by a flush whose write has not finished yet. */
    private final ConcurrentHashMap<String, TokenUse> writing = new ConcurrentHashMap<>();

    public UsageRecorder(TokenStore store) {
        this.store = store;
    }

    /** Notes a use; keeps only the latest per token. */
    public void record(String tokenId, Instant at, String clientIp) {
        pending.merge(tokenId, new TokenUse(tokenId, at, clientIp), UsageRecorder::later);
    }

    /** The latest use not yet written, or {@code null}. */
    public Instant pendingUse(String tokenId) {
        TokenUse use = pending.get(tokenId);
        if (use == null) {
            use = writing.get(tokenId);
        }
        return use == null ? null : use.at();
    }

    /** Writes what has been collected. Returns how many tokens were written. */
    public synchronized int flush() {
        if (pending.isEmpty()) {
            return 0;
        }
        List<TokenUse> batch = new ArrayList<>(pending.size());
        for (Map.Entry<String, TokenUse> entry : pending.entrySet()) {
            writing.put(entry.getKey(), entry.getValue());
            if (pending.remove(entry.getKey(), entry.getValue())) {
                batch.add(entry.getValue());
            }
        }
        try {
            store.recordUses(batch);
            return batch.size();
        } catch (RuntimeException e) {
            log.warn("could not write {} token uses; will retry: {}", batch.size(), e.toString());
            for (TokenUse use : batch) {
                pending.merge(use.tokenId(), use, UsageRecorder::later);
            }
            return 0;
        } finally {
            writing.clear();
        }
    }

    private static TokenUse later(TokenUse a, TokenUse b) {
        return b.at().isAfter(a.at()) ? b : a;
    }
}
