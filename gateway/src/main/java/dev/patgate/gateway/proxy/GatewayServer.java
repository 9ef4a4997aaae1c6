package dev.patgate.gateway.proxy;

import dev.patgate.gateway.config.ClientsConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.gateway.identity.UpstreamIdentity;
import dev.patgate.gateway.net.TrustedProxies;
import dev.patgate.gateway.tls.ServerCertificate;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.ToIntBiFunction;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The embedded Jetty server: the token filter and the proxy servlet on each route prefix,
 * {@code /healthz} answering {@code 200 ok} without a token, and {@code 404} for every other path
 * (which neither the filter nor the backend sees). Stops gracefully.
 *
 * <p>No request holds a thread while the gateway waits on its client (see {@code ClientsConfig}):
 * heads are parsed without a thread and cut by {@link HeaderDeadline}; bodies that are read whole
 * are read ahead without a thread by {@link BodyPrefetchHandler}; other bodies stream by demand
 * ({@link StreamedRequestBody}); answers are written without blocking ({@link ResponseCopy}).
 */
public final class GatewayServer implements AutoCloseable {

    /** The path of the health check. */
    public static final String HEALTH_PATH = "/healthz";

    /**
     * Request attribute (a {@code Long}) set on a proxied request: the nanoseconds the backend took,
     * from sending it the request until the head of its answer arrived (or the exchange failed).
     * Absent on a request that never reached the backend. For the access log and the metrics.
     */
    public static final String UPSTREAM_NANOS = "dev.patgate.gateway.upstreamNanos";

    /**
     * The most bytes of a body sent to the gateway's own endpoints ({@code /patgate/...}) that are
     * read before they run; at least the token API's limit, so that it never waits on a client.
     */
    static final int OWN_BODY_LIMIT = 64 * 1024;

    /** The connector's read buffer, and so the largest chunk of a request body passed on at once. */
    static final int UPLOAD_READ_BUFFER = 64 * 1024;

    private final Server server;
    private final ServerConnector connector;
    private final ServerConnector redirect;
    private final BodyPrefetchHandler prefetch;
    private final ServerCertificate certificate;

    private GatewayServer(
            Server server,
            ServerConnector connector,
            ServerConnector redirect,
            BodyPrefetchHandler prefetch,
            ServerCertificate certificate) {
        this.server = server;
        this.connector = connector;
        this.redirect = redirect;
        this.prefetch = prefetch;
        this.certificate = certificate;
    }

    /**
     * Builds and starts a server with the default client limits, no servlets of its own, no body read
     * ahead and no request log: the proxy behind a filter, as the benchmarks and a few tests use it.
     *
     * @param filter the token filter, run before the proxy on every route
     * @param identity gives the identity header value for a caller and a request, {@code null} for none
     * @throws IOException when it cannot listen (the message names the address)
     */
    public static GatewayServer start(
            ListenConfig listen, UpstreamConfig upstream, List<String> routes, Filter filter, UpstreamIdentity identity)
            throws IOException {
        return start(
                listen,
                ClientsConfig.DEFAULT,
                upstream,
                routes,
                filter,
                identity,
                Map.of(),
                new LongAdder(),
                (method, rawPath) -> -1,
                request -> true,
                null);
    }

    /**
     * Builds and starts the server.
     *
     * @param clients connection cap, deadlines and caps on bodies being read
     * @param filter the token filter, run before the proxy on every route
     * @param identity gives the identity header value for a caller and a request, {@code null} for none
     * @param own the gateway's own endpoints (the token API, the metrics) by path spec
     *        ({@code /patgate/tokens/*}), which are not behind the token filter: they check passwords
     *        themselves; one may lie below a route (Cells' token API below {@code /a/}), where its
     *        exact or longer path spec wins over the route's
     * @param upstreamFailures counts the requests answered 502 or 504 because of the backend
     * @param wholeBodies gives, for a method and a raw path on a route, the most bytes of the body
     *        the filter reads whole before deciding, or a negative number when it reads none; those
     *        bytes are read without a thread before the filter runs (see {@link BodyPrefetchHandler})
     * @param credentialAccepted checks the credential of a request that asked for {@code 100 Continue}
     *        on a route whose body is read ahead: when it says no, the body is not read ahead, so the
     *        refusal comes before any {@code 100 Continue} (see {@link BodyPrefetchHandler})
     * @param requestLog told of every request once it is complete (proxied, refused, the gateway's
     *        own endpoints, the health check, 404s), {@code null} for none
     * @throws IOException when it cannot listen (the message names the address)
     */
    public static GatewayServer start(
            ListenConfig listen,
            ClientsConfig clients,
            UpstreamConfig upstream,
            List<String> routes,
            Filter filter,
            UpstreamIdentity identity,
            Map<String, Servlet> own,
            LongAdder upstreamFailures,
            ToIntBiFunction<String, String> wholeBodies,
            Predicate<Request> credentialAccepted,
            RequestLog requestLog)
            throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("patgate");
        Server server = new Server(threads);
        Scheduler deadlines = new ScheduledExecutorScheduler("patgate-deadlines", true);
        server.addBean(deadlines);
        ServerCertificate certificate =
                listen.tls() == null ? null : ServerCertificate.load(listen.tls(), System.getenv());
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        if (certificate != null) {
            http.setSecureScheme("https");
            http.addCustomizer(new SecureRequestCustomizer());
        }
        http.addCustomizer(new ClientView(
                new TrustedProxies(listen.trustedNetworks()), listen.forwardedHeader(), listen.publicUri()));
        HttpConnectionFactory http1 = new HttpConnectionFactory(http);
        // Uploads reach the backend in the chunks this buffer is read in (see StreamedRequestBody):
        // 64 KiB instead of Jetty's 8 KiB cuts the proxy's and the backend's work per GiB.
        http1.setInputBufferSize(UPLOAD_READ_BUFFER);
        ServerConnector connector = new ServerConnector(server, connectionFactories(certificate, http, http1));
        connector.setHost(listen.host());
        connector.setPort(listen.port());
        // Jetty applies the idle timeout only while it waits to read from or write to the client,
        // never while a request waits on the backend (upstream.idle_timeout covers that).
        connector.setIdleTimeout(clients.idleTimeout().toMillis());
        connector.addBean(new HeaderDeadline(clients.headerTimeout(), deadlines, System::nanoTime));
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(clients.maxConnections(), connector));
        ServerConnector redirect = null;
        if (listen.redirectPort() != null) {
            HttpConfiguration plain = new HttpConfiguration();
            plain.setSendServerVersion(false);
            plain.setSendXPoweredBy(false);
            redirect = new ServerConnector(server, new HttpConnectionFactory(plain));
            redirect.setName("redirect");
            redirect.setHost(listen.host());
            redirect.setPort(listen.redirectPort());
            redirect.setIdleTimeout(clients.idleTimeout().toMillis());
            redirect.addBean(new HeaderDeadline(clients.headerTimeout(), deadlines, System::nanoTime));
            server.addConnector(redirect);
            server.addBean(new NetworkConnectionLimit(clients.maxConnections(), redirect));
        }

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.setErrorHandler(new QuietErrorHandler());
        mount(
                context.getServletHandler(),
                routes,
                filter,
                proxyHolder(upstream, clients, routes, identity, upstreamFailures));
        own.forEach((pathSpec, servlet) -> context.getServletHandler()
                .addServletWithMapping(new ServletHolder("own " + pathSpec, servlet), pathSpec));

        ToIntBiFunction<String, String> limits = (method, rawPath) ->
                rawPath.startsWith("/patgate/") ? OWN_BODY_LIMIT : wholeBodies.applyAsInt(method, rawPath);
        BodyPrefetchHandler prefetch = new BodyPrefetchHandler(
                context,
                limits,
                clients.bodyTimeout(),
                deadlines,
                clients.maxBodiesPerAddress(),
                clients.maxBodies(),
                credentialAccepted);

        server.setErrorHandler(new QuietErrorHandler.ServerLevel());
        // framing is checked before any body is read ahead
        Handler served = new GracefulHandler(new RequestFraming(prefetch));
        server.setHandler(
                redirect == null ? served : new HttpsRedirect(redirect, connector, listen.publicUri(), served));
        server.setStopTimeout(listen.stopTimeout().toMillis());
        server.setStopAtShutdown(false);
        if (requestLog != null) {
            server.setRequestLog(requestLog);
        }
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IOException("cannot listen on " + listen.host() + ":" + listen.port() + ": " + e.getMessage(), e);
        }
        GatewayServer started = new GatewayServer(server, connector, redirect, prefetch, certificate);
        if (certificate != null) {
            started.watchCertificate(deadlines);
        }
        return started;
    }

    /**
     * SSL, then ALPN choosing HTTP/2 or HTTP/1.1 when {@code listen.tls.http2} is on, or HTTP/1.1
     * alone; plain HTTP/1.1 without TLS.
     */
    private static ConnectionFactory[] connectionFactories(
            ServerCertificate certificate, HttpConfiguration http, HttpConnectionFactory http1) {
        if (certificate == null) {
            return new ConnectionFactory[] {http1};
        }
        SslContextFactory.Server ssl = certificate.sslContextFactory();
        if (!certificate.offersHttp2()) {
            return new ConnectionFactory[] {new SslConnectionFactory(ssl, http1.getProtocol()), http1};
        }
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(h2.getProtocol(), http1.getProtocol());
        alpn.setDefaultProtocol(http1.getProtocol());
        return new ConnectionFactory[] {new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2, http1};
    }

    /** Runs {@link ServerCertificate#check()} every {@code listen.tls.reload_interval} while the server runs. */
    private void watchCertificate(Scheduler scheduler) {
        long period = certificate.interval().toMillis();
        Runnable tick = new Runnable() {
            @Override
            public void run() {
                if (!server.isRunning()) {
                    return;
                }
                certificate.check();
                scheduler.schedule(this, period, TimeUnit.MILLISECONDS);
            }
        };
        scheduler.schedule(tick, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Reads the certificate files now, as the periodic check does, and serves a renewed certificate
     * to new connections. Tests call it instead of waiting for the check.
     *
     * @return whether a new certificate is now served; false without TLS
     */
    public boolean checkCertificate() {
        return certificate != null && certificate.check();
    }

    private static ServletHolder proxyHolder(
            UpstreamConfig upstream,
            ClientsConfig clients,
            List<String> routes,
            UpstreamIdentity identity,
            LongAdder upstreamFailures) {
        ServletHolder holder =
                new ServletHolder("upstream", new UpstreamProxyServlet(upstream, routes, identity, upstreamFailures));
        holder.setAsyncSupported(true);
        holder.setInitOrder(1);
        holder.setInitParameter("preserveHost", "true");
        holder.setInitParameter("viaHost", "patgate");
        holder.setInitParameter("timeout", Long.toString(upstream.timeout().toMillis()));
        holder.setInitParameter(
                "idleTimeout", Long.toString(upstream.idleTimeout().toMillis()));
        // A client that reads its download slowly keeps its backend connection: as many backend
        // connections as client connections, so that slow readers cannot take them all from the others.
        holder.setInitParameter("maxConnections", Integer.toString(clients.maxConnections()));
        // the backend's answers are read, and passed on, in chunks of up to this size
        holder.setInitParameter("responseBufferSize", Integer.toString(UPLOAD_READ_BUFFER));
        return holder;
    }

    private static void mount(ServletHandler handler, List<String> routes, Filter filter, ServletHolder proxy) {
        String[] pathSpecs = routes.stream().map(route -> route + "*").toArray(String[]::new);

        FilterHolder filterHolder = new FilterHolder(filter);
        filterHolder.setName("patgate");
        filterHolder.setAsyncSupported(true);
        FilterMapping filterMapping = new FilterMapping();
        filterMapping.setFilterName("patgate");
        // by servlet, not by path: a request to one of the gateway's own endpoints mounted below a
        // route (Cells' token API below /a/) is not the proxy's, and checks its credentials itself
        filterMapping.setServletNames(new String[] {proxy.getName()});
        filterMapping.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
        handler.addFilter(filterHolder, filterMapping);

        handler.addServlet(proxy);
        ServletMapping proxyMapping = new ServletMapping();
        proxyMapping.setServletName(proxy.getName());
        proxyMapping.setPathSpecs(pathSpecs);
        handler.addServletMapping(proxyMapping);

        handler.addServletWithMapping(new ServletHolder("health", new FixedAnswerServlet(200, "ok")), HEALTH_PATH);
        handler.addServletWithMapping(new ServletHolder("elsewhere", new FixedAnswerServlet(404, "not found")), "/");
    }

    /** The port actually bound (useful when the configuration asked for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://host:port} of this gateway, {@code https://} with TLS: the address it listens on. */
    public URI uri() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return URI.create((certificate == null ? "http" : "https") + "://" + shown + ":" + port());
    }

    /** The port of the plain-HTTP listener that only redirects to HTTPS, or -1 when there is none. */
    public int redirectPort() {
        return redirect == null ? -1 : redirect.getLocalPort();
    }

    /** The request bodies being read whole before dispatch now, for all clients (see {@code clients.max_bodies}). */
    public int bodiesBeingRead() {
        return prefetch.bodiesInFlight();
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops accepting, waits for requests in flight up to the stop timeout, then stops. */
    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(GatewayServer.class).warn("stopping the server: {}", e.toString());
        }
    }
}
