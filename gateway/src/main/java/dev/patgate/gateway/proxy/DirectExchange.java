package dev.patgate.gateway.proxy;

import dev.patgate.gateway.config.UpstreamConfig;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The upstream client of the proxy's direct path (see {@link UpstreamProxyServlet}): a blocking
 * HTTP/1.1 exchange on the request's own thread, through Apache HttpClient 5 on pooled keep-alive
 * connections. It saves the hand-offs between threads and the callback machinery of an asynchronous
 * client, which were most of the proxy's cost per request (see docs/decisions.md, "The proxy's
 * direct path").
 *
 * <p>Only requests without a body take it ({@link #bodiless}), so that a thread never waits on a
 * client's upload; answers are still written without blocking. A thread may wait on the backend,
 * so at most {@code maxBlocking} exchanges run at once ({@link #tryEnter}); past that, requests
 * take the asynchronous path, which holds no thread while the backend thinks.
 */
final class DirectExchange implements AutoCloseable {

    /** Methods retried once when a pooled connection turned out closed before any answer. */
    private static final Set<String> RETRIED = Set.of("GET", "HEAD", "OPTIONS");

    private final CloseableHttpClient client;
    private final Semaphore slots;
    private final long timeoutMillis;

    /**
     * @param maxConnections the most backend connections kept or open at once
     * @param maxBlocking the most exchanges that may hold a thread at once
     */
    DirectExchange(UpstreamConfig upstream, int maxConnections, int maxBlocking) {
        Timeout idle = Timeout.ofMilliseconds(upstream.idleTimeout().toMillis());
        Timeout connect = Timeout.ofMilliseconds(upstream.connectTimeout().toMillis());
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultSocketConfig(SocketConfig.custom()
                        .setSoTimeout(idle)
                        .setTcpNoDelay(true)
                        .build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connect)
                        .setSocketTimeout(idle)
                        // a connection idle for a second is checked before use: the backend may have closed it
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(pool)
                .setRetryStrategy(new ClosedConnectionRetry())
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .disableDefaultUserAgent()
                .setDefaultRequestConfig(directRequestConfig(connect, idle))
                .build();
        this.slots = new Semaphore(maxBlocking);
        this.timeoutMillis = upstream.timeout().toMillis();
    }

    private static RequestConfig directRequestConfig(Timeout connect, Timeout idle) {
        return RequestConfig.custom()
                .setConnectionRequestTimeout(connect)
                .setResponseTimeout(idle)
                .setExpectContinueEnabled(false)
                .setRedirectsEnabled(false)
                .setProtocolUpgradeEnabled(false)
                .build();
    }

    /**
     * Whether a request has no body: HTTP/1.x without {@code Content-Length}, {@code Transfer-Encoding}
     * or {@code Expect} (RFC 9112, 6.3). HTTP/2 requests, whose bodies need neither, never qualify.
     */
    static boolean bodiless(HttpServletRequest request) {
        return request.getContentLengthLong() < 0
                && request.getHeader("Transfer-Encoding") == null
                && request.getHeader("Expect") == null
                && request.getProtocol().startsWith("HTTP/1.");
    }

    /** Takes a slot for one exchange; {@code false} when all are in use (then use the asynchronous path). */
    boolean tryEnter() {
        return slots.tryAcquire();
    }

    /** Gives back the slot {@link #tryEnter} took, once per exchange. */
    void leave() {
        slots.release();
    }

    CloseableHttpClient client() {
        return client;
    }

    /** upstream.timeout in milliseconds: the longest whole exchange. */
    long timeoutMillis() {
        return timeoutMillis;
    }

    /**
     * The status for an exchange that failed before the backend's answer began: 504 when it timed out
     * (the whole exchange, or a silence longer than upstream.idle_timeout), else 502 (the backend
     * cannot be reached, refused, or broke the exchange; a connect timeout too, as documented).
     */
    static int failureStatus(IOException failure, boolean timedOut) {
        if (timedOut) {
            return 504;
        }
        if (failure instanceof ConnectTimeoutException) {
            return 502;
        }
        return failure instanceof SocketTimeoutException
                        || failure instanceof InterruptedIOException
                                && failure.getMessage() != null
                                && failure.getMessage().toLowerCase(Locale.ROOT).contains("timeout")
                ? 504
                : 502;
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }

    /**
     * One retry, only of a safe method, only when a kept-alive connection was closed by the backend
     * before it answered anything; never on an answer (a backend's 503 is passed on as it is).
     */
    private static final class ClosedConnectionRetry implements HttpRequestRetryStrategy {
        @Override
        public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
            return execCount == 1
                    && exception instanceof NoHttpResponseException
                    && RETRIED.contains(request.getMethod());
        }

        @Override
        public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
            return false;
        }

        @Override
        public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
            return TimeValue.ZERO_MILLISECONDS;
        }
    }
}
