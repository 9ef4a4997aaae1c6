package dev.patgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.Gateway;
import dev.patgate.gateway.TestHome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property 6: broken HTTP gets a clean 4xx. Hand-written requests (clients refuse to send these)
 * with a valid token, so that the framing is the only thing wrong; each must be answered with a 4xx
 * and nothing else (no 5xx, no stack trace, no echo of the request), or, where the request cannot
 * even be answered, with a close and no 5xx. The {@link RecordingBackend} must receive nothing for
 * a request refused on its head, and never a complete request for one whose body turned out broken
 * after forwarding began (it sees that request break off).
 */
class MalformedHttpIT {

    @TempDir
    static Path home;

    private static final AtomicInteger CASES = new AtomicInteger();
    private static final List<RecordingBackend.Seen> RECEIVED = new ArrayList<>();

    private static RecordingBackend backend;
    private static Gateway gateway;
    private static String token;

    /** What the backend may have seen of a refused request. */
    enum Backend {
        /** nothing at all: refused on its head */
        NOTHING,
        /** at most a request that broke off: the body was found broken while it streamed */
        NOTHING_COMPLETE
    }

    /** One malformed request, built around a unique path and the valid token. */
    record Case(String name, Function<Ctx, String> request, boolean halfClose, boolean closeAllowed, Backend backend) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What a case may use: its own path and an Authorization line. */
    record Ctx(String path, String auth, String host) {
        String put(String headers, String body) {
            return "PUT " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + auth + headers + "\r\n" + body;
        }

        String get(String headers) {
            return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + auth + headers + "Connection: close\r\n\r\n";
        }
    }

    @BeforeAll
    static void start() throws Exception {
        backend = new RecordingBackend();
        gateway = TestHome.startGateway(home, "listen: {port: 0}\nupstream: {url: '" + backend.uri() + "'}\n");
        token = TestHome.aliceToken(gateway);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        backend.close();
    }

    private static Case head(String name, Function<Ctx, String> request) {
        return new Case(name, request, false, false, Backend.NOTHING);
    }

    /**
     * A body found broken while it streams to the backend. Jetty's parser reports a malformed chunk
     * there as an early end of the client's input, which fails the exchange; the gateway answers
     * 400 when the container can still write, and otherwise the connection closes without an
     * answer ({@link BrokenBodyRaceIT} counts how often: never a 2xx or a 5xx).
     */
    private static Case body(String name, Function<Ctx, String> request) {
        return new Case(name, request, false, true, Backend.NOTHING_COMPLETE);
    }

    private static Case cutOff(String name, Function<Ctx, String> request) {
        return new Case(name, request, true, true, Backend.NOTHING_COMPLETE);
    }

    private static final String CHUNKED = "Transfer-Encoding: chunked\r\nConnection: close\r\n";
    private static final String LENGTH5 = "Content-Length: 5\r\nConnection: close\r\n";

    static Stream<Case> malformed() {
        return Stream.of(
                // chunk sizes
                body("chunk size not hex", c -> c.put(CHUNKED, "zz\r\nhello\r\n0\r\n\r\n")),
                body("chunk size overflows", c -> c.put(CHUNKED, "ffffffffffffffffffff\r\nhello\r\n0\r\n\r\n")),
                body("chunk size negative", c -> c.put(CHUNKED, "-5\r\nhello\r\n0\r\n\r\n")),
                body("chunk size with 0x", c -> c.put(CHUNKED, "0x5\r\nhello\r\n0\r\n\r\n")),
                body("chunk size two numbers", c -> c.put(CHUNKED, "5 5\r\nhello\r\n0\r\n\r\n")),
                body("chunk size empty", c -> c.put(CHUNKED, "\r\nhello\r\n0\r\n\r\n")),
                body("chunk extension unterminated quote", c -> c.put(CHUNKED, "5;a=\"\r\nhello\r\n0\r\n\r\n")),
                body("chunk extension control byte", c -> c.put(CHUNKED, "5;a\u0001b\r\nhello\r\n0\r\n\r\n")),
                body("chunk data without CRLF", c -> c.put(CHUNKED, "5\r\nhelloXX0\r\n\r\n")),
                body("chunk data longer than size", c -> c.put(CHUNKED, "3\r\nhello\r\n0\r\n\r\n")),
                body("chunk size without CRLF", c -> c.put(CHUNKED, "5hello\r\n0\r\n\r\n")),
                body("chunks ended by bare LF", c -> c.put(CHUNKED, "5\nhello\n0\n\n")),
                body("second chunk broken", c -> c.put(CHUNKED, "5\r\nhello\r\nq\r\nworld\r\n0\r\n\r\n")),
                body("trailer without colon", c -> c.put(CHUNKED, "5\r\nhello\r\n0\r\nNoColon\r\n\r\n")),
                cutOff("chunk truncated then close", c -> c.put(CHUNKED, "5\r\nhel")),
                cutOff("chunk size truncated then close", c -> c.put(CHUNKED, "5\r\nhello\r\n")),
                cutOff("content-length body short then close", c -> c.put(LENGTH5, "hel")),
                // lengths and codings
                head(
                        "content-length and transfer-encoding",
                        c -> c.put("Content-Length: 5\r\n" + CHUNKED, "5\r\nhello\r\n0\r\n\r\n")),
                head(
                        "transfer-encoding and content-length",
                        c -> c.put(CHUNKED + "Content-Length: 5\r\n", "5\r\nhello\r\n0\r\n\r\n")),
                head(
                        "two different content-lengths",
                        c -> c.put("Content-Length: 5\r\n" + LENGTH5.replace('5', '6'), "hello!")),
                head(
                        "two content-lengths in one field",
                        c -> c.put("Content-Length: 5, 6\r\nConnection: close\r\n", "hello!")),
                head("content-length with junk", c -> c.put("Content-Length: 5x\r\nConnection: close\r\n", "hello")),
                head("content-length negative", c -> c.put("Content-Length: -1\r\nConnection: close\r\n", "hello")),
                head("content-length with plus", c -> c.put("Content-Length: +5\r\nConnection: close\r\n", "hello")),
                head(
                        "content-length overflows",
                        c -> c.put("Content-Length: 99999999999999999999999\r\nConnection: close\r\n", "hello")),
                head("content-length hex", c -> c.put("Content-Length: 0x5\r\nConnection: close\r\n", "hello")),
                head(
                        "transfer-encoding gzip alone",
                        c -> c.put("Transfer-Encoding: gzip\r\nConnection: close\r\n", "hello")),
                head(
                        "transfer-encoding chunked not last",
                        c -> c.put(
                                "Transfer-Encoding: chunked, gzip\r\nConnection: close\r\n",
                                "5\r\nhello\r\n0\r\n\r\n")),
                head(
                        "transfer-encoding gzip then chunked",
                        c -> c.put(
                                "Transfer-Encoding: gzip, chunked\r\nConnection: close\r\n",
                                "5\r\nhello\r\n0\r\n\r\n")),
                head(
                        "transfer-encoding two fields gzip and chunked",
                        c -> c.put("Transfer-Encoding: gzip\r\n" + CHUNKED, "5\r\nhello\r\n0\r\n\r\n")),
                head(
                        "transfer-encoding chunked twice",
                        c -> c.put(
                                "Transfer-Encoding: chunked, chunked\r\nConnection: close\r\n",
                                "5\r\nhello\r\n0\r\n\r\n")),
                head(
                        "transfer-encoding identity",
                        c -> c.put("Transfer-Encoding: identity\r\nConnection: close\r\n", "hello")),
                head(
                        "transfer-encoding unknown token",
                        c -> c.put(
                                "Transfer-Encoding: x-evil, chunked\r\nConnection: close\r\n",
                                "5\r\nhello\r\n0\r\n\r\n")),
                head("content-encoding unknown", c -> c.put("Content-Encoding: x-evil\r\n" + LENGTH5, "hello")),
                head(
                        "content-encoding with parameter",
                        c -> c.put("Content-Encoding: gzip;q=1\r\n" + LENGTH5, "hello")),
                head(
                        "content-encoding list with unknown",
                        c -> c.put("Content-Encoding: gzip, evil\r\n" + LENGTH5, "hello")),
                head("content-encoding empty element", c -> c.put("Content-Encoding: ,\r\n" + LENGTH5, "hello")),
                // header syntax
                head("obsolete line folding", c -> c.put("X-Folded: a\r\n b\r\n" + LENGTH5, "hello")),
                head("header without colon", c -> c.put("NoColon\r\n" + LENGTH5, "hello")),
                head("space before colon", c -> c.put("Content-Length : 5\r\nConnection: close\r\n", "hello")),
                head("header name with space", c -> c.put("X Bad: 1\r\n" + LENGTH5, "hello")),
                head("header name empty", c -> c.put(": 1\r\n" + LENGTH5, "hello")),
                head("NUL in header value", c -> c.put("X-Nul: a\0b\r\n" + LENGTH5, "hello")),
                head("control byte in header value", c -> c.put("X-Ctl: a\u0001b\r\n" + LENGTH5, "hello")),
                head("DEL in header value", c -> c.put("X-Del: a\u007fb\r\n" + LENGTH5, "hello")),
                head("bare CR in header value", c -> c.put("X-Cr: a\rb\r\n" + LENGTH5, "hello")),
                head("NUL in header name", c -> c.put("X-N\0ul: ab\r\n" + LENGTH5, "hello")),
                head("overlong header", c -> c.get("X-Long: " + "a".repeat(20_000) + "\r\n")),
                head("too many header bytes", c -> c.get("X-Many: a\r\n".repeat(2_000))),
                head("no Host", c -> "GET " + c.path() + " HTTP/1.1\r\n" + c.auth() + "Connection: close\r\n\r\n"),
                head("two Hosts", c -> c.get("Host: evil.example\r\n")),
                head(
                        "Host with space",
                        c -> "GET " + c.path() + " HTTP/1.1\r\nHost: a b\r\n" + c.auth() + "Connection: close\r\n\r\n"),
                head(
                        "Host with path",
                        c -> "GET " + c.path() + " HTTP/1.1\r\nHost: evil/x\r\n" + c.auth()
                                + "Connection: close\r\n\r\n"),
                head(
                        "Host empty",
                        c -> "GET " + c.path() + " HTTP/1.1\r\nHost: \r\n" + c.auth() + "Connection: close\r\n\r\n"),
                head("unknown expectation", c -> c.put("Expect: 101-dance\r\n" + LENGTH5, "hello")),
                // request line and target
                head(
                        "NUL in target",
                        c -> "GET " + c.path() + "\0x HTTP/1.1\r\nHost: " + c.host() + "\r\n" + c.auth()
                                + "Connection: close\r\n\r\n"),
                head(
                        "control byte in target",
                        c -> "GET " + c.path() + "\u0001x HTTP/1.1\r\nHost: " + c.host() + "\r\n" + c.auth()
                                + "Connection: close\r\n\r\n"),
                head(
                        "DEL in target",
                        c -> "GET " + c.path() + "\u007fx HTTP/1.1\r\nHost: " + c.host() + "\r\n" + c.auth()
                                + "Connection: close\r\n\r\n"),
                head(
                        "space in target",
                        c -> "GET " + c.path() + " x HTTP/1.1\r\nHost: " + c.host() + "\r\n" + c.auth()
                                + "Connection: close\r\n\r\n"),
                head(
                        "overlong target",
                        c -> "GET " + c.path() + "/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: " + c.host() + "\r\n"
                                + c.auth() + "Connection: close\r\n\r\n"),
                head("percent not hex", c -> target(c, c.path() + "%zz")),
                head("percent truncated", c -> target(c, c.path() + "%2")),
                head("percent alone", c -> target(c, c.path() + "%")),
                head("percent-u escape", c -> target(c, c.path() + "%u0041")),
                head("overlong UTF-8", c -> target(c, c.path() + "%C0%AF")),
                head("truncated UTF-8", c -> target(c, c.path() + "%C3")),
                head("invalid UTF-8 byte", c -> target(c, c.path() + "%FF")),
                head("encoded NUL", c -> target(c, c.path() + "%00")),
                head("percent in query not hex", c -> target(c, c.path() + "?a=%zz")),
                head("fragment in target", c -> target(c, c.path() + "#frag")),
                head("HTTP/0.9", c -> "GET " + c.path() + "\r\n"),
                head("HTTP/2 preface on the plain port", c -> "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
                head(
                        "unknown HTTP version",
                        c -> "GET " + c.path() + " HTTP/1.7\r\nHost: " + c.host() + "\r\n" + c.auth()
                                + "Connection: close\r\n\r\n"),
                head(
                        "HTTP/3.0 on HTTP/1",
                        c -> "GET " + c.path() + " HTTP/3.0\r\nHost: " + c.host() + "\r\n" + c.auth()
                                + "Connection: close\r\n\r\n"),
                head(
                        "version garbage",
                        c -> "GET " + c.path() + " HTTQ/1.1\r\nHost: " + c.host() + "\r\n" + c.auth()
                                + "Connection: close\r\n\r\n"),
                head(
                        "absolute-form to another host",
                        c -> "GET http://evil.example" + c.path() + " HTTP/1.1\r\nHost: " + c.host() + "\r\n" + c.auth()
                                + "Connection: close\r\n\r\n"),
                head(
                        "absolute-form with user info",
                        c -> "GET http://alice@" + c.host() + c.path() + " HTTP/1.1\r\nHost: " + c.host() + "\r\n"
                                + c.auth() + "Connection: close\r\n\r\n"),
                head(
                        "authority-form on GET",
                        c -> "GET " + c.host() + " HTTP/1.1\r\nHost: " + c.host() + "\r\n" + c.auth()
                                + "Connection: close\r\n\r\n"),
                head(
                        "CONNECT to another host",
                        c -> "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n" + c.auth()
                                + "Connection: close\r\n\r\n"),
                head(
                        "method with a slash",
                        c -> "GE/T " + c.path() + " HTTP/1.1\r\nHost: " + c.host() + "\r\n" + c.auth()
                                + "Connection: close\r\n\r\n"),
                head("request line of spaces", c -> "   \r\n\r\n"));
    }

    /** The cases whose body breaks only after the request was forwarded, with the client still there. */
    static Stream<Case> brokenMidStream() {
        return malformed().filter(c -> c.backend() == Backend.NOTHING_COMPLETE && !c.halfClose());
    }

    private static String target(Ctx c, String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: " + c.host() + "\r\n" + c.auth() + "Connection: close\r\n\r\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void requestWhenMalformedThenA4xxOrACloseNever5xxAndBackendGetsNoCompleteRequest(Case malformed) throws Exception {
        String path = "/dav/personal-files/malformed-" + CASES.incrementAndGet();
        Ctx ctx = new Ctx(path, "Authorization: Bearer " + token + "\r\n", "127.0.0.1:" + gateway.port());
        byte[] request = malformed.request().apply(ctx).getBytes(StandardCharsets.ISO_8859_1);

        RawHttp.Answer answer = RawHttp.exchange(gateway.port(), request, malformed.halfClose(), 5_000);

        if (answer.timedOut()) {
            assertThat(answer.firstStatus())
                    .as("no answer within 5 s; got %s", answer.text())
                    .isBetween(400, 499);
        }
        assertThat(answer.statusLines())
                .as(answer.text())
                .noneMatch(line -> line.matches("HTTP/1\\.\\d [5]\\d\\d.*"))
                .noneMatch(line -> line.matches("HTTP/1\\.\\d [23]\\d\\d.*"));
        if (answer.statusLines().isEmpty()) {
            assertThat(malformed.closeAllowed()).as("closed without an answer").isTrue();
        } else {
            assertThat(answer.firstStatus()).as(answer.text()).isBetween(400, 499);
        }
        assertThat(answer.text())
                .doesNotContain("malformed-")
                .doesNotContain("evil")
                .doesNotContain(token)
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("<html");
        assertBackendGotNoCompleteRequest(path, malformed.backend());
    }

    @Test
    void requestWhenWellFormedAfterTheMalformedOnesThenForwardedIntact() throws Exception {
        String request = "PUT /dav/personal-files/after-malformed HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + token + "\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\nConnection: close\r\n\r\n"
                + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n";

        RawHttp.Answer answer = RawHttp.exchange(gateway.port(), request, 10_000);

        assertThat(answer.firstStatus()).as(answer.text()).isEqualTo(200);
        RecordingBackend.Seen seen = backend.next();
        assertThat(seen.rawUri()).isEqualTo("/dav/personal-files/after-malformed");
        assertThat(seen.bodyBytes()).isEqualTo(11);
        assertThat(seen.header("Content-Encoding")).containsExactly("gzip");
    }

    private static void assertBackendGotNoCompleteRequest(String path, Backend expected) {
        synchronized (RECEIVED) {
            RECEIVED.addAll(backend.drain());
            List<RecordingBackend.Seen> forThis = RECEIVED.stream()
                    .filter(seen ->
                            seen.rawUri().startsWith(path) && seen.rawUri().length() >= path.length())
                    .filter(seen -> seen.rawUri().equals(path)
                            || !Character.isDigit(seen.rawUri().charAt(path.length())))
                    .toList();
            if (expected == Backend.NOTHING) {
                assertThat(forThis).as("reached the backend").isEmpty();
            } else {
                assertThat(forThis)
                        .as("a complete request reached the backend")
                        .allMatch(seen -> seen.bodySha256().equals(RecordingBackend.INCOMPLETE));
            }
        }
    }

    @AfterAll
    static void nothingArrivedLate() {
        // a late arrival for a head-refused case would have been a forwarded request: check them all again
        RECEIVED.addAll(backend.drain());
        assertThat(RECEIVED)
                .allMatch(seen -> seen.bodySha256().equals(RecordingBackend.INCOMPLETE)
                        || seen.rawUri().equals("/dav/personal-files/after-malformed"));
    }
}
