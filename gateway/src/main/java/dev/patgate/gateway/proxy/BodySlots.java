package dev.patgate.gateway.proxy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the bodies being read whole, per client address and in all, against their caps. */
final class BodySlots {

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
     * @return 0 when granted, 429 when the address holds its cap, 503 when all slots are taken
     */
    int acquire(String address) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return 503;
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
            return 429;
        }
        return 0;
    }

    void release(String address) {
        byAddress.computeIfPresent(address, (key, held) -> held <= 1 ? null : held - 1);
        total.decrementAndGet();
    }

    int total() {
        return total.get();
    }
}
