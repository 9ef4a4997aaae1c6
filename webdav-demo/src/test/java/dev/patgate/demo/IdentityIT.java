package dev.patgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.demo.identity.IdentitySigner;
import dev.patgate.demo.identity.IdentityVerifier;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IdentityIT {

    @TempDir
    Path data;

    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Each case makes a header value from the server's signer; null means no header. */
    static Stream<Arguments> identities() {
        long now = Instant.now().getEpochSecond();
        return Stream.of(
                Arguments.of("missing", (Function<IdentitySigner, String>) signer -> null, 401),
                Arguments.of("garbage", (Function<IdentitySigner, String>) signer -> "Bearer patg_xyz", 401),
                Arguments.of("bad signature", (Function<IdentitySigner, String>) signer ->
                        new IdentitySigner(IdentitySigner.newKey()).sign("mallory", Instant.now()), 401),
                Arguments.of("expired", (Function<IdentitySigner, String>) signer ->
                        signer.sign("v1", IdentitySigner.payload("mallory", now - 120, now - 60)), 401),
                Arguments.of("issued in the future", (Function<IdentitySigner, String>) signer ->
                        signer.sign("v1", IdentitySigner.payload("mallory", now + 300, now + 360)), 401),
                Arguments.of("wrong version", (Function<IdentitySigner, String>) signer ->
                        signer.sign("v2", IdentitySigner.payload("mallory", now, now + 60)), 401),
                Arguments.of("good", (Function<IdentitySigner, String>) signer -> signer.sign("mallory", Instant.now()), 207));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identities")
    void requestWhenIdentityCheckedThenOnlyAGoodOneGetsThrough(String name, Function<IdentitySigner, String> header,
                                                                int status) {
        String value = header.apply(server.signer);
        for (String path : new String[] {"/dav/personal-files/", "/a/tree/stat/personal-files", "/n/node/x", "/elsewhere"}) {
            var request = server.request(null, path).method("PROPFIND", java.net.http.HttpRequest.BodyPublishers.noBody());
            if (value != null) {
                request.header(IdentityVerifier.HEADER, value);
            }
            HttpResponse<String> response = server.send(request);

            if (status == 401) {
                assertThat(response.statusCode()).as(path).isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
                assertThat(response.body()).isEqualTo("missing or invalid gateway identity\n");
            } else {
                assertThat(response.statusCode()).as(path).isNotEqualTo(401);
            }
        }
        assertThat(data.resolve("personal/mallory")).matches(dir -> java.nio.file.Files.exists(dir) == (status != 401));
    }

    @Test
    void requestWhenTwoIdentityHeadersThenUnauthorized() {
        var request = server.request(null, "/dav/").method("PROPFIND", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header(IdentityVerifier.HEADER, server.signer.sign("alice", Instant.now()))
                .header(IdentityVerifier.HEADER, server.signer.sign("bob", Instant.now()));

        assertThat(server.send(request).statusCode()).isEqualTo(401);
    }

    @Test
    void writeWhenIdentityInvalidThenNothingIsDone() {
        var request = server.request(null, "/dav/common-files/intruder.txt")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("x"))
                .header(IdentityVerifier.HEADER, new IdentitySigner(IdentitySigner.newKey()).sign("alice", Instant.now()));

        assertThat(server.send(request).statusCode()).isEqualTo(401);
        assertThat(data.resolve("common/intruder.txt")).doesNotExist();
    }

    @Test
    void listenerWhenRequestsArriveThenSeesEveryHeaderEvenOfRefusedRequests() {
        server.send(server.request("alice", "/dav/common-files/readme.txt?x=1").header("Authorization", "Bearer patg_secret").GET());
        server.send(server.request(null, "/a/tree/stat/common-files").GET());

        assertThat(server.recorded).hasSize(2);
        RecordedRequest first = server.recorded.get(0);
        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.uri()).isEqualTo("/dav/common-files/readme.txt?x=1");
        assertThat(first.header("authorization")).containsExactly("Bearer patg_secret");
        assertThat(first.hasHeader("X-PATGATE-IDENTITY")).isTrue();
        assertThat(server.recorded.get(1).hasHeader(IdentityVerifier.HEADER)).isFalse();
        assertThat(server.recorded.get(1).hasHeader("Authorization")).isFalse();
    }
}
