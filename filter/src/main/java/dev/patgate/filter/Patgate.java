package dev.patgate.filter;

import dev.patgate.auth.FailureLimiter;
import dev.patgate.auth.SharedFailures;
import dev.patgate.auth.StoreOutage;
import dev.patgate.auth.TokenAuthenticator;
import dev.patgate.auth.UsageRecorder;
import dev.patgate.auth.UserGate;
import dev.patgate.scope.Authorizer;
import dev.patgate.store.FailureCounts;
import dev.patgate.store.TokenStore;
import dev.patgate.token.TokenDigester;
import jakarta.servlet.Filter;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the token filter and its background work (coalesced sliding-use writes, revocation
 * polling, and, on a store that holds them, failure counts shared with the other instances). Build one per gateway, {@link #start()} it, register {@link #filter()}, and
 * {@link #close()} it on shutdown, which flushes the pending uses. Does not own the store.
 */
public final class Patgate implements AutoCloseable {

    /** The realm named in challenges unless the builder is given another. */
    public static final String DEFAULT_REALM = "patgate";

    private static final Logger log = LoggerFactory.getLogger(Patgate.class);

    private final TokenStore store;
    private final UsageRecorder usage;
    private final TokenAuthenticator authenticator;
    private final PatgateFilter filter;
    private final RequestOutcomes outcomes;
    private final Duration flushInterval;
    private final Duration revocationPollInterval;
    private final boolean preload;
    private final Supplier<BackgroundTasks> backgroundTasks;
    private final StoreOutage outage;
    private final Clock clock;
    private final SharedFailures sharedFailures;
    private final Duration failureSyncInterval;
    private BackgroundTasks running;
    private TokenStore.Subscription pushes = TokenStore.Subscription.NONE;
    private long revocationCursor = -1;

    private Patgate(Builder b) {
        this.store = b.store;
        this.usage = new UsageRecorder(b.store);
        this.outage = new StoreOutage(b.clock, b.outageGrace);
        this.authenticator =
                new TokenAuthenticator(b.store, b.digester, b.clock, usage, b.cacheMaximumSize, b.users, outage);
        this.outcomes = new RequestOutcomes(b.decisionListener);
        this.clock = b.clock;
        this.sharedFailures =
                b.shareFailures && b.store instanceof FailureCounts counts ? new SharedFailures(counts, b.clock) : null;
        this.failureSyncInterval = b.failureSyncInterval;
        this.filter = new PatgateFilter(
                authenticator, b.authorizer, failureLimiter("token", b.failurePolicy), b.realm, outcomes);
        this.flushInterval = b.flushInterval;
        this.revocationPollInterval = b.revocationPollInterval;
        this.preload = b.preload;
        this.backgroundTasks = b.backgroundTasks;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The servlet filter; the same instance every time. */
    public Filter filter() {
        return filter;
    }

    /** What the filter has let through and refused so far. */
    public RequestOutcomes outcomes() {
        return outcomes;
    }

    /** The authenticator behind the filter (for benchmarks and tests). */
    public TokenAuthenticator authenticator() {
        return authenticator;
    }

    /** Whether the store answers, and how long cached tokens are still trusted when it does not. */
    public StoreOutage outage() {
        return outage;
    }

    /**
     * A failure limiter for another account (the gateway's passwords), shared with the other
     * instances like the tokens' when the store holds failure counts, else counting in memory.
     *
     * @param name the account's name, letters a-z (e.g. {@code password}); one limiter per name
     */
    public FailureLimiter failureLimiter(String name, FailureLimiter.Policy policy) {
        return sharedFailures == null ? new FailureLimiter(clock, policy) : sharedFailures.limiter(name, policy);
    }

    /** Whether failure counts are shared with the other instances through the store. */
    public boolean failuresShared() {
        return sharedFailures != null;
    }

    /**
     * Writes the failures counted here since the last time and reads back every instance's counts
     * ({@link SharedFailures#sync()}); what the background does every failure sync interval.
     *
     * <p>A sync that fails does not count as a store outage: it may be a lock or a statement that timed
     * out while tokens are still read fine, and the limiters go on counting in memory. Only token
     * reads and the revocation poll decide that the store is away.
     *
     * @return whether the store answered; true when failures are not shared
     */
    public boolean syncFailures() {
        return sharedFailures == null || sharedFailures.sync();
    }

    /** Whether revocations are pushed by the store now (LISTEN/NOTIFY on PostgreSQL). */
    public synchronized boolean revocationsPushed() {
        return pushes.listening();
    }

    /**
     * Starts the background flusher and revocation poller, and subscribes to the store's pushes of
     * revocations ({@link TokenStore#subscribe}), each of which polls at once. Unless turned off,
     * first fills the token cache from the store ({@link TokenAuthenticator#preload()}); a store that
     * cannot be read then only costs the warm-up, as requests still look tokens up one by one.
     */
    public synchronized void start() {
        if (running != null) {
            return;
        }
        pollRevocations(); // the cursor first: a revocation after it is polled, one before it is in the rows
        if (preload) {
            try {
                int added = authenticator.preload();
                log.info("token cache warmed with {} tokens", added);
            } catch (RuntimeException e) {
                log.warn("warming the token cache failed, tokens will be looked up on first use: {}", e.toString());
            }
        }
        running = backgroundTasks.get();
        running.every(flushInterval, this::flushQuietly);
        running.every(revocationPollInterval, this::pollQuietly);
        if (sharedFailures != null) {
            running.every(failureSyncInterval, this::syncFailuresQuietly);
        }
        pushes = store.subscribe(this::pollQuietly);
    }

    /** Writes pending uses to the store now; returns how many tokens were written. */
    public int flush() {
        return usage.flush();
    }

    /**
     * Asks the store for tokens revoked since the last poll and drops them from the cache.
     *
     * @throws dev.patgate.store.StoreException when the store cannot be read; the store then counts
     *     as away ({@link #outage()}) until a poll succeeds
     */
    public synchronized void pollRevocations() {
        TokenStore.Changes changes;
        try {
            changes = store.changesSince(revocationCursor);
        } catch (RuntimeException e) {
            outage.failed();
            throw e;
        }
        if (!changes.tokenIds().isEmpty()) {
            authenticator.invalidate(changes.tokenIds());
        }
        revocationCursor = changes.cursor();
        outage.polled();
    }

    /** Stops background work and flushes pending uses. Does not close the store. */
    @Override
    public synchronized void close() {
        pushes.close();
        pushes = TokenStore.Subscription.NONE;
        if (running != null) {
            running.close();
            running = null;
        }
        flushQuietly();
        syncFailuresQuietly();
    }

    private void syncFailuresQuietly() {
        try {
            syncFailures();
        } catch (RuntimeException e) {
            log.warn("sharing failure counts failed: {}", e.toString());
        }
    }

    private void flushQuietly() {
        try {
            usage.flush();
            if (usage.failing()) {
                outage.failed();
            }
        } catch (RuntimeException e) {
            log.warn("flushing token uses failed: {}", e.toString());
        }
    }

    private void pollQuietly() {
        try {
            pollRevocations();
        } catch (RuntimeException e) {
            log.warn("polling revocations failed: {}", e.toString());
        }
    }

    /** Settings with their defaults; every setter validates. */
    public static final class Builder {
        TokenStore store;
        TokenDigester digester;
        Clock clock = Clock.systemUTC();
        Authorizer authorizer = Authorizer.unscopedOnly();
        UserGate users = UserGate.ALL_ACTIVE;
        long cacheMaximumSize = 100_000;
        boolean preload = true;
        Supplier<BackgroundTasks> backgroundTasks = () -> BackgroundTasks.daemonThread("patgate-background");
        Duration flushInterval = Duration.ofSeconds(5);
        Duration revocationPollInterval = Duration.ofSeconds(1);
        FailureLimiter.Policy failurePolicy = FailureLimiter.Policy.DEFAULT;
        boolean shareFailures = true;
        Duration failureSyncInterval = SharedFailures.DEFAULT_INTERVAL;
        String realm = DEFAULT_REALM;
        RequestOutcomes.DecisionListener decisionListener = RequestOutcomes.DecisionListener.NONE;
        Duration outageGrace = StoreOutage.DEFAULT_GRACE;

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

        /**
         * Decides what an authenticated token may do; default {@link Authorizer#unscopedOnly()},
         * which refuses scoped tokens (fail closed).
         */
        public Builder authorizer(Authorizer authorizer) {
            this.authorizer = Objects.requireNonNull(authorizer, "authorizer must not be null");
            return this;
        }

        /**
         * Says, on every request with a good token, whether its owner may still use it (an
         * in-memory lookup); default {@link UserGate#ALL_ACTIVE}, for a container whose users are
         * not managed by patgate. A removed or disabled owner's tokens get 401.
         */
        public Builder users(UserGate users) {
            this.users = Objects.requireNonNull(users, "users must not be null");
            return this;
        }

        /** Whether {@link Patgate#start()} fills the token cache from the store; default true. */
        public Builder preload(boolean preload) {
            this.preload = preload;
            return this;
        }

        /** What runs the periodic work once started; default one daemon thread per start. */
        public Builder backgroundTasks(Supplier<BackgroundTasks> backgroundTasks) {
            this.backgroundTasks = Objects.requireNonNull(backgroundTasks, "backgroundTasks must not be null");
            return this;
        }

        /** How many token records the cache holds; default 100,000. */
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

        /**
         * How long cached tokens keep working after the store was last known to be current, while it
         * cannot be reached; past it they get 503 too. Default {@link StoreOutage#DEFAULT_GRACE}; zero
         * refuses cached tokens as soon as the store fails.
         */
        public Builder outageGrace(Duration grace) {
            Objects.requireNonNull(grace, "outage grace must not be null");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("outage grace must not be negative");
            }
            this.outageGrace = grace;
            return this;
        }

        /** How often the store is asked for revocations by other processes; default 1 s. */
        public Builder revocationPollInterval(Duration interval) {
            this.revocationPollInterval = positive(interval, "revocation poll interval");
            return this;
        }

        /**
         * What failed authentications cost a client address group and a login tried; default
         * {@link FailureLimiter.Policy#DEFAULT}. A valid token is served whatever the policy.
         */
        public Builder failureLimit(FailureLimiter.Policy policy) {
            this.failurePolicy = Objects.requireNonNull(policy, "failure policy must not be null");
            return this;
        }

        /**
         * Whether failure counts are shared with the other instances on the store, when the store
         * can hold them ({@link FailureCounts}: the JDBC stores); default true. Off, each instance
         * counts on its own.
         */
        public Builder shareFailures(boolean share) {
            this.shareFailures = share;
            return this;
        }

        /**
         * How often failure counts are written to the store and read back from it when shared;
         * default {@link SharedFailures#DEFAULT_INTERVAL}. A failure on one instance is known to the
         * others within two intervals.
         */
        public Builder failureSyncInterval(Duration interval) {
            this.failureSyncInterval = positive(interval, "failure sync interval");
            return this;
        }

        /** The realm named in challenges; default {@value Patgate#DEFAULT_REALM}. */
        public Builder realm(String realm) {
            Objects.requireNonNull(realm, "realm must not be null");
            if (realm.isEmpty() || !realm.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\')) {
                throw new IllegalArgumentException("realm must be printable ASCII without spaces or quotes");
            }
            this.realm = realm;
            return this;
        }

        /**
         * Told of each decision the filter makes and how long it took (for latency metrics); default
         * none. The library itself records no metrics.
         */
        public Builder decisionListener(RequestOutcomes.DecisionListener listener) {
            this.decisionListener = Objects.requireNonNull(listener, "decision listener must not be null");
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
