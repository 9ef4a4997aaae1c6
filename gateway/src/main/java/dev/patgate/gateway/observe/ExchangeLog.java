package dev.patgate.gateway.observe;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.gateway.proxy.GatewayServer;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;

/**
 * Jetty's request log hook: once a request is complete, whatever answered it, reads what the access
 * log and the metrics need into one {@link Exchange} and hands it to each of its consumers (on the
 * thread that completed the request: they must be quick).
 */
public final class ExchangeLog implements RequestLog {

    private final List<Consumer<Exchange>> consumers;

    public ExchangeLog(List<Consumer<Exchange>> consumers) {
        this.consumers = List.copyOf(consumers);
    }

    @Override
    public void log(Request request, Response response) {
        Exchange exchange = exchange(request, response);
        for (Consumer<Exchange> consumer : consumers) {
            consumer.accept(exchange);
        }
    }

    static Exchange exchange(Request request, Response response) {
        String user = null;
        String tokenId = null;
        if (request.getAttribute(AuthenticatedToken.ATTRIBUTE) instanceof AuthenticatedToken token) {
            user = token.login();
            tokenId = token.tokenId();
        }
        long upstream = request.getAttribute(GatewayServer.UPSTREAM_NANOS) instanceof Long nanos ? nanos : -1;
        return new Exchange(
                Request.getTimeStamp(request),
                Request.getRemoteAddr(request),
                user,
                tokenId,
                request.getMethod(),
                request.getHttpURI().getPath(),
                response.getStatus(),
                Request.getContentBytesRead(request),
                Response.getContentBytesWritten(response),
                NanoTime.since(request.getBeginNanoTime()),
                upstream);
    }
}
