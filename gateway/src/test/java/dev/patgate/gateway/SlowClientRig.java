package dev.patgate.gateway;

import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.config.ClientsConfig;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.LimitsConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.ScopesConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.Scope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * webdav-demo and a gateway in front of it with given client limits, alice's and bob's files, and
 * raw sockets to the gateway for clients that send or read as slowly as they like.
 */
final class SlowClientRig implements AutoCloseable {

    static final String CASE_HEADER = "X-Slow-Case";

    final DemoBackend backend;
    final Gateway gateway;
    /** alice, scoped to personal-files/proj (rw). */
    final String aliceScoped;
    /** alice, unscoped. */
    final String aliceUnscoped;
    /** bob, unscoped: the "other user" whose requests must keep working. */
    final String bob;
    /** bob, scoped to his own folder (r). */
    final String bobScoped;
    /** Values of {@value #CASE_HEADER} the backend has seen. */
    final Set<String> reached;

    private SlowClientRig(DemoBackend backend, Gateway gateway, Set<String> reached) throws Exception {
        this.backend = backend;
        this.gateway = gateway;
        this.reached = reached;
        String proj = backend.mkdirs("alice", "personal-files/proj");
        backend.put("alice", "personal-files/proj/a.txt", "alpha");
        String bobs = backend.mkdirs("bob", "personal-files/bobs");
        backend.put("bob", "personal-files/bobs/note.txt", "bob's note");
        aliceScoped = issue("alice", "node:" + proj + ":rw");
        aliceUnscoped = issue("alice");
        bob = issue("bob");
        bobScoped = issue("bob", "node:" + bobs + ":r");
    }

    static SlowClientRig start(Path home, ClientsConfig clients) throws Exception {
        return start(home, clients, ScopesConfig.DEFAULT);
    }

    static SlowClientRig start(Path home, ClientsConfig clients, ScopesConfig scopes) throws Exception {
        TestClock clock = TestClock.atDefaultStart();
        Set<String> reached = ConcurrentHashMap.newKeySet();
        DemoBackend backend = DemoBackend.start(home, clock, seen -> reached.addAll(seen.header(CASE_HEADER)));
        Gateway gateway = null;
        try {
            TestHome.create(home, backend.url());
            gateway = Gateway.start(
                    GatewayConfig.defaults(home)
                            .withListen(ListenConfig.DEFAULT.withPort(0))
                            .withUpstream(UpstreamConfig.DEFAULT.withUrl(backend.uri()))
                            .withLimits(LimitsConfig.DEFAULT.withFreeFailures(1_000_000))
                            .withScopes(scopes)
                            .withClients(clients),
                    clock);
            return new SlowClientRig(backend, gateway, reached);
        } catch (Exception | Error e) {
            if (gateway != null) {
                gateway.close();
            }
            backend.close();
            throw e;
        }
    }

    private String issue(String login, String... scopes) {
        return gateway.issuer()
                .issue(new TokenRequest(
                        login,
                        "slow-client-it",
                        "test",
                        Duration.ofDays(30),
                        null,
                        Arrays.stream(scopes).map(Scope::parse).toList()))
                .plaintext();
    }

    /** A request head for the gateway, ending with the blank line; {@code headers} are whole lines. */
    String head(String method, String path, List<String> headers) {
        StringBuilder head = new StringBuilder(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:")
                .append(gateway.port())
                .append("\r\n");
        headers.forEach(line -> head.append(line).append("\r\n"));
        return head.append("\r\n").toString();
    }

    /** A socket to the gateway from {@code localAddress} (any 127.x.y.z on Linux), reads timing out after 10 s. */
    Socket connect(String localAddress) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
            socket.setSoTimeout(10_000);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** The answer's status line and headers, read until the blank line (or the end, when cut off). */
    static String readHead(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whether the connection is still open and has said nothing yet (a read finds nothing within 20 ms). */
    static boolean pendingAndSilent(Socket socket) {
        try {
            socket.setSoTimeout(20);
            socket.getInputStream().read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the gateway has closed the connection: a read ends (EOF or reset) within {@code timeout}. */
    static boolean closedByGateway(Socket socket, Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // drain whatever answer came first
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
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
