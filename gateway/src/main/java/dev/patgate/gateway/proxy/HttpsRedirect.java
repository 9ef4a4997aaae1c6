package dev.patgate.gateway.proxy;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers every request that arrived on the plain-HTTP listener ({@code listen.redirect_port}) with
 * {@code 308 Permanent Redirect} to the same path and query over HTTPS, and passes the others on. A
 * request on that listener never reaches the token filter, the gateway's endpoints or the backend,
 * whatever its method, path or credentials: 308 keeps the method, so a client that follows it sends
 * its request again, encrypted.
 *
 * <p>The target is {@code listen.public_url} when set; otherwise the host the client asked for, on
 * the HTTPS port.
 */
final class HttpsRedirect extends Handler.Wrapper {

    private static final byte[] BODY = "use https\n".getBytes(StandardCharsets.US_ASCII);

    private final Connector plain;
    private final NetworkConnector https;
    private final URI publicUrl;

    /**
     * @param plain the listener whose requests are redirected
     * @param https the HTTPS listener, for its port
     * @param publicUrl {@code listen.public_url}, or null
     */
    HttpsRedirect(Connector plain, NetworkConnector https, URI publicUrl, Handler next) {
        super(next);
        this.plain = plain;
        this.https = https;
        this.publicUrl = publicUrl;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getConnectionMetaData().getConnector() != plain) {
            return super.handle(request, response, callback);
        }
        String pathQuery = request.getHttpURI().getPathQuery();
        response.setStatus(308);
        response.getHeaders().put(HttpHeader.LOCATION, base(request) + (pathQuery == null ? "/" : pathQuery));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=US-ASCII");
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, BODY.length);
        response.write(true, ByteBuffer.wrap(BODY), callback);
        return true;
    }

    private String base(Request request) {
        if (publicUrl != null) {
            return publicUrl.toString();
        }
        String host = Request.getServerName(request);
        String shown = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        int port = https.getLocalPort();
        return "https://" + shown + (port == 443 ? "" : ":" + port);
    }
}
