package dev.patgate.gateway;

import dev.patgate.demo.DemoConfig;
import dev.patgate.demo.DemoServer;
import dev.patgate.demo.RecordedRequest;
import dev.patgate.demo.cells.CellsAccounts;
import dev.patgate.demo.cells.CellsToken;
import dev.patgate.demo.cells.CellsUser;
import dev.patgate.testsupport.Requests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A real webdav-demo in {@code --auth cells} mode for gateway tests: a Cells stand-in that accepts only
 * the personal tokens it minted (Bearer on REST, basic {@code login:token} on {@code /dav/}), with
 * users admin, alice and bob, and Cells' token, impersonation and user endpoints.
 *
 * <pre>{@code
 * TestClock clock = TestClock.atDefaultStart();
 * try (CellsStandIn cells = CellsStandIn.start(home, clock)) {
 *     // gateway.yaml: upstream.url = cells.url(), identity: cells,
 *     //   cells.admin_token_file = cells.adminTokenFile()
 *     cells.lock("alice");
 *     assertThat(cells.recorded()).allSatisfy(r -> assertThat(r.header("Authorization")) ...);
 * }
 * }</pre>
 *
 * The stand-in and the gateway should share {@code clock}, so that moving it ages both the patgate
 * tokens and the Cells tokens.
 */
public final class CellsStandIn implements AutoCloseable {

    /** Where {@link #start(Path, Clock)} has the stand-in write its admin token, under the home. */
    public static final String ADMIN_TOKEN_FILE = "var/cells-admin.token";

    private final DemoServer server;
    private final Path adminTokenFile;
    private final Clock clock;
    private final List<RecordedRequest> recorded;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private CellsStandIn(DemoServer server, Path adminTokenFile, Clock clock, List<RecordedRequest> recorded) {
        this.server = server;
        this.adminTokenFile = adminTokenFile;
        this.clock = clock;
        this.recorded = recorded;
    }

    /**
     * Starts the stand-in on an ephemeral port, with its files under {@code home/cells-files} and its
     * admin token written to {@code home/}{@value #ADMIN_TOKEN_FILE} (owner-only).
     */
    public static CellsStandIn start(Path home, Clock clock) throws Exception {
        List<RecordedRequest> recorded = new CopyOnWriteArrayList<>();
        Path adminTokenFile = home.resolve(ADMIN_TOKEN_FILE);
        DemoServer server = DemoServer.start(DemoConfig.builder()
                .port(0)
                .dataDir(home.resolve("cells-files"))
                .auth(DemoConfig.Auth.CELLS)
                .adminTokenFile(adminTokenFile)
                .clock(clock)
                .requestListener(recorded::add)
                .build());
        return new CellsStandIn(server, adminTokenFile, clock, recorded);
    }

    /** {@code http://127.0.0.1:port} without a trailing slash, for gateway.yaml's {@code upstream.url}. */
    public String url() {
        String text = server.uri().toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    public URI uri() {
        return server.uri();
    }

    /** The file holding the admin token, for {@code upstream.cells.admin_token_file}. */
    public Path adminTokenFile() {
        return adminTokenFile;
    }

    /** The stand-in's admin token (what {@link #adminTokenFile()} holds). */
    public String adminToken() {
        return server.cells().adminToken();
    }

    /** The clock the stand-in decides expiry with. */
    public Clock clock() {
        return clock;
    }

    /** The users and tokens themselves: add, lock, unlock, delete users; mint, list, delete tokens. */
    public CellsAccounts accounts() {
        return server.cells();
    }

    /** Adds a standard user. */
    public CellsUser addUser(String login) {
        return server.cells().addUser(login);
    }

    /** Sets the user's {@code logout} lock, as Cells does: its tokens are refused. */
    public void lock(String login) {
        server.cells().lock(login);
    }

    public void unlock(String login) {
        server.cells().unlock(login);
    }

    /** Deletes the user and its tokens. */
    public boolean deleteUser(String login) {
        return server.cells().deleteUser(login);
    }

    /** The Cells tokens of {@code login} (every token when null), as the stand-in holds them. */
    public List<CellsToken> tokens(String login) {
        return server.cells().tokens(login);
    }

    /** Mints a sliding personal token for {@code login} straight at the stand-in (no HTTP). */
    public String mint(String login, Duration window) {
        return server.cells().mint(login, window);
    }

    /** Every request the stand-in received, in order, before any check. */
    public List<RecordedRequest> recorded() {
        return List.copyOf(recorded);
    }

    /** The recorded requests that match. */
    public List<RecordedRequest> recorded(Predicate<RecordedRequest> filter) {
        return recorded.stream().filter(filter).toList();
    }

    /** Forgets the requests recorded so far. */
    public void clearRecorded() {
        recorded.clear();
    }

    /** Sends a request straight to the stand-in with {@code Authorization: Bearer token} (no gateway). */
    public HttpResponse<String> bearer(String token, String method, String path, String body) throws Exception {
        HttpRequest request = Requests.builder(
                        URI.create(url() + path), method, body, "Authorization", "Bearer " + token)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request straight to the stand-in as {@code login} with a fresh token of its own (no gateway). */
    public HttpResponse<String> as(String login, String method, String path, String body) throws Exception {
        String token = mint(login, Duration.ofHours(1));
        if (path.startsWith("/dav/")) {
            HttpRequest request = Requests.builder(
                            URI.create(url() + path), method, body, "Authorization", Requests.basic(login, token))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        return bearer(token, method, path, body);
    }

    @Override
    public void close() {
        server.close();
    }
}
