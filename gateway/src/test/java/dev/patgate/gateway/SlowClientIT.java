package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.config.ClientsConfig;
import dev.patgate.testsupport.Requests;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A bounded slow-client attack: a few hundred connections each start a request and then send (or
 * read) nothing more, or a byte now and then, for a few seconds; meanwhile other users' requests and
 * {@code /healthz} must all be answered. The client limits are set wide here, so that no deadline or
 * cap ends the attack early: what is tested is that a request waiting on a slow client holds no
 * thread. {@link SlowClientDeadlineIT} tests the deadlines and caps themselves.
 */
class SlowClientIT {

    private static final int ATTACKERS = 320;
    private static final Duration ATTACK = Duration.ofSeconds(3);
    private static final Duration NORMAL_BOUND = Duration.ofSeconds(5);
    private static final Duration TICK = Duration.ofMillis(250);
    private static final int DOWNLOAD_BYTES = 1024 * 1024;
    private static final ClientsConfig WIDE =
            new ClientsConfig(2000, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1), 2000, 2000);

    /** What each attacking connection does. */
    enum Attack {
        /** a scoped token's REST POST whose JSON body stops after its first bytes */
        SCOPED_REST_BODY_STALLED,
        /** the same, the body going on by one space every tick */
        SCOPED_REST_BODY_TRICKLED,
        /** the same with a chunked body stopping inside a chunk */
        SCOPED_REST_CHUNKED_STALLED,
        /** an unscoped token on a REST route whose body the scope check reads */
        UNSCOPED_REST_BODY_STALLED,
        /** no credential at all, the body stalled (refused 401 at once, without reading) */
        NO_CREDENTIAL_REST_BODY_STALLED,
        /** a token API POST with a password, the body stalled */
        TOKEN_API_BODY_STALLED,
        /** a request head that grows by one byte every tick and never ends */
        HEAD_TRICKLED,
        /** a download of a file the client never reads, with a tiny receive buffer */
        DOWNLOAD_NOT_READ,
        /** all of the above, in turn */
        MIXED
    }

    @ParameterizedTest
    @EnumSource(Attack.class)
    void othersWhenHundredsOfSlowClientsThenAllAnsweredInTime(Attack attack, @TempDir Path home) throws Exception {
        try (SlowClientRig rig = SlowClientRig.start(home, WIDE)) {
            rig.backend.put("alice", "personal-files/big.bin", "x".repeat(DOWNLOAD_BYTES));
            List<Socket> attackers = new ArrayList<>();
            List<Attack> kinds = new ArrayList<>();
            ExecutorService normal = Executors.newSingleThreadExecutor();
            try {
                for (int i = 0; i < ATTACKERS; i++) {
                    Attack kind = attack == Attack.MIXED ? Attack.values()[i % (Attack.values().length - 1)] : attack;
                    Socket socket = open(rig, kind);
                    attackers.add(socket);
                    kinds.add(kind);
                }
                Future<List<String>> failures = normal.submit(() -> normalTraffic(rig));
                long end = System.nanoTime() + ATTACK.toNanos();
                while (System.nanoTime() < end) {
                    for (int i = 0; i < attackers.size(); i++) {
                        trickle(attackers.get(i), kinds.get(i));
                    }
                    Thread.sleep(TICK.toMillis());
                }
                assertThat(failures.get(ATTACK.toSeconds() + NORMAL_BOUND.toSeconds() * 4, TimeUnit.SECONDS))
                        .as("normal requests that failed or took longer than %s during the attack", NORMAL_BOUND)
                        .isEmpty();
                long held = 0;
                for (int i = 0; i < attackers.size(); i++) {
                    if (waitsOnItsClient(kinds.get(i)) && SlowClientRig.pendingAndSilent(attackers.get(i))) {
                        held++;
                    }
                }
                long waiting =
                        kinds.stream().filter(SlowClientIT::waitsOnItsClient).count();
                assertThat(held)
                        .as("attacking requests still waiting on their client at the end")
                        .isEqualTo(waiting);
            } finally {
                normal.shutdownNow();
                for (Socket socket : attackers) {
                    closeQuietly(socket);
                }
            }
        }
    }

    /** Whether the gateway is still waiting on such a client when the attack ends (an answer is not). */
    private static boolean waitsOnItsClient(Attack kind) {
        return kind != Attack.DOWNLOAD_NOT_READ && kind != Attack.NO_CREDENTIAL_REST_BODY_STALLED;
    }

    /** Other users' requests, one after another, for as long as the attack lasts (at least 10 rounds). */
    private static List<String> normalTraffic(SlowClientRig rig) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(NORMAL_BOUND).build();
        String base = "http://127.0.0.1:" + rig.gateway.port();
        List<String> failures = new ArrayList<>();
        long end = System.nanoTime() + ATTACK.toNanos();
        for (int round = 0; round < 10 || System.nanoTime() < end; round++) {
            expect(http, failures, HttpRequest.newBuilder(URI.create(base + "/healthz")), 200, "ok\n");
            expect(
                    http,
                    failures,
                    HttpRequest.newBuilder(URI.create(base + "/dav/personal-files/bobs/note.txt"))
                            .header("Authorization", "Bearer " + rig.bob),
                    200,
                    "bob's note");
            expect(
                    http,
                    failures,
                    HttpRequest.newBuilder(URI.create(base + "/dav/personal-files/bobs/note.txt"))
                            .header("Authorization", "Bearer " + rig.bobScoped),
                    200,
                    "bob's note");
            expect(
                    http,
                    failures,
                    HttpRequest.newBuilder(URI.create(base + "/a/tree/stats"))
                            .header("Authorization", "Bearer " + rig.bobScoped)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"NodePaths\":[\"personal-files/bobs\"]}")),
                    200,
                    null);
        }
        return failures;
    }

    private static void expect(
            HttpClient http, List<String> failures, HttpRequest.Builder request, int status, String body) {
        HttpRequest built = request.timeout(NORMAL_BOUND).build();
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != status || (body != null && !body.equals(response.body()))) {
                failures.add(built.method() + " " + built.uri().getPath() + ": " + response.statusCode());
            }
        } catch (IOException e) {
            failures.add(built.method() + " " + built.uri().getPath() + ": "
                    + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("interrupted");
        }
    }

    private static Socket open(SlowClientRig rig, Attack kind) throws IOException {
        Socket socket = kind == Attack.DOWNLOAD_NOT_READ ? tinyReceiveBuffer(rig) : rig.connect("127.0.0.1");
        try {
            socket.getOutputStream().write(opening(rig, kind).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static Socket tinyReceiveBuffer(SlowClientRig rig) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", rig.gateway.port()), 5_000);
        return socket;
    }

    private static String opening(SlowClientRig rig, Attack kind) {
        return switch (kind) {
            case SCOPED_REST_BODY_STALLED, SCOPED_REST_BODY_TRICKLED ->
                rig.head(
                                "POST",
                                "/a/tree/stats",
                                List.of(
                                        "Authorization: Bearer " + rig.aliceScoped,
                                        "Content-Type: application/json",
                                        "Content-Length: 100000"))
                        + "{\"NodePaths\":[";
            case SCOPED_REST_CHUNKED_STALLED ->
                rig.head(
                                "POST",
                                "/a/tree/stats",
                                List.of(
                                        "Authorization: Bearer " + rig.aliceScoped,
                                        "Content-Type: application/json",
                                        "Transfer-Encoding: chunked"))
                        + "100\r\n{\"NodePaths\":[";
            case UNSCOPED_REST_BODY_STALLED ->
                rig.head(
                                "POST",
                                "/a/tree/create",
                                List.of(
                                        "Authorization: Bearer " + rig.aliceUnscoped,
                                        "Content-Type: application/json",
                                        "Content-Length: 100000"))
                        + "{\"Nodes\":[";
            case NO_CREDENTIAL_REST_BODY_STALLED ->
                rig.head("POST", "/a/tree/stats", List.of("Content-Type: application/json", "Content-Length: 100000"))
                        + "{";
            case TOKEN_API_BODY_STALLED ->
                rig.head(
                                "POST",
                                "/patgate/tokens",
                                List.of(
                                        "Authorization: " + Requests.basic("alice", "alice-pw"),
                                        "Content-Type: application/json",
                                        "Content-Length: 1000"))
                        + "{\"label\":";
            case HEAD_TRICKLED -> "POST /a/tree/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ";
            case DOWNLOAD_NOT_READ ->
                rig.head("GET", "/dav/personal-files/big.bin", List.of("Authorization: Bearer " + rig.aliceUnscoped));
            case MIXED -> throw new IllegalArgumentException("MIXED is made of the other kinds");
        };
    }

    private static void trickle(Socket socket, Attack kind) {
        String next = switch (kind) {
            case SCOPED_REST_BODY_TRICKLED -> " ";
            case HEAD_TRICKLED -> "a";
            default -> null;
        };
        if (next == null) {
            return;
        }
        try {
            OutputStream out = socket.getOutputStream();
            out.write(next.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the gateway closed it: the assertions at the end count that
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
