package dev.patgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.demo.DemoConfig;
import dev.patgate.demo.DemoServer;
import dev.patgate.demo.RecordedRequest;
import dev.patgate.gateway.identity.IdentitySigner;
import dev.patgate.testsupport.IdentityJws;
import dev.patgate.testsupport.Requests;
import dev.patgate.token.KeyFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real webdav-demo backend for tests, sharing the identity key of a test PATGATE_HOME
 * ({@code var/identity.key}), with a few calls made straight to it as a given user.
 */
public final class DemoBackend implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DemoServer server;
    private final IdentitySigner signer;
    private final HttpClient http = HttpClient.newHttpClient();

    private DemoBackend(DemoServer server, IdentitySigner signer) {
        this.server = server;
        this.signer = signer;
    }

    /** Starts webdav-demo on an ephemeral port, with its files under {@code home/demo-files}. */
    public static DemoBackend start(Path home, Clock clock, Consumer<RecordedRequest> listener) throws Exception {
        return start(home, clock, listener, null);
    }

    /** As {@link #start(Path, Clock, Consumer)}, with a hook run once each REST answer is ready (may be null). */
    public static DemoBackend start(
            Path home, Clock clock, Consumer<RecordedRequest> listener, Consumer<String> restAnswerListener)
            throws Exception {
        Path keyFile = home.resolve("var").resolve("identity.key");
        byte[] key = KeyFile.loadOrCreate(keyFile);
        DemoConfig.Builder config = DemoConfig.builder()
                .port(0)
                .dataDir(home.resolve("demo-files"))
                .identityKeyFile(keyFile)
                .clock(clock);
        if (listener != null) {
            config.requestListener(listener);
        }
        if (restAnswerListener != null) {
            config.restAnswerListener(restAnswerListener);
        }
        return new DemoBackend(DemoServer.start(config.build()), new IdentitySigner(key, clock));
    }

    public URI uri() {
        return server.uri();
    }

    /** {@code http://127.0.0.1:port} without a trailing slash, for gateway.yaml. */
    public String url() {
        String text = server.uri().toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** Sends a request straight to the backend as {@code login} (no gateway), e.g. to set up files. */
    public HttpResponse<String> as(String login, String method, String path, String body) throws Exception {
        return as(login, method, path, body, Map.of());
    }

    /** As {@link #as(String, String, String, String)}, with extra headers such as {@code Destination} or {@code Depth}. */
    public HttpResponse<String> as(String login, String method, String path, String body, Map<String, String> headers)
            throws Exception {
        URI uri = URI.create(url() + path);
        String target = IdentityJws.target(uri);
        HttpRequest.Builder request = Requests.builder(
                uri,
                method,
                body,
                IdentityJws.HEADER,
                signer.assertion(new AuthenticatedToken(login, "test", List.of(), null), method, target));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates a folder (with its parents) as {@code login}; {@code path} like {@code personal-files/a/b}. */
    public String mkdirs(String login, String path) throws Exception {
        HttpResponse<String> response = as(
                login, "POST", "/a/tree/create", "{\"Nodes\":[{\"Path\":\"" + path + "\",\"Type\":\"COLLECTION\"}]}");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("create " + path + ": " + response.statusCode());
        }
        return uuid(login, path);
    }

    /** Writes a file as {@code login} through WebDAV; {@code path} like {@code personal-files/a/f.txt}. */
    public String put(String login, String path, String content) throws Exception {
        HttpResponse<String> response = as(login, "PUT", "/dav/" + encode(path), content);
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("put " + path + ": " + response.statusCode());
        }
        return uuid(login, path);
    }

    /** The UUID of a node as {@code login} sees it. */
    public String uuid(String login, String path) throws Exception {
        HttpResponse<String> response = as(login, "GET", "/a/tree/stat/" + encode(path), null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("stat " + path + ": " + response.statusCode());
        }
        JsonNode node = JSON.readTree(response.body()).get("Node");
        return node.get("Uuid").textValue();
    }

    /**
     * Percent-encodes each segment's UTF-8 bytes as they are, keeping {@code /}. (A java.net.URI built
     * from raw non-ASCII text would send it in NFC, which would hide names in other forms.)
     */
    static String encode(String path) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : path.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/-._~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return encoded.toString();
    }

    @Override
    public void close() {
        server.close();
    }
}
