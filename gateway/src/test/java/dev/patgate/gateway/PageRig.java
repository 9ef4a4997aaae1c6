package dev.patgate.gateway;

import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.LimitsConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.PageConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.testsupport.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A real webdav-demo and a real gateway in front of it for the self-service page's tests, with
 * alice's folders:
 *
 * <pre>
 * personal-files/proj/a.txt
 * personal-files/proj/sub/
 * personal-files/other/o.txt
 * </pre>
 */
final class PageRig implements AutoCloseable {

    final TestClock clock;
    final DemoBackend backend;
    final Gateway gateway;
    final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private PageRig(TestClock clock, DemoBackend backend, Gateway gateway) {
        this.clock = clock;
        this.backend = backend;
        this.gateway = gateway;
    }

    /** Starts both servers with {@code freeFailures} free password failures, and creates alice's folders. */
    static PageRig start(Path home, int freeFailures) throws Exception {
        return start(home, freeFailures, PageConfig.DEFAULT);
    }

    /** As {@link #start(Path, int)}, with section {@code page} as given. */
    static PageRig start(Path home, int freeFailures, PageConfig page) throws Exception {
        TestClock clock = TestClock.atDefaultStart();
        DemoBackend backend = DemoBackend.start(home, clock, null);
        Gateway gateway = null;
        try {
            TestHome.create(home, backend.url());
            gateway = Gateway.start(
                    GatewayConfig.defaults(home)
                            .withListen(ListenConfig.DEFAULT.withPort(0))
                            .withUpstream(UpstreamConfig.DEFAULT.withUrl(backend.uri()))
                            .withLimits(LimitsConfig.DEFAULT.withFreeFailures(freeFailures))
                            .withPage(page),
                    clock);
            backend.mkdirs("alice", "personal-files/proj/sub");
            backend.put("alice", "personal-files/proj/a.txt", "alpha");
            backend.mkdirs("alice", "personal-files/other");
            backend.put("alice", "personal-files/other/o.txt", "other");
            return new PageRig(clock, backend, gateway);
        } catch (Exception | Error e) {
            if (gateway != null) {
                gateway.close();
            }
            backend.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:port}. */
    String base() {
        return "http://127.0.0.1:" + gateway.port();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String login, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            backend.close();
        }
    }
}
