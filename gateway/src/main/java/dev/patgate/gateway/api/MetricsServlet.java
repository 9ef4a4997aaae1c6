package dev.patgate.gateway.api;

import dev.patgate.filter.RequestOutcomes;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The gateway's counters at {@value #PATH}, in the Prometheus text format, for an admin's login and
 * password (basic auth; Prometheus' {@code basic_auth} scrape setting). Counts only: no login, token
 * id or path appears. See docs/gateway.md, "Metrics".
 */
public final class MetricsServlet extends HttpServlet {

    /** Where the metrics are served. */
    public static final String PATH = "/patgate/metrics";

    private static final long serialVersionUID = 1L;

    private final transient RequestOutcomes outcomes;
    private final transient LongSupplier cachedTokens;
    private final transient LongSupplier storeReads;
    private final transient LongSupplier upstreamFailures;
    private final transient PasswordCheck passwords;

    public MetricsServlet(
            RequestOutcomes outcomes,
            LongSupplier cachedTokens,
            LongSupplier storeReads,
            LongSupplier upstreamFailures,
            PasswordCheck passwords) {
        this.outcomes = Objects.requireNonNull(outcomes);
        this.cachedTokens = Objects.requireNonNull(cachedTokens);
        this.storeReads = Objects.requireNonNull(storeReads);
        this.upstreamFailures = Objects.requireNonNull(upstreamFailures);
        this.passwords = Objects.requireNonNull(passwords);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        try {
            String caller = passwords.authenticate(request);
            if (!passwords.isAdmin(caller)) {
                throw new ApiError(403, "forbidden", "only an admin may read the metrics");
            }
            if (!request.getMethod().equals("GET")) {
                throw ApiError.methodNotAllowed("GET");
            }
        } catch (ApiError e) {
            e.writeTo(response);
            return;
        }
        response.setStatus(200);
        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.getOutputStream().write(render().getBytes(StandardCharsets.UTF_8));
    }

    /** The exposition text. */
    String render() {
        StringBuilder text = new StringBuilder(1024);
        text.append("# HELP patgate_requests_total Requests on the proxied routes, by the token filter's outcome.\n");
        text.append("# TYPE patgate_requests_total counter\n");
        for (Map.Entry<String, Long> entry : outcomes.counts().entrySet()) {
            text.append("patgate_requests_total{outcome=\"")
                    .append(entry.getKey())
                    .append("\"} ")
                    .append(entry.getValue())
                    .append('\n');
        }
        metric(text, "patgate_token_cache_entries", "gauge", "Token records held in the cache.", cachedTokens);
        metric(
                text,
                "patgate_token_store_reads_total",
                "counter",
                "Requests whose token was read from the store (cache misses and re-reads before a refusal).",
                storeReads);
        metric(
                text,
                "patgate_upstream_failures_total",
                "counter",
                "Proxied requests answered 502 or 504 because the backend failed or timed out.",
                upstreamFailures);
        return text.toString();
    }

    private static void metric(StringBuilder text, String name, String type, String help, LongSupplier value) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        text.append(name).append(' ').append(value.getAsLong()).append('\n');
    }
}
