package dev.patgate.gateway.proxy;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Consumer;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.Content;

/**
 * The client's request body handed to the backend request as the connector read it: the chunks of
 * Jetty's core request go to the HTTP client as they are, without being copied through a servlet
 * input stream and a byte array. For a 1 GiB upload this is what keeps the proxy hop cheap (see
 * docs/benchmarks.md, "1 GiB PUT").
 *
 * <p>Only usable while nothing before the proxy has replaced or started reading the body:
 * {@link #of} answers {@code null} when a request wrapper supplies its own input stream or reader
 * (the scope check does so after reading a REST body), and the caller then proxies that stream.
 */
final class StreamedRequestBody implements Request.Content {

    private static final ClassValue<Boolean> SUPPLIES_BODY = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("getInputStream").getDeclaringClass() != ServletRequestWrapper.class
                        || type.getMethod("getReader").getDeclaringClass() != ServletRequestWrapper.class;
            } catch (NoSuchMethodException e) {
                return Boolean.TRUE;
            }
        }
    };

    private final org.eclipse.jetty.server.Request source;
    private final Consumer<Throwable> onClientFailure;

    private StreamedRequestBody(org.eclipse.jetty.server.Request source, Consumer<Throwable> onClientFailure) {
        this.source = source;
        this.onClientFailure = onClientFailure;
    }

    /**
     * @param onClientFailure told once when reading the client's body fails (it went away or timed out)
     * @return the core body of {@code request}, or {@code null} when a wrapper supplies the body
     */
    static StreamedRequestBody of(HttpServletRequest request, Consumer<Throwable> onClientFailure) {
        ServletRequest layer = request;
        while (layer instanceof ServletRequestWrapper wrapper) {
            if (SUPPLIES_BODY.get(wrapper.getClass())) {
                return null;
            }
            layer = wrapper.getRequest();
        }
        ServletContextRequest core = ServletContextRequest.getServletContextRequest(layer);
        return core == null ? null : new StreamedRequestBody(core, onClientFailure);
    }

    @Override
    public long getLength() {
        return source.getLength();
    }

    @Override
    public Content.Chunk read() {
        Content.Chunk chunk = source.read();
        if (Content.Chunk.isFailure(chunk)) {
            onClientFailure.accept(chunk.getFailure());
        }
        return chunk;
    }

    @Override
    public void demand(Runnable demandCallback) {
        source.demand(demandCallback);
    }

    @Override
    public void fail(Throwable failure) {
        source.fail(failure);
    }
}
