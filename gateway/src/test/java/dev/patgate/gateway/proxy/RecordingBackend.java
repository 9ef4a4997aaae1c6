package dev.patgate.gateway.proxy;

import dev.patgate.testsupport.IdentityJws;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A backend for the proxy tests, on an ephemeral port. It records every request it receives (raw
 * URI, headers, body length and SHA-256, or {@link #INCOMPLETE} when the body broke off) and answers {@code 200}; {@code /dav/big?size=N} streams N
 * pattern bytes back ({@code &cut=M}: only M, then it breaks the connection); {@code /dav/slow} holds the request until {@link #close()};
 * {@code /dav/connection} answers with {@code Connection:} set to the request's {@value #ANSWER_CONNECTION}
 * value, and the headers {@code X-Secret}, {@code X-Other}, {@code X-Kept} and an {@code ETag}.
 * {@code /dav/pause?ms=N} answers after N ms (a backend slower than the client idle timeout).
 */
final class RecordingBackend implements AutoCloseable {

    /** One request as the backend saw it; header names are lower case. */
    record Seen(String method, String rawUri, Map<String, List<String>> headers, long bodyBytes, String bodySha256) {
        List<String> header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    /** Request header whose value {@code /dav/connection} answers as its {@code Connection} header. */
    static final String ANSWER_CONNECTION = "X-Answer-Connection";

    /** The body hash recorded for a request whose body ended early (the connection failed). */
    static final String INCOMPLETE = "incomplete";

    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Server server;
    private final ServerConnector connector;

    RecordingBackend() throws Exception {
        this(200);
    }

    /** @param threads the backend's thread pool (its servlet I/O blocks: one thread per answer being sent) */
    RecordingBackend(int threads) throws Exception {
        server = new Server(new org.eclipse.jetty.util.thread.QueuedThreadPool(threads));
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new Recorder()), "/*");
        server.setHandler(context);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** The next request the backend received, waiting briefly for it. */
    Seen next() throws InterruptedException {
        Seen request = seen.poll(10, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("the backend received no request");
        }
        return request;
    }

    /** Every request received and not yet taken, without waiting. */
    List<Seen> drain() {
        List<Seen> all = new ArrayList<>();
        seen.drainTo(all);
        return all;
    }

    /** Whether the backend has received nothing not yet taken with {@link #next()}. */
    boolean isQuiet() {
        return seen.isEmpty();
    }

    @Override
    public void close() {
        release.countDown();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the backend", e);
        }
    }

    /** Bytes 0..N-1 of the repeating pattern the tests send and the backend streams. */
    static InputStream pattern(long size) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < size ? (int) (position++ % 251) : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (position >= size) {
                    return -1;
                }
                int count = (int) Math.min(length, size - position);
                for (int i = 0; i < count; i++) {
                    buffer[offset + i] = (byte) (position++ % 251);
                }
                return count;
            }
        };
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private final class Recorder extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String name : Collections.list(request.getHeaderNames())) {
                headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(Collections.list(request.getHeaders(name))));
            }
            MessageDigest digest = sha256();
            long bytes = 0;
            byte[] buffer = new byte[64 * 1024];
            String query = request.getQueryString();
            String rawUri = request.getRequestURI() + (query == null ? "" : "?" + query);
            try (InputStream in = request.getInputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    digest.update(buffer, 0, n);
                    bytes += n;
                }
            } catch (IOException e) {
                seen.add(new Seen(request.getMethod(), rawUri, headers, bytes, INCOMPLETE));
                throw e;
            }
            seen.add(new Seen(
                    request.getMethod(), rawUri, headers, bytes, HexFormat.of().formatHex(digest.digest())));

            if (request.getRequestURI().equals("/dav/slow")) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (request.getRequestURI().equals("/dav/pause")) {
                try {
                    Thread.sleep(Long.parseLong(request.getParameter("ms")));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            response.setHeader(IdentityJws.HEADER, "leaked-by-backend");
            if (request.getRequestURI().equals("/dav/connection")) {
                response.setHeader("Connection", request.getHeader(ANSWER_CONNECTION));
                response.setHeader("X-Secret", "hop-by-hop");
                response.setHeader("X-Other", "hop-by-hop");
                response.setHeader("X-Kept", "end-to-end");
                response.setHeader("ETag", "\"v1\"");
            }
            if (request.getRequestURI().equals("/dav/big")) {
                long size = Long.parseLong(request.getParameter("size"));
                response.setContentType("application/octet-stream");
                String cut = request.getParameter("cut");
                if (cut != null) {
                    // a backend that dies mid-answer: part of the body, then the connection breaks
                    OutputStream out = response.getOutputStream();
                    pattern(Long.parseLong(cut)).transferTo(out);
                    out.flush();
                    throw new IOException("the backend breaks off its answer");
                }
                try (InputStream in = pattern(size);
                        OutputStream out = response.getOutputStream()) {
                    in.transferTo(out);
                }
                return;
            }
            response.setContentType("text/plain");
            response.getWriter().print("backend saw " + bytes + " bytes");
        }
    }
}
