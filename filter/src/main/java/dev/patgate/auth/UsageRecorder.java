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
 * token per {@link #flush()}, whatever the request rate. Uses that fail to be written (the store is
 * away) are kept for the next flush, one entry per token, so an outage of any length costs at most
 * one entry per token used meanwhile, and at most {@link #MAX_PENDING} of them: past that, uses of
 * further tokens are dropped (counted, and logged once per flush). Thread-safe.
 */
public final class UsageRecorder {

    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);

    /** The most tokens whose uses wait to be written (about 200 bytes each). */
    public static final int MAX_PENDING = 1_000_000;

    private final TokenStore store;
    private final java.util.concurrent.atomic.LongAdder dropped = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean failing;
    private final ConcurrentHashMap<String, TokenUse> pending = new ConcurrentHashMap<>();
    /** Uses taken out of {@code pending} by a flush whose write has not finished yet. */
    private final ConcurrentHashMap<String, TokenUse> writing = new ConcurrentHashMap<>();

    public UsageRecorder(TokenStore store) {
        this.store = store;
    }

    /** Notes a use; keeps only the latest per token. */
    public void record(String tokenId, Instant at, String clientIp) {
        if (pending.size() >= MAX_PENDING && !pending.containsKey(tokenId)) {
            dropped.increment();
            return;
        }
        pending.merge(tokenId, new TokenUse(tokenId, at, clientIp), UsageRecorder::later);
    }

    /** Whether the last flush that had something to write failed. */
    public boolean failing() {
        return failing;
    }

    /** How many uses were dropped because {@link #MAX_PENDING} tokens were waiting already. */
    public long dropped() {
        return dropped.sum();
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
            failing = false;
            return batch.size();
        } catch (RuntimeException e) {
            failing = true;
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
