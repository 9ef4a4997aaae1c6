package dev.patgate.gateway.proxy;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.gateway.identity.IdentitySigner;
import dev.patgate.gateway.identity.UpstreamCredentialException;
import dev.patgate.gateway.identity.UpstreamIdentity;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards an authenticated request to the backend, streaming both bodies. The target is the upstream
 * URL followed by the request's raw path and query, exactly as received, except that a
 * {@code pydio_jwt} query parameter is dropped. {@code Authorization}, any client-sent
 * {@value IdentitySigner#HEADER}, {@code X-Pydio-Bearer} and {@code X-Pydio-User} are dropped (a
 * client cannot smuggle in an identity of its own); the identity may add a fresh one, bound to the
 * method and the target as sent to the backend, or (upstream mode {@code cells}) the user's own
 * {@code Authorization}. When the user's credential cannot be had, the request is answered with the
 * status the {@link UpstreamCredentialException} names (502 or 503) and not forwarded.
 *
 * <p>Headers (see {@link ProxyHeaders}): hop-by-hop headers, and those a {@code Connection} header
 * names, are dropped both ways, except the ones that define the message; what the client says about
 * the network ({@code Forwarded}, {@code X-Forwarded-*}, {@code X-Real-IP}, {@code Via} ...) is
 * dropped, and the gateway sets {@code Host}, {@code Via}, {@code Forwarded}, {@code X-Forwarded-For},
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} from the {@link ClientOrigin}.
 *
 * <p>Fails closed: a request that carries no {@link AuthenticatedToken} (the filter did not accept it)
 * is answered 403 and never forwarded; one whose raw target is not a valid URI, does not start with a
 * route prefix or has dot segments (see {@link RawPaths}) is answered 400. A backend that cannot be reached is answered 502, one that
 * does not answer in time 504, each with a short plain text. A client body that breaks off or is
 * malformed (bad chunking) is answered 400, or 408 when it stopped arriving, or, rarely, with a
 * closed connection; never 2xx or 5xx.
 */
final class UpstreamProxyServlet extends ProxyServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamProxyServlet.class);
    private static final String BAD_TARGET = UpstreamProxyServlet.class.getName() + ".badTarget";
    private static final String ERROR_ANSWERED = UpstreamProxyServlet.class.getName() + ".errorAnswered";
    private static final String CLIENT_FAILED = UpstreamProxyServlet.class.getName() + ".clientFailed";
    private static final String SENT_NANOS = UpstreamProxyServlet.class.getName() + ".sentNanos";
    private static final String UPSTREAM_AUTHORIZATION = UpstreamProxyServlet.class.getName() + ".authorization";
    private static final String CREDENTIAL_STATUS = UpstreamProxyServlet.class.getName() + ".credentialStatus";

    private final transient UpstreamConfig upstream;
    private final transient List<String> routes;
    private final transient UpstreamIdentity identity;
    private final transient LongAdder upstreamFailures;
    private final transient ClientOrigin origins;

    /** As the five-argument constructor, believing only the connection ({@link ClientOrigin#CONNECTION}). */
    UpstreamProxyServlet(
            UpstreamConfig upstream, List<String> routes, UpstreamIdentity identity, LongAdder upstreamFailures) {
        this(upstream, routes, identity, upstreamFailures, ClientOrigin.CONNECTION);
    }

    /**
     * @param identity gives the {@value IdentitySigner#HEADER} value for a caller and a request; returning
     *        {@code null} adds nothing (upstream mode {@code none})
     * @param origins says which client, scheme and host a request came from
     */
    UpstreamProxyServlet(
            UpstreamConfig upstream,
            List<String> routes,
            UpstreamIdentity identity,
            LongAdder upstreamFailures,
            ClientOrigin origins) {
        this.origins = Objects.requireNonNull(origins, "origins must not be null");
        this.upstreamFailures = Objects.requireNonNull(upstreamFailures, "upstreamFailures must not be null");
        this.upstream = Objects.requireNonNull(upstream, "upstream must not be null");
        this.routes = List.copyOf(routes);
        this.identity = Objects.requireNonNull(identity, "identity must not be null");
    }

    @Override
    protected ClientConnector newClientConnector() {
        ClientConnector connector = super.newClientConnector();
        connector.setConnectTimeout(upstream.connectTimeout());
        return connector;
    }

    @Override
    protected String rewriteTarget(HttpServletRequest clientToProxyRequest) {
        if (authenticated(clientToProxyRequest) == null) {
            LOG.warn("refused to forward a request that carries no authenticated token");
            return null;
        }
        String path = clientToProxyRequest.getRequestURI();
        String query = clientToProxyRequest.getQueryString();
        String target = upstream.base() + path + (query == null ? "" : "?" + query);
        try {
            URI.create(target);
        } catch (IllegalArgumentException e) {
            return badTarget(clientToProxyRequest);
        }
        if (!RawPaths.isForwardable(path, routes)) {
            return badTarget(clientToProxyRequest);
        }
        try {
            String authorization = identity.authorization(authenticated(clientToProxyRequest), path);
            if (authorization != null) {
                clientToProxyRequest.setAttribute(UPSTREAM_AUTHORIZATION, authorization);
            }
        } catch (UpstreamCredentialException e) {
            // the credentials' holder has logged the reason once, for the operator
            clientToProxyRequest.setAttribute(CREDENTIAL_STATUS, e.status());
            return null;
        }
        return upstream.base() + path + (query == null ? "" : ProxyHeaders.withoutSmuggledCredentials(query));
    }

    @Override
    protected void onProxyRewriteFailed(
            HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse) {
        int status = clientToProxyRequest.getAttribute(BAD_TARGET) != null
                ? 400
                : clientToProxyRequest.getAttribute(CREDENTIAL_STATUS) instanceof Integer credential ? credential : 403;
        sendProxyResponseError(clientToProxyRequest, proxyToClientResponse, status);
    }

    /** Jetty's copy (which drops hop-by-hop headers), then without credentials and network claims. */
    @Override
    protected void copyRequestHeaders(HttpServletRequest clientToProxyRequest, Request proxyToServerRequest) {
        super.copyRequestHeaders(clientToProxyRequest, proxyToServerRequest);
        proxyToServerRequest.headers(headers -> {
            List<String> claims = new ArrayList<>();
            headers.forEach(field -> {
                if (ProxyHeaders.isNetworkClaim(field.getName())) {
                    claims.add(field.getName());
                }
            });
            claims.forEach(headers::remove);
            headers.remove(HttpHeader.AUTHORIZATION).remove(IdentitySigner.HEADER);
            ProxyHeaders.SMUGGLED_CREDENTIALS.forEach(headers::remove);
        });
    }

    /** What {@code Connection} names, except the headers that define the message. */
    @Override
    protected Set<String> findConnectionHeaders(HttpServletRequest clientToProxyRequest) {
        return ProxyHeaders.namedByConnection(
                Collections.list(clientToProxyRequest.getHeaders(HttpHeader.CONNECTION.asString())));
    }

    /**
     * The gateway's own view of the request's origin, set after the copy so that nothing the client
     * sent (a {@code Connection} header included) can remove or change it; then the identity.
     */
    @Override
    protected void addProxyHeaders(HttpServletRequest clientToProxyRequest, Request proxyToServerRequest) {
        ClientOrigin.Origin origin = origins.of(clientToProxyRequest);
        addViaHeader(clientToProxyRequest, proxyToServerRequest);
        String query = proxyToServerRequest.getQuery();
        String target = proxyToServerRequest.getPath() + (query == null ? "" : "?" + query);
        String assertion =
                identity.assertion(authenticated(clientToProxyRequest), proxyToServerRequest.getMethod(), target);
        proxyToServerRequest.headers(headers -> {
            headers.put(HttpHeader.HOST, origin.host())
                    .put(HttpHeader.FORWARDED, ProxyHeaders.forwarded(origin))
                    .put(HttpHeader.X_FORWARDED_FOR, origin.address())
                    .put(HttpHeader.X_FORWARDED_PROTO, origin.scheme())
                    .put(HttpHeader.X_FORWARDED_HOST, origin.host());
            if (assertion != null) {
                headers.put(IdentitySigner.HEADER, assertion);
            }
            if (clientToProxyRequest.getAttribute(UPSTREAM_AUTHORIZATION) instanceof String authorization) {
                headers.put(HttpHeader.AUTHORIZATION, authorization);
            }
        });
    }

    /**
     * The body as Jetty's core request holds it ({@link StreamedRequestBody}), or, when the filter
     * replaced it (a scoped REST request whose body was read), the replacement's stream.
     */
    @Override
    protected Request.Content proxyRequestContent(
            HttpServletRequest clientToProxyRequest,
            HttpServletResponse proxyToClientResponse,
            Request proxyToServerRequest)
            throws IOException {
        if (clientToProxyRequest.isAsyncStarted()) {
            clientToProxyRequest
                    .getAsyncContext()
                    .addListener(new ClientBodyErrorListener(clientToProxyRequest, proxyToClientResponse));
        }
        StreamedRequestBody body = StreamedRequestBody.of(
                clientToProxyRequest,
                failure -> onClientRequestFailure(
                        clientToProxyRequest, proxyToServerRequest, proxyToClientResponse, failure));
        return body != null
                ? body
                : super.proxyRequestContent(clientToProxyRequest, proxyToClientResponse, proxyToServerRequest);
    }

    @Override
    protected Response.Listener newProxyResponseListener(
            HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse) {
        return new DirectResponseListener(clientToProxyRequest, proxyToClientResponse);
    }

    /**
     * Writes each chunk of the backend's answer to the client as the HTTP client read it, without
     * Jetty's copy into a new byte array per chunk, and without blocking ({@link ResponseCopy}): the
     * next chunk is asked of the backend once the client has taken this one, and no thread waits
     * while a client reads slowly.
     */
    private final class DirectResponseListener extends ProxyResponseListener {

        private final HttpServletRequest clientToProxyRequest;
        private final HttpServletResponse proxyToClientResponse;
        private ResponseCopy copy;

        DirectResponseListener(HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse) {
            super(clientToProxyRequest, proxyToClientResponse);
            this.clientToProxyRequest = clientToProxyRequest;
            this.proxyToClientResponse = proxyToClientResponse;
        }

        @Override
        public void onHeaders(Response serverToProxyResponse) {
            upstreamTimed(clientToProxyRequest);
            super.onHeaders(serverToProxyResponse);
        }

        @Override
        public void onContent(Response serverToProxyResponse, Content.Chunk chunk, Runnable demander) {
            ByteBuffer content = chunk.getByteBuffer();
            if (!content.hasRemaining()) {
                demander.run();
                return;
            }
            try {
                if (copy == null) {
                    copy = new ResponseCopy(proxyToClientResponse.getOutputStream(), serverToProxyResponse::abort);
                    copy.start();
                }
            } catch (Throwable failure) {
                serverToProxyResponse.abort(failure);
                return;
            }
            boolean retained = chunk.canRetain();
            if (retained) {
                chunk.retain();
            }
            copy.write(content, () -> {
                if (retained) {
                    chunk.release();
                }
                demander.run();
            });
        }
    }

    /** As Jetty's, without its debug dump of the client's headers, which would include Authorization. */
    @Override
    protected void sendProxyRequest(
            HttpServletRequest clientToProxyRequest,
            HttpServletResponse proxyToClientResponse,
            Request proxyToServerRequest) {
        clientToProxyRequest.setAttribute(SENT_NANOS, System.nanoTime());
        proxyToServerRequest.send(newProxyResponseListener(clientToProxyRequest, proxyToClientResponse));
    }

    /**
     * Sets {@link GatewayServer#UPSTREAM_NANOS} once per exchange: the nanoseconds from sending the
     * request to the backend until its answer's head arrived, or until the exchange failed.
     */
    private static void upstreamTimed(HttpServletRequest clientToProxyRequest) {
        if (clientToProxyRequest.getAttribute(SENT_NANOS) instanceof Long sent
                && clientToProxyRequest.getAttribute(GatewayServer.UPSTREAM_NANOS) == null) {
            clientToProxyRequest.setAttribute(GatewayServer.UPSTREAM_NANOS, System.nanoTime() - sent);
        }
    }

    /**
     * Sandboxes every proxied answer for browsers ({@code Content-Security-Policy: sandbox}): the page
     * at {@code /patgate/} shares the gateway's origin, and a document the backend serves (an HTML or
     * SVG file someone put in a shared folder) must not run script there, where it could read the
     * page's CSRF token. A browser shows such a document with an opaque origin and no script; API and
     * WebDAV clients ignore the header. It adds to whatever policy the backend sets.
     */
    @Override
    protected void onServerResponseHeaders(
            HttpServletRequest clientToProxyRequest,
            HttpServletResponse proxyToClientResponse,
            Response serverToProxyResponse) {
        super.onServerResponseHeaders(clientToProxyRequest, proxyToClientResponse, serverToProxyResponse);
        proxyToClientResponse.addHeader("Content-Security-Policy", "sandbox");
    }

    /** Drops an identity header and what the backend's {@code Connection} names (except the message's own headers). */
    @Override
    protected HttpField filterServerResponseHeader(
            HttpServletRequest clientToProxyRequest, Response serverToProxyResponse, HttpField serverToProxyField) {
        if (serverToProxyField.is(IdentitySigner.HEADER)) {
            return null;
        }
        List<String> connection = serverToProxyResponse.getHeaders().getValuesList(HttpHeader.CONNECTION);
        if (!connection.isEmpty()
                && ProxyHeaders.namedByConnection(connection).contains(serverToProxyField.getLowerCaseName())) {
            return null;
        }
        return serverToProxyField;
    }

    /**
     * The answer when reading the client's body failed: 408 when it stopped arriving, the status
     * Jetty's parser gave a malformed body (400, 413 ...), else 400. Never 5xx: the fault is the client's.
     */
    @Override
    protected int clientRequestStatus(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return 408;
            }
            if (cause instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                return http.getCode();
            }
        }
        return 400;
    }

    /** Marks the exchange as failed by the client, so that it is not reported as the backend's failure. */
    @Override
    protected void onClientRequestFailure(
            HttpServletRequest clientToProxyRequest,
            Request proxyToServerRequest,
            HttpServletResponse proxyToClientResponse,
            Throwable failure) {
        clientToProxyRequest.setAttribute(CLIENT_FAILED, Boolean.TRUE);
        super.onClientRequestFailure(clientToProxyRequest, proxyToServerRequest, proxyToClientResponse, failure);
    }

    @Override
    protected void onProxyResponseFailure(
            HttpServletRequest clientToProxyRequest,
            HttpServletResponse proxyToClientResponse,
            Response serverToProxyResponse,
            Throwable failure) {
        upstreamTimed(clientToProxyRequest);
        if (clientToProxyRequest.getAttribute(CLIENT_FAILED) != null) {
            LOG.info(
                    "client body of a {} failed: {}: {}",
                    clientToProxyRequest.getMethod(),
                    failure.getClass().getSimpleName(),
                    failure.getMessage());
            // the backend request was aborted for the client's fault: the client's status, never 502
            answerError(clientToProxyRequest, proxyToClientResponse, clientRequestStatus(failure));
            return;
        }
        LOG.warn(
                "upstream {} failed: {}: {}",
                clientToProxyRequest.getMethod(),
                failure.getClass().getSimpleName(),
                failure.getMessage());
        super.onProxyResponseFailure(clientToProxyRequest, proxyToClientResponse, serverToProxyResponse, failure);
    }

    /**
     * The error answer, given once per exchange. A client body that breaks off or is malformed is
     * reported twice, on two threads: to the HTTP client sending it upstream (the proxy's failure
     * path) and to the servlet container, which dispatches an async error and, unless a listener
     * completes the exchange, sends an error of its own. Two writers resetting the response under
     * each other once let it go out as an empty 200; so every answer goes through
     * {@link #answerError}, which answers once, and completes the exchange, while holding the
     * request's lock ({@link ClientBodyErrorListener} is the container's way in).
     */
    @Override
    protected void sendProxyResponseError(
            HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse, int status) {
        answerError(clientToProxyRequest, proxyToClientResponse, status);
    }

    private void answerError(
            HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse, int status) {
        synchronized (clientToProxyRequest) {
            if (clientToProxyRequest.getAttribute(ERROR_ANSWERED) != null) {
                return;
            }
            clientToProxyRequest.setAttribute(ERROR_ANSWERED, Boolean.TRUE);
            writeError(clientToProxyRequest, proxyToClientResponse, status);
        }
    }

    private void writeError(
            HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse, int status) {
        if (status == 502 || status == 504) {
            upstreamFailures.increment();
        }
        if (proxyToClientResponse.isCommitted()) {
            // Too late for a status: let Jetty abort the connection so that the client sees a failure.
            super.sendProxyResponseError(clientToProxyRequest, proxyToClientResponse, status);
            return;
        }
        if (clientToProxyRequest.getAttribute(CLIENT_FAILED) != null) {
            containerAnswers(clientToProxyRequest, proxyToClientResponse, status);
            return;
        }
        try {
            proxyToClientResponse.reset();
            proxyToClientResponse.setHeader(HttpHeader.CONNECTION.asString(), "close");
            PlainText.write(proxyToClientResponse, status, PlainText.bodyFor(status));
        } catch (Exception e) {
            // the body could not be written (a client that broke off): whatever still goes out must
            // carry the error status, never the 200 a reset response has, so say it with no body,
            // and abort the connection where the container lets us
            LOG.debug("could not write the error answer", e);
            statusWithoutBody(proxyToClientResponse, status);
            abortConnection(proxyToClientResponse);
        } finally {
            if (clientToProxyRequest.isAsyncStarted()) {
                clientToProxyRequest.getAsyncContext().complete();
            }
        }
    }

    /**
     * The answer to a client whose body failed. Its failure has failed the container's exchange as
     * well, so a body written now may be failed with it; only the status (no body,
     * {@code Connection: close}) is set, and the container writes it as it completes the exchange.
     * In the rare case that the container has already given up on the connection, the client sees
     * it closed without an answer (see docs/security.md, property 6); never 2xx, never 5xx.
     */
    private static void containerAnswers(
            HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse, int status) {
        try {
            proxyToClientResponse.reset();
            proxyToClientResponse.setStatus(status);
            proxyToClientResponse.setHeader(HttpHeader.CONNECTION.asString(), "close");
            proxyToClientResponse.setContentLength(0);
        } catch (RuntimeException e) {
            LOG.debug("could not send the error status", e);
        } finally {
            if (clientToProxyRequest.isAsyncStarted()) {
                clientToProxyRequest.getAsyncContext().complete();
            }
        }
    }

    /**
     * The container's report of a failed client body (a malformed chunk, an early end, a read that
     * timed out), answered through {@link #answerError} with the client's status, so that the
     * container sends no error of its own (it would say 500 for a timeout). When the proxy's path
     * answered first, the lock has waited for it to set the status and complete the exchange.
     */
    private final class ClientBodyErrorListener implements AsyncListener {
        private final HttpServletRequest clientToProxyRequest;
        private final HttpServletResponse proxyToClientResponse;

        ClientBodyErrorListener(HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse) {
            this.clientToProxyRequest = clientToProxyRequest;
            this.proxyToClientResponse = proxyToClientResponse;
        }

        @Override
        public void onError(AsyncEvent event) {
            clientToProxyRequest.setAttribute(CLIENT_FAILED, Boolean.TRUE);
            answerError(clientToProxyRequest, proxyToClientResponse, clientRequestStatus(event.getThrowable()));
        }

        @Override
        public void onComplete(AsyncEvent event) {}

        @Override
        public void onTimeout(AsyncEvent event) {}

        @Override
        public void onStartAsync(AsyncEvent event) {}
    }

    private static void statusWithoutBody(HttpServletResponse proxyToClientResponse, int status) {
        try {
            proxyToClientResponse.setStatus(status);
            proxyToClientResponse.setContentLength(0);
        } catch (RuntimeException e) {
            LOG.debug("could not set the error status", e);
        }
    }

    private static void abortConnection(HttpServletResponse proxyToClientResponse) {
        try {
            proxyToClientResponse.sendError(-1);
        } catch (Exception e) {
            LOG.debug("could not abort the connection", e);
        }
    }

    private static String badTarget(HttpServletRequest clientToProxyRequest) {
        clientToProxyRequest.setAttribute(BAD_TARGET, Boolean.TRUE);
        return null;
    }

    private static AuthenticatedToken authenticated(HttpServletRequest request) {
        return request.getAttribute(AuthenticatedToken.ATTRIBUTE) instanceof AuthenticatedToken token ? token : null;
    }
}
