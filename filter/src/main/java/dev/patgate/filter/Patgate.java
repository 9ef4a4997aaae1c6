package dev.patgate.filter;

import dev.patgate.store.TokenStore;
import dev.patgate.token.TokenDigester;
import jakarta.servlet.Filter;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Wires the token filter and its background work (coalesced sliding-use writes, revocation
 * polling). Build one per gateway, {@link #start()} it, register {@link #filter()}, and
 * {@link #close()} it on shutdown, which flushes the pending uses.
 */
public final class Patgate implements AutoCloseable {

    // Implementation in progress: see PatgateFilter.

    private Patgate(Builder builder) {
        throw new UnsupportedOperationException("not yet");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The servlet filter; the same instance every time. */
    public Filter filter() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Starts the background flusher and revocation poller. */
    public void start() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Writes pending uses to the store now. */
    public void flush() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Stops background work and flushes pending uses. Does not close the store. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Settings with their defaults; every setter validates. */
    public static final class Builder {
        TokenStore store;
        TokenDigester digester;
        Clock clock = Clock.systemUTC();
        long cacheMaximumSize = 100_000;
        Duration flushInterval = Duration.ofSeconds(5);
        Duration revocationPollInterval = Duration.ofSeconds(1);
        int maxFailures = 20;
        Duration failureWindow = Duration.ofMinutes(1);
        String realm = "patgate";

        public Builder store(TokenStore store) {
            this.store = Objects.requireNonNull(store, "store must not be null");
            return this;
        }

        public Builder digester(TokenDigester digester) {
            this.digester = Objects.requireNonNull(digester, "digester must not be null");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /** How many verified token records the cache holds; default 100,000. */
        public Builder cacheMaximumSize(long size) {
            if (size < 1) {
                throw new IllegalArgumentException("cache maximum size must be at least 1");
            }
            this.cacheMaximumSize = size;
            return this;
        }

        /** How often sliding uses are written to the store; default 5 s. */
        public Builder flushInterval(Duration interval) {
            this.flushInterval = positive(interval, "flush interval");
            return this;
        }

        /** How often the store is asked for revocations by other processes; default 1 s. */
        public Builder revocationPollInterval(Duration interval) {
            this.revocationPollInterval = positive(interval, "revocation poll interval");
            return this;
        }

        /**
         * After {@code maxFailures} failed authentications from one client address within
         * {@code window}, that address gets 429 until the window passes; default 20 per minute.
         */
        public Builder failureLimit(int maxFailures, Duration window) {
            if (maxFailures < 1) {
                throw new IllegalArgumentException("max failures must be at least 1");
            }
            this.maxFailures = maxFailures;
            this.failureWindow = positive(window, "failure window");
            return this;
        }

        /** The realm named in challenges; default {@code patgate}. */
        public Builder realm(String realm) {
            Objects.requireNonNull(realm, "realm must not be null");
            if (realm.isEmpty() || !realm.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\')) {
                throw new IllegalArgumentException("realm must be printable ASCII without spaces or quotes");
            }
            this.realm = realm;
            return this;
        }

        public Patgate build() {
            Objects.requireNonNull(store, "store must be set");
            Objects.requireNonNull(digester, "digester must be set");
            return new Patgate(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name + " must not be null");
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
