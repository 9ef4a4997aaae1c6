package dev.patgate.gateway.proxy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the bodies being read whole, per client address and in all, against their caps. */
final class BodySlots {

    static final int GRANTED = 0;
    static final int ADDRESS_FULL = 1;
    static final int ALL_TAKEN = 2;

    private final int maxPerAddress;
    private final int maxTotal;
    private final ConcurrentHashMap<String, Integer> byAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    BodySlots(int maxPerAddress, int maxTotal) {
        if (maxPerAddress < 1 || maxTotal < maxPerAddress) {
            throw new IllegalArgumentException("the caps must be at least 1, the total at least the per-address cap");
        }
        this.maxPerAddress = maxPerAddress;
        this.maxTotal = maxTotal;
    }

    /**
     * Takes a slot for {@code address}; each granted slot must be given back with {@link #release}.
     *
     * @return {@link #GRANTED}, {@link #ADDRESS_FULL} when the address holds its cap, or
     *         {@link #ALL_TAKEN} when all slots are taken
     */
    int acquire(String address) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return ALL_TAKEN;
        }
        boolean[] granted = {false};
        byAddress.compute(address, (key, held) -> {
            int count = held == null ? 0 : held;
            if (count >= maxPerAddress) {
                return held;
            }
            granted[0] = true;
            return count + 1;
        });
        if (!granted[0]) {
            total.decrementAndGet();
            return ADDRESS_FULL;
        }
        return GRANTED;
    }

    void release(String address) {
        byAddress.computeIfPresent(address, (key, held) -> held <= 1 ? null : held - 1);
        total.decrementAndGet();
    }

    int total() {
        return total.get();
    }
}
