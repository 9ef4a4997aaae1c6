package dev.patgate.testing;

import dev.patgate.store.StoreException;
import dev.patgate.store.TokenRecord;
import dev.patgate.store.TokenStore;
import dev.patgate.store.TokenUse;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decorates a real store to count lookups, keep every batch of uses written, and fail on demand
 * (the store boundary is the one place tests stub).
 */
public final class CountingTokenStore implements TokenStore {

    private final TokenStore delegate;
    private final AtomicInteger findById = new AtomicInteger();
    private final List<List<TokenUse>> useBatches = new CopyOnWriteArrayList<>();
    private volatile boolean failWrites;
    private volatile boolean failReads;

    public CountingTokenStore(TokenStore delegate) {
        this.delegate = delegate;
    }

    public int findByIdCount() {
        return findById.get();
    }

    /** Every batch passed to {@link #recordUses} that was written, in order. */
    public List<List<TokenUse>> useBatches() {
        return useBatches;
    }

    public void failWrites(boolean fail) {
        this.failWrites = fail;
    }

    public void failReads(boolean fail) {
        this.failReads = fail;
    }

    @Override
    public void insert(TokenRecord record) {
        delegate.insert(record);
    }

    @Override
    public Optional<TokenRecord> findById(String id) {
        findById.incrementAndGet();
        if (failReads) {
            throw new StoreException("cannot read token " + id, null);
        }
        return delegate.findById(id);
    }

    @Override
    public List<TokenRecord> findLive(Instant now, int limit) {
        if (failReads) {
            throw new StoreException("cannot read the live tokens", null);
        }
        return delegate.findLive(now, limit);
    }

    @Override
    public List<TokenRecord> findByLogin(String login) {
        return delegate.findByLogin(login);
    }

    @Override
    public boolean revoke(String id, Instant at) {
        return delegate.revoke(id, at);
    }

    @Override
    public void recordUses(Collection<TokenUse> uses) {
        if (failWrites) {
            throw new StoreException("cannot record token uses", null);
        }
        delegate.recordUses(uses);
        useBatches.add(List.copyOf(uses));
    }

    @Override
    public Changes changesSince(long cursor) {
        return delegate.changesSince(cursor);
    }

    @Override
    public boolean rotate(String oldId, TokenRecord replacement, Instant at) {
        return delegate.rotate(oldId, replacement, at);
    }

    @Override
    public Optional<String> rotatedAwayFamily(String id) {
        if (failReads) {
            throw new StoreException("cannot read token " + id, null);
        }
        return delegate.rotatedAwayFamily(id);
    }

    @Override
    public List<String> revokeFamily(String familyId, Instant at) {
        return delegate.revokeFamily(familyId, at);
    }

    @Override
    public List<TokenRecord> findAll() {
        return delegate.findAll();
    }

    @Override
    public List<String> prune(Instant before) {
        return delegate.prune(before);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
