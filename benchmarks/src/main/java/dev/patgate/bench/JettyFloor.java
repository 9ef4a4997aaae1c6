package dev.patgate.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The floors under the gateway's proxy hop, for {@code scripts/bench/engine-quick.sh}: what Jetty 12
 * costs before patgate adds anything. Default Jetty settings, no servlet layer, no filter, no log.
 * <ul>
 *   <li>{@code self PORT}: the Jetty server answering every request with 1 KiB from memory (the
 *       server half of a hop);
 *   <li>{@code proxy PORT UPSTREAM}: Jetty's core reverse proxy ({@link ProxyHandler.Reverse}, Jetty's
 *       own {@code HttpClient}) forwarding every request to {@code UPSTREAM} (the whole hop).
 *   <li>{@code least PORT UPSTREAM}: the least any upstream client can do, as a lower bound and never
 *       as a proxy: each server thread keeps one socket to {@code UPSTREAM} open and, for every
 *       request, writes a bare {@code GET} of the same path, blocks until the answer's headers and
 *       {@code Content-Length} body are in, and returns that body. GET only, no header copied, no
 *       checks: one write and one or two reads per request, nothing else.
 * </ul>
 * Runs until killed. Never expose it: the proxy forwards anything, unauthenticated.
 */
public final class JettyFloor {

    private JettyFloor() {}

    public static void main(String[] args) throws Exception {
        boolean known = args.length == 2 && args[0].equals("self")
                || args.length == 3 && (args[0].equals("proxy") || args[0].equals("least"));
        if (!known) {
            System.err.println("usage: JettyFloor self PORT | JettyFloor proxy|least PORT UPSTREAM_URL");
            System.exit(2);
        }
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[1]));
        server.addConnector(connector);
        server.setHandler(
                switch (args[0]) {
                    case "self" -> new OneKibibyte();
                    case "proxy" -> reverse(URI.create(args[2]));
                    default -> new LeastExchange(URI.create(args[2]));
                });
        server.start();
        System.err.println("jetty floor (" + args[0] + ") on port " + connector.getLocalPort());
        server.join();
    }

    private static Handler reverse(URI upstream) {
        String origin = upstream.getScheme() + "://" + upstream.getRawAuthority();
        return new ProxyHandler.Reverse(
                request -> HttpURI.build(origin + request.getHttpURI().getPathQuery()));
    }

    /** Answers 200 with the same 1 KiB to everything. */
    private static final class OneKibibyte extends Handler.Abstract.NonBlocking {
        private static final byte[] BODY = "x".repeat(1023).concat("\n").getBytes(StandardCharsets.US_ASCII);

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, BODY.length);
            response.write(true, ByteBuffer.wrap(BODY), callback);
            return true;
        }
    }

    /** One bare blocking GET per request on a socket the server thread keeps (see the class comment). */
    private static final class LeastExchange extends Handler.Abstract {
        private final String host;
        private final int port;
        private final ThreadLocal<Upstream> upstreams = new ThreadLocal<>();

        LeastExchange(URI upstream) {
            this.host = upstream.getHost();
            this.port = upstream.getPort();
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            Upstream upstream = upstreams.get();
            if (upstream == null) {
                upstream = new Upstream(new Socket(host, port));
                upstreams.set(upstream);
            }
            byte[] body;
            try {
                body = upstream.get(request.getHttpURI().getPathQuery(), host + ":" + port);
            } catch (IOException e) {
                upstreams.remove();
                upstream.socket.close();
                throw e;
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }

    private static final class Upstream {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        final byte[] buffer = new byte[16 * 1024];
        int start;
        int end;

        Upstream(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = socket.getInputStream();
        }

        byte[] get(String path, String authority) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            int headerEnd;
            while ((headerEnd = indexOfBlankLine()) < 0) {
                fill();
            }
            String head = new String(buffer, start, headerEnd - start, StandardCharsets.US_ASCII);
            int at = head.toLowerCase(Locale.ROOT).indexOf("\r\ncontent-length:");
            if (at < 0) {
                throw new IOException("no Content-Length");
            }
            int lineEnd = head.indexOf("\r\n", at + 2);
            int length = Integer.parseInt(head.substring(at + 17, lineEnd < 0 ? head.length() : lineEnd)
                    .trim());
            start = headerEnd + 4;
            while (end - start < length) {
                fill();
            }
            byte[] body = Arrays.copyOfRange(buffer, start, start + length);
            start += length;
            return body;
        }

        private int indexOfBlankLine() {
            for (int i = start; i + 3 < end; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private void fill() throws IOException {
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                throw new EOFException("upstream closed");
            }
            end += n;
        }
    }
}
