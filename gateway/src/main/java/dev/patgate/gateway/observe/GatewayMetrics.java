package dev.patgate.gateway.observe;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.patgate.auth.TokenAuthenticator;
import dev.patgate.filter.RequestOutcomes;
import dev.patgate.store.JdbcTokenStore;
import dev.patgate.store.TokenStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The gateway's metrics in a Micrometer {@link PrometheusMeterRegistry}; {@link #scrape()} gives
 * the Prometheus text. Counts, durations and sizes only: no login, token id or path appears.
 *
 * <ul>
 *   <li>{@code patgate_requests_total{outcome}}: the token filter's decisions (as before Micrometer);</li>
 *   <li>{@code patgate_http_responses_total{endpoint,status}}: every answered request, by endpoint
 *       ({@code proxy}, {@code token_api}, {@code metrics}, {@code health}, {@code other}) and status;</li>
 *   <li>{@code patgate_filter_duration_seconds} and {@code patgate_upstream_duration_seconds}: histograms
 *       of the filter's decision time and of the backend's time to answer;</li>
 *   <li>{@code patgate_token_cache_entries}, {@code patgate_token_store_reads_total},
 *       {@code patgate_upstream_failures_total} (as before), and Caffeine's {@code cache_*{cache="tokens"}};</li>
 *   <li>HikariCP's {@code hikaricp_connections*{pool="patgate-store"}};</li>
 *   <li>the JVM's {@code jvm_memory_*}, {@code jvm_gc_*}, {@code jvm_threads_*}, {@code jvm_classes_*},
 *       {@code system_cpu_*}, {@code process_cpu_*} and {@code process_uptime_seconds}.</li>
 * </ul>
 */
public final class GatewayMetrics implements Consumer<Exchange>, AutoCloseable {

    /**
     * The histograms' bucket bounds: from the filter's hot path (well under a millisecond) to a slow
     * backend; 16 buckets instead of Micrometer's ~70 of a percentile histogram.
     */
    private static final Duration[] BUCKETS = {
        Duration.ofNanos(250_000),
        Duration.ofNanos(500_000),
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer filterDuration;
    private final Timer upstreamDuration;
    private final ConcurrentHashMap<Integer, Counter> responses = new ConcurrentHashMap<>();
    private final List<String> routes;
    private final Predicate<String> tokenApiWithinRoutes;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /**
     * What the function counters read: Micrometer holds a counter's object weakly, and a method
     * reference made here has no other holder, so it would be collected and the counter read 0.
     */
    private final List<Object> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** @param routes the proxied path prefixes, to tell the {@code proxy} endpoint from the others */
    public GatewayMetrics(List<String> routes) {
        this(routes, path -> false);
    }

    /**
     * @param routes the proxied path prefixes, to tell the {@code proxy} endpoint from the others
     * @param tokenApiWithinRoutes paths inside the routes that the gateway answers itself as a token
     *     API (Cells' token API in mode cells), counted under {@code token_api}
     */
    public GatewayMetrics(List<String> routes, Predicate<String> tokenApiWithinRoutes) {
        this.routes = List.copyOf(routes);
        this.tokenApiWithinRoutes = Objects.requireNonNull(tokenApiWithinRoutes);
        this.filterDuration = histogram("patgate.filter.duration", "Time the token filter took to decide.");
        this.upstreamDuration = histogram(
                "patgate.upstream.duration",
                "Time the backend took to answer: from sending it the request to its answer's head.");
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private Timer histogram(String name, String help) {
        return Timer.builder(name)
                .description(help)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    /** Where the filter reports each decision's time (see {@code Patgate.Builder#decisionListener}). */
    public RequestOutcomes.DecisionListener decisions() {
        return (outcome, nanos) -> filterDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts the filter's outcomes, under their pre-Micrometer name {@code patgate_requests_total}. */
    public void bindOutcomes(RequestOutcomes outcomes) {
        held.add(outcomes);
        for (String outcome : outcomes.counts().keySet()) {
            FunctionCounter.builder("patgate.requests", outcomes, o -> o.count(outcome))
                    .description("Requests on the proxied routes, by the token filter's outcome.")
                    .tag("outcome", outcome)
                    .register(registry);
        }
    }

    /** The token cache: Caffeine's statistics, the entries and the store reads. */
    public void bindTokenCache(TokenAuthenticator authenticator) {
        held.add(authenticator);
        CaffeineCacheMetrics.monitor(registry, authenticator.cacheForMetrics(), "tokens");
        Gauge.builder("patgate.token.cache.entries", authenticator, TokenAuthenticator::cachedCount)
                .description("Token records held in the cache.")
                .strongReference(true)
                .register(registry);
        counter(
                "patgate.token.store.reads",
                "Requests whose token was read from the store (cache misses and re-reads before a refusal).",
                authenticator::storeReads);
    }

    /**
     * The store as this instance sees it: whether revocations are pushed now (LISTEN on
     * PostgreSQL), whether the store is away, and the sliding uses dropped for want of room.
     */
    public void bindStoreHealth(dev.patgate.filter.Patgate patgate) {
        held.add(patgate);
        Gauge.builder("patgate.store.listening", patgate, p -> p.revocationsPushed() ? 1 : 0)
                .description("1 while revocations are pushed by the store (LISTEN/NOTIFY), else 0 (polling only).")
                .strongReference(true)
                .register(registry);
        Gauge.builder("patgate.store.away", patgate, p -> p.outage().storeAway() ? 1 : 0)
                .description("1 while the token store fails (cached tokens served up to store.outage_grace), else 0.")
                .strongReference(true)
                .register(registry);
    }

    /** The store's connection pool, when it is the JDBC store. */
    public void bindStore(TokenStore store) {
        if (store instanceof JdbcTokenStore jdbc) {
            jdbc.reportPoolMetrics(new MicrometerMetricsTrackerFactory(registry));
        }
    }

    /** The count of proxied requests answered 502 or 504 because of the backend. */
    public void bindUpstreamFailures(LongSupplier failures) {
        counter(
                "patgate.upstream.failures",
                "Proxied requests answered 502 or 504 because the backend failed or timed out.",
                failures);
    }

    private void counter(String name, String help, LongSupplier value) {
        held.add(value);
        FunctionCounter.builder(name, value, LongSupplier::getAsLong)
                .description(help)
                .register(registry);
    }

    /** Counts a finished request by endpoint and status, and times the backend's part. */
    @Override
    public void accept(Exchange exchange) {
        Endpoint endpoint = endpoint(exchange.path());
        int status = exchange.status();
        int key = endpoint.ordinal() * 1000 + status;
        Counter counter = responses.get(key);
        if (counter == null) {
            counter = responses.computeIfAbsent(
                    key,
                    k -> Counter.builder("patgate.http.responses")
                            .description("Requests answered, by endpoint and status.")
                            .tag("endpoint", endpoint.label)
                            .tag("status", Integer.toString(status))
                            .register(registry));
        }
        counter.increment();
        if (exchange.upstreamNanos() >= 0) {
            upstreamDuration.record(exchange.upstreamNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private Endpoint endpoint(String path) {
        if (path == null) {
            return Endpoint.OTHER;
        }
        if (tokenApiWithinRoutes.test(path)) {
            return Endpoint.TOKEN_API;
        }
        for (String route : routes) {
            if (path.startsWith(route)) {
                return Endpoint.PROXY;
            }
        }
        if (path.startsWith("/patgate/tokens")) {
            return Endpoint.TOKEN_API;
        }
        if (path.startsWith("/patgate/metrics") || path.equals("/metrics")) {
            return Endpoint.METRICS;
        }
        if (path.equals("/healthz") || path.equals("/readyz")) {
            return Endpoint.HEALTH;
        }
        return Endpoint.OTHER;
    }

    private enum Endpoint {
        PROXY("proxy"),
        TOKEN_API("token_api"),
        METRICS("metrics"),
        HEALTH("health"),
        OTHER("other");

        final String label;

        Endpoint(String label) {
            this.label = label;
        }
    }

    /** The Prometheus text exposition format (0.0.4) of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    /** The registry, for binding more meters. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
