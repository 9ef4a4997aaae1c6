package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.auth.TokenRequest;
import dev.patgate.demo.RecordedRequest;
import dev.patgate.testsupport.Challenges;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.Scope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /io} (Cells' S3) when an operator routes it anyway, against docs/cells-scopes.md: a scoped
 * token is refused there (no route describes it), and an S3 client's SigV4 {@code Authorization}
 * is not a credential patgate accepts, so it never reaches the backend either.
 */
class ScopeCellsIoIT {

    @TempDir
    static Path home;

    private static final Queue<String> reached = new ConcurrentLinkedQueue<>();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static DemoBackend backend;
    private static Gateway gateway;
    private static String scoped;

    @BeforeAll
    static void start() throws Exception {
        backend =
                DemoBackend.start(home, TestClock.atDefaultStart(), (RecordedRequest seen) -> reached.add(seen.uri()));
        Path routes =
                Path.of("..", "config", "cells-routes.yaml").toAbsolutePath().normalize();
        gateway = TestHome.startGateway(home, """
                listen: {port: 0}
                upstream: {url: "%s"}
                data_dir: var
                routes: [/dav/, /a/, /io/]
                scopes: {resolve_path: "/a/n/node/{uuid}", rest_file: "%s"}
                """.formatted(backend.url(), routes));
        String proj = backend.mkdirs("alice", "personal-files/proj");
        scoped = gateway.issuer()
                .issue(new TokenRequest(
                        "alice",
                        "io-it",
                        "test",
                        Duration.ofDays(1),
                        null,
                        List.of(Scope.parse("node:" + proj + ":rw"))))
                .plaintext();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void ioWhenScopedTokenThenRefusedWithoutScopeHintAndNotForwarded() throws Exception {
        reached.clear();

        HttpResponse<String> answer = send("GET", "/io/personal-files/proj/a.txt", "Bearer " + scoped);

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().allValues("WWW-Authenticate")).containsExactly(Challenges.INSUFFICIENT_SCOPE);
        assertThat(reached).isEmpty();
    }

    @Test
    void ioWhenS3SignatureThenInvalidRequestAndNotForwarded() throws Exception {
        reached.clear();
        String sigV4 = "AWS4-HMAC-SHA256 Credential=" + scoped
                + "/20261207/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64);

        HttpResponse<String> answer = send("GET", "/io/personal-files/proj/a.txt", sigV4);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().allValues("WWW-Authenticate"))
                .containsExactly(Challenges.BASIC, Challenges.INVALID_REQUEST);
        assertThat(answer.body()).doesNotContain(scoped);
        assertThat(reached).isEmpty();
    }

    private static HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .header("Authorization", authorization)
                        .header("X-Amz-Date", "20261207T160000Z")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
