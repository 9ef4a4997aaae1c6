package dev.patgate.gateway.proxy;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.gateway.identity.IdentitySigner;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards an authenticated request to the backend, streaming both bodies. The target is the upstream
 * URL followed by the request's raw path and query, exactly as received. {@code Authorization} and any
 * client-sent {@value IdentitySigner#HEADER} are dropped; the identity function may add a fresh one.
 *
 * <p>Fails closed: a request that carries no {@link AuthenticatedToken} (the filter did not accept it)
 * is answered 403 and never forwarded; one whose raw target is not a valid URI, does not start with a
 * route prefix or has dot segments (see {@link RawPaths}) is answered 400. A backend that cannot be reached is answered 502, one that
 * does not answer in time 504, each with a short plain text.
 */
final class UpstreamProxyServlet extends ProxyServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamProxyServlet.class);
    private static final String BAD_TARGET = UpstreamProxyServlet.class.getName() + ".badTarget";

    private final transient UpstreamConfig upstream;
    private final transient List<String> routes;
    private final transient Function<AuthenticatedToken, String> identity;
    private final transient LongAdder upstreamFailures;

    /**
     * @param identity gives the {@value IdentitySigner#HEADER} value for a caller; returning
     *        {@code null} adds nothing (upstream mode {@code none})
     */
    UpstreamProxyServlet(UpstreamConfig upstream, List<String> routes, Function<AuthenticatedToken, String> identity,
            LongAdder upstreamFailures) {
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
        return RawPaths.isForwardable(path, routes) ? target : badTarget(clientToProxyRequest);
    }

    @Override
    protected void onProxyRewriteFailed(HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse) {
        int status = clientToProxyRequest.getAttribute(BAD_TARGET) != null ? 400 : 403;
        sendProxyResponseError(clientToProxyRequest, proxyToClientResponse, status);
    }

    @Override
    protected void copyRequestHeaders(HttpServletRequest clientToProxyRequest, Request proxyToServerRequest) {
        super.copyRequestHeaders(clientToProxyRequest, proxyToServerRequest);
        proxyToServerRequest.headers(headers -> headers
                .remove(HttpHeader.AUTHORIZATION)
                .remove(IdentitySigner.HEADER));
    }

    @Override
    protected void addProxyHeaders(HttpServletRequest clientToProxyRequest, Request proxyToServerRequest) {
        super.addProxyHeaders(clientToProxyRequest, proxyToServerRequest);
        String assertion = identity.apply(authenticated(clientToProxyRequest));
        if (assertion != null) {
            proxyToServerRequest.headers(headers -> headers.put(IdentitySigner.HEADER, assertion));
        }
    }

    /**
     * The body as Jetty's core request holds it ({@link StreamedRequestBody}), or, when the filter
     * replaced it (a scoped REST request whose body was read), the replacement's stream.
     */
    @Override
    protected Request.Content proxyRequestContent(HttpServletRequest clientToProxyRequest,
            HttpServletResponse proxyToClientResponse, Request proxyToServerRequest) throws IOException {
        StreamedRequestBody body = StreamedRequestBody.of(clientToProxyRequest, failure ->
                onClientRequestFailure(clientToProxyRequest, proxyToServerRequest, proxyToClientResponse, failure));
        return body != null ? body
                : super.proxyRequestContent(clientToProxyRequest, proxyToClientResponse, proxyToServerRequest);
    }

    @Override
    protected Response.Listener newProxyResponseListener(HttpServletRequest clientToProxyRequest,
            HttpServletResponse proxyToClientResponse) {
        return new DirectResponseListener(clientToProxyRequest, proxyToClientResponse);
    }

    /**
     * Writes each chunk of the backend's answer to the client as the HTTP client read it, without
     * Jetty's copy into a new byte array per chunk, and without blocking ({@link ResponseCopy}): the
     * next chunk is asked of the backend once the client has taken this one, and no thread waits
     * while a client reads slowly.
     */
    private final class DirectResponseListener extends ProxyResponseListener {

        private final HttpServletResponse proxyToClientResponse;
        private ResponseCopy copy;

        DirectResponseListener(HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse) {
            super(clientToProxyRequest, proxyToClientResponse);
            this.proxyToClientResponse = proxyToClientResponse;
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
    protected void sendProxyRequest(HttpServletRequest clientToProxyRequest, HttpServletResponse proxyToClientResponse,
            Request proxyToServerRequest) {
        proxyToServerRequest.send(newProxyResponseListener(clientToProxyRequest, proxyToClientResponse));
    }

    @Override
    protected HttpField filterServerResponseHeader(HttpServletRequest clientToProxyRequest,
            Response serverToProxyResponse, HttpField serverToProxyField) {
        return serverToProxyField.is(IdentitySigner.HEADER) ? null : serverToProxyField;
    }

    @Override
    protected void onProxyResponseFailure(HttpServletRequest clientToProxyRequest,
            HttpServletResponse proxyToClientResponse, Response serverToProxyResponse, Throwable failure) {
        LOG.warn("upstream {} failed: {}: {}", clientToProxyRequest.getMethod(),
                failure.getClass().getSimpleName(), failure.getMessage());
        super.onProxyResponseFailure(clientToProxyRequest, proxyToClientResponse, serverToProxyResponse, failure);
    }

    @Override
    protected void sendProxyResponseError(HttpServletRequest clientToProxyRequest,
            HttpServletResponse proxyToClientResponse, int status) {
        if (status == 502 || status == 504) {
            upstreamFailures.increment();
        }
        if (proxyToClientResponse.isCommitted()) {
            // Too late for a status: let Jetty abort the connection so that the client sees a failure.
            super.sendProxyResponseError(clientToProxyRequest, proxyToClientResponse, status);
            return;
        }
        try {
            proxyToClientResponse.reset();
            proxyToClientResponse.setHeader(HttpHeader.CONNECTION.asString(), "close");
            PlainText.write(proxyToClientResponse, status, PlainText.bodyFor(status));
        } catch (Exception e) {
            LOG.debug("could not write the error answer", e);
        } finally {
            if (clientToProxyRequest.isAsyncStarted()) {
                clientToProxyRequest.getAsyncContext().complete();
            }
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
