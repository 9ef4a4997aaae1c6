package dev.patgate.demo;

import dev.patgate.testsupport.IdentityJws;
import dev.patgate.testsupport.Requests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test helper: a {@link DemoServer} on an ephemeral 127.0.0.1 port plus an HTTP client that signs identities. */
final class TestServer implements AutoCloseable {

    final byte[] key = IdentityJws.newKey();
    final IdentityJws signer = new IdentityJws(key);
    final List<RecordedRequest> recorded = new CopyOnWriteArrayList<>();
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Path dataDir;
    private final Clock clock;
    private DemoServer server;

    private TestServer(Path dataDir, Clock clock) {
        this.dataDir = dataDir;
        this.clock = clock;
    }

    static TestServer start(Path dataDir) throws IOException {
        return start(dataDir, Clock.systemUTC());
    }

    /** A server on {@code clock}; identities are signed at its time, so that moving it keeps them valid. */
    static TestServer start(Path dataDir, Clock clock) throws IOException {
        TestServer test = new TestServer(dataDir, clock);
        test.startServer();
        return test;
    }

    private void startServer() throws IOException {
        server = DemoServer.start(DemoConfig.builder()
                .port(0)
                .dataDir(dataDir)
                .identityKey(key)
                .clock(clock)
                .requestListener(recorded::add)
                .build());
    }

    /** Stops and starts again on the same data directory (on a new port). */
    void restart() throws IOException {
        server.close();
        startServer();
    }

    URI uri(String path) {
        return server.uri().resolve(path);
    }

    /**
     * A request to {@code path} with an identity for {@code login} bound to {@code method} and the
     * path; no identity header when login is null. The caller still sets the method on the builder.
     */
    HttpRequest.Builder request(String login, String method, String path) {
        return identified(HttpRequest.newBuilder(uri(path)), login, method, path);
    }

    private HttpRequest.Builder identified(HttpRequest.Builder builder, String login, String method, String path) {
        if (login != null) {
            builder.header(
                    IdentityJws.HEADER, signer.sign(login, clock.instant(), method, IdentityJws.target(uri(path))));
        }
        return builder;
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code method path} as {@code login} with an optional body (null for none) and header pairs. */
    HttpResponse<String> send(String login, String method, String path, String body, String... headers) {
        return send(identified(Requests.builder(uri(path), method, body, headers), login, method, path));
    }

    @Override
    public void close() {
        server.close();
    }
}
