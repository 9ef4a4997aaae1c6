package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.auth.TokenRequest;
import dev.patgate.demo.RecordedRequest;
import dev.patgate.demo.cells.CellsAccounts;
import dev.patgate.demo.cells.CellsToken;
import dev.patgate.gateway.config.CellsConfig;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.LimitsConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.store.TokenRecord;
import dev.patgate.testsupport.LogCapture;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream mode {@code cells}, Enterprise, in front of the Cells stand-in: every forwarded request
 * carries the user's own Cells token (Bearer on REST, basic on WebDAV) and never the patgate token;
 * the Cells token is renewed before it lapses, revoked with the user's last patgate token, and a
 * user locked in Cells is refused after the next users check.
 */
class CellsModeIT {

    private static final String STAT = "/a/tree/stat/personal-files";
    private static final String DAV = "/dav/personal-files/";

    @TempDir
    Path home;

    private final TestClock clock = TestClock.atDefaultStart();
    private final HttpClient http = HttpClient.newHttpClient();
    private CellsStandIn cells;
    private Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (cells != null) {
            cells.close();
        }
    }

    private void start(Duration window) throws Exception {
        cells = CellsStandIn.start(home, clock);
        gateway = startGateway(CellsConfig.enterprise(cells.adminTokenFile().toString())
                .withIntervals(window, Duration.ofSeconds(30)));
    }

    private Gateway startGateway(CellsConfig section) throws Exception {
        TestHome.create(home, cells.url());
        return Gateway.start(
                GatewayConfig.defaults(home)
                        .withListen(ListenConfig.DEFAULT.withPort(0))
                        .withUpstream(
                                UpstreamConfig.DEFAULT.withUrl(cells.uri()).withCells(section))
                        .withLimits(LimitsConfig.DEFAULT.withFreeFailures(100_000)),
                clock);
    }

    private String token(String login) {
        return gateway.issuer()
                .issue(new TokenRequest(login, "cells-it", "test", Duration.ofDays(30), null, List.of()))
                .plaintext();
    }

    private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        return http.send(
                Requests.builder(URI.create(gateway.uri() + path), method, null, headers)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> bearer(String patgateToken, String method, String path, String... more)
            throws Exception {
        String[] headers = new String[more.length + 2];
        headers[0] = "Authorization";
        headers[1] = "Bearer " + patgateToken;
        System.arraycopy(more, 0, headers, 2, more.length);
        return send(method, path, headers);
    }

    /** The Cells tokens patgate minted for {@code login}, as the stand-in holds them. */
    private List<CellsToken> minted(String login) {
        return cells.tokens(login).stream()
                .filter(t -> t.label().startsWith("patgate gateway (" + login + ")"))
                .toList();
    }

    /** The Cells token a recorded request carried, from its Authorization header. */
    private static String cellsTokenOf(RecordedRequest request, String login) {
        String authorization = request.header("Authorization").get(0);
        if (authorization.startsWith("Bearer ")) {
            return authorization.substring("Bearer ".length());
        }
        assertThat(authorization).startsWith("Basic ");
        String pair = new String(
                Base64.getDecoder().decode(authorization.substring("Basic ".length())), StandardCharsets.UTF_8);
        assertThat(pair).startsWith(login + ":");
        return pair.substring(login.length() + 1);
    }

    private List<RecordedRequest> recordedAt(String path) {
        return cells.recorded(r -> r.uri().startsWith(path));
    }

    private static boolean mentions(RecordedRequest request, String secret) {
        return request.uri().contains(secret)
                || request.headers().values().stream()
                        .flatMap(List::stream)
                        .anyMatch(value ->
                                value.contains(secret) || decodedBasic(value).contains(secret));
    }

    private static String decodedBasic(String value) {
        if (!value.startsWith("Basic ")) {
            return "";
        }
        try {
            return new String(Base64.getDecoder().decode(value.substring(6)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    @Test
    void requestWhenBearerOrBasicThenTheStandInGetsTheUsersCellsTokenAndNeverThePatgateToken() throws Exception {
        start(Duration.ofHours(24));
        String patgate = token("alice");

        HttpResponse<String> rest = bearer(patgate, "GET", STAT);
        HttpResponse<String> dav =
                send("PROPFIND", DAV, "Authorization", Requests.basic("alice", patgate), "Depth", "1");

        assertThat(rest.statusCode()).isEqualTo(200);
        assertThat(dav.statusCode()).isEqualTo(207);
        RecordedRequest restSeen = recordedAt(STAT).get(0);
        RecordedRequest davSeen = recordedAt(DAV).get(0);
        assertThat(restSeen.header("Authorization").get(0)).startsWith("Bearer ");
        assertThat(davSeen.header("Authorization").get(0)).startsWith("Basic ");
        List<String> aliceHashes =
                minted("alice").stream().map(CellsToken::hash).toList();
        assertThat(aliceHashes).hasSize(1);
        assertThat(CellsAccounts.hash(cellsTokenOf(restSeen, "alice"))).isEqualTo(aliceHashes.get(0));
        assertThat(CellsAccounts.hash(cellsTokenOf(davSeen, "alice"))).isEqualTo(aliceHashes.get(0));
        assertThat(cells.recorded()).noneMatch(r -> mentions(r, patgate));
        assertThat(cells.recorded()).noneMatch(r -> r.hasHeader("X-Patgate-Identity"));
    }

    @Test
    void scopedWhenTheNodeIsResolvedThenTheLookupIsMadeWithTheUsersCellsToken() throws Exception {
        start(Duration.ofHours(24));
        assertThat(cells.as(
                                "alice",
                                "POST",
                                "/a/tree/create",
                                "{\"Nodes\":[{\"Path\":\"personal-files/scoped\"," + "\"Type\":\"COLLECTION\"}]}")
                        .statusCode())
                .isEqualTo(200);
        String stat = cells.as("alice", "GET", STAT + "/scoped", null).body();
        String uuid = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(stat)
                .get("Node")
                .get("Uuid")
                .textValue();
        String scoped = gateway.issuer()
                .issue(new TokenRequest(
                        "alice",
                        "scoped",
                        "test",
                        Duration.ofDays(1),
                        null,
                        List.of(dev.patgate.token.Scope.parse("node:" + uuid + ":r"))))
                .plaintext();
        cells.clearRecorded();

        assertThat(bearer(scoped, "GET", STAT + "/scoped").statusCode()).isEqualTo(200);
        assertThat(bearer(scoped, "GET", STAT).statusCode()).isEqualTo(403);

        List<RecordedRequest> lookups = cells.recorded(r -> r.uri().startsWith("/n/node/"));
        assertThat(lookups).isNotEmpty();
        assertThat(CellsAccounts.hash(cellsTokenOf(lookups.get(0), "alice")))
                .isEqualTo(minted("alice").get(0).hash());
        assertThat(cells.recorded()).noneMatch(r -> mentions(r, scoped));
    }

    @Test
    void tokenApiWhenTheOwnerIsLockedInCellsThenRefused() throws Exception {
        start(Duration.ofHours(24));
        cells.lock("bob");

        HttpResponse<String> created = http.send(
                Requests.builder(
                                URI.create(gateway.uri() + "/patgate/tokens"),
                                "POST",
                                "{\"auto\": \"1d\"}",
                                "Authorization",
                                Requests.basic("bob", "bob-pw"),
                                "Content-Type",
                                "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(created.statusCode()).isEqualTo(400);
        assertThat(created.body()).contains("locked in Cells");
        assertThat(gateway.store().findByLogin("bob")).isEmpty();
    }

    @Test
    void requestWhenTwoUsersThenEachArrivesWithTheirOwnCellsToken() throws Exception {
        start(Duration.ofHours(24));

        assertThat(bearer(token("alice"), "GET", STAT).statusCode()).isEqualTo(200);
        assertThat(bearer(token("bob"), "GET", STAT).statusCode()).isEqualTo(200);

        List<RecordedRequest> seen = recordedAt(STAT);
        assertThat(CellsAccounts.hash(cellsTokenOf(seen.get(0), "alice")))
                .isEqualTo(minted("alice").get(0).hash());
        assertThat(CellsAccounts.hash(cellsTokenOf(seen.get(1), "bob")))
                .isEqualTo(minted("bob").get(0).hash());
        assertThat(minted("alice").get(0).autoRefreshWindow()).isEqualTo(24 * 3600);
    }

    @Test
    void requestWhenClientSmugglesPydioCredentialsThenNoneReachesTheStandIn() throws Exception {
        start(Duration.ofHours(24));
        String patgate = token("alice");
        String admin = cells.adminToken();

        HttpResponse<String> answer = bearer(
                patgate,
                "GET",
                STAT + "?pydio_jwt=" + admin + "&keep=1&PYDIO_JWT=" + admin + "&%70ydio_jwt=" + admin,
                "X-Pydio-Bearer",
                admin,
                "X-Pydio-User",
                "admin");
        HttpResponse<String> dav = send(
                "PROPFIND",
                DAV + "?pydio_jwt=" + admin,
                "Authorization",
                Requests.basic("alice", patgate),
                "x-pydio-bearer",
                admin,
                "Depth",
                "0");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(dav.statusCode()).isEqualTo(207);
        RecordedRequest seen = recordedAt(STAT).get(0);
        assertThat(seen.uri()).isEqualTo(STAT + "?keep=1");
        assertThat(recordedAt(DAV).get(0).uri()).isEqualTo(DAV);
        assertThat(cells.recorded())
                .isNotEmpty()
                .noneMatch(r -> r.hasHeader("X-Pydio-Bearer") || r.hasHeader("X-Pydio-User"))
                .noneMatch(r ->
                        r.uri().toLowerCase().contains("pydio_jwt") || r.uri().contains("%70ydio"));
        assertThat(recordedAt(STAT)).noneMatch(r -> mentions(r, admin));
    }

    @Test
    void renewalWhenTheClockPassesManyWindowsThenNoRequestFailsAndOldTokensAreDeleted() throws Exception {
        start(Duration.ofHours(1));
        String patgate = token("alice");
        assertThat(bearer(patgate, "GET", STAT).statusCode()).isEqualTo(200);
        String first = minted("alice").get(0).uuid();

        // 3 hours in 5-minute steps, the background upkeep running at each step as it would every 30 s
        for (int step = 0; step < 36; step++) {
            clock.advance(Duration.ofMinutes(5));
            gateway.checkCells();
            assertThat(bearer(patgate, "GET", STAT).statusCode())
                    .as("request after %d minutes", (step + 1) * 5)
                    .isEqualTo(200);
        }

        List<CellsToken> now = minted("alice");
        assertThat(now).extracting(CellsToken::uuid).doesNotContain(first);
        assertThat(now).hasSizeLessThanOrEqualTo(2);
        assertThat(cells.recorded(r -> r.uri().startsWith("/a/auth/token/impersonate")))
                .hasSizeGreaterThanOrEqualTo(4);
        RecordedRequest last = recordedAt(STAT).get(recordedAt(STAT).size() - 1);
        assertThat(now).extracting(CellsToken::hash).contains(CellsAccounts.hash(cellsTokenOf(last, "alice")));
    }

    @Test
    void renewalWhenUnusedForLongerThanTheWindowThenTheNextRequestStillSucceeds() throws Exception {
        start(Duration.ofHours(1));
        String patgate = token("alice");
        assertThat(bearer(patgate, "GET", STAT).statusCode()).isEqualTo(200);

        // the gateway's upkeep did not run (as if stopped): the Cells token lapsed at the stand-in
        clock.advance(Duration.ofMinutes(61));

        assertThat(bearer(patgate, "GET", STAT).statusCode()).isEqualTo(200);
    }

    @Test
    void revocationWhenTheLastPatgateTokenIsRevokedThenTheCellsTokenIsRevokedAtTheStandIn() throws Exception {
        start(Duration.ofHours(24));
        String first = token("alice");
        String second = token("alice");
        assertThat(bearer(first, "GET", STAT).statusCode()).isEqualTo(200);
        assertThat(minted("alice")).hasSize(1);
        List<TokenRecord> records = gateway.store().findByLogin("alice");

        gateway.store().revoke(records.get(0).id(), clock.instant());
        gateway.checkCells();
        assertThat(minted("alice")).as("one patgate token is left").hasSize(1);

        HttpResponse<String> revoked = http.send(
                Requests.builder(
                                URI.create(gateway.uri() + "/patgate/tokens/"
                                        + records.get(1).id()),
                                "DELETE",
                                null,
                                "Authorization",
                                Requests.basic("alice", "alice-pw"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).isEqualTo(204);
        gateway.checkCells();

        assertThat(minted("alice")).isEmpty();
        assertThat(cells.recorded(r -> r.method().equals("DELETE") && r.uri().startsWith("/a/auth/tokens/")))
                .isNotEmpty();
        assertThat(bearer(second, "GET", STAT).statusCode()).isEqualTo(401);
    }

    @Test
    void lockedWhenTheUserIsLockedInCellsThenRefusedAfterTheNextUsersCheck() throws Exception {
        start(Duration.ofHours(24));
        String patgate = token("alice");
        assertThat(bearer(patgate, "GET", STAT).statusCode()).isEqualTo(200);

        cells.lock("alice");
        gateway.checkCells(); // what the gateway does every users_check_interval
        HttpResponse<String> locked = bearer(patgate, "GET", STAT);
        int seenWhileLocked = recordedAt(STAT).size();

        cells.unlock("alice");
        gateway.checkCells();
        HttpResponse<String> unlocked = bearer(patgate, "GET", STAT);

        assertThat(locked.statusCode()).isEqualTo(401);
        assertThat(seenWhileLocked)
                .as("the locked user's request never reached Cells")
                .isEqualTo(1);
        assertThat(unlocked.statusCode()).isEqualTo(200);
    }

    @Test
    void deletedWhenTheUserIsDeletedInCellsThenRefusedAndItsCellsTokenForgotten() throws Exception {
        start(Duration.ofHours(24));
        String patgate = token("bob");
        assertThat(bearer(patgate, "GET", STAT).statusCode()).isEqualTo(200);

        cells.deleteUser("bob");
        gateway.checkCells();

        assertThat(bearer(patgate, "GET", STAT).statusCode()).isEqualTo(401);
        assertThat(minted("bob")).isEmpty();
    }

    @Test
    void failureWhenTheStandInIsDownThen502() throws Exception {
        start(Duration.ofHours(24));
        String alice = token("alice");
        String bob = token("bob");
        assertThat(bearer(alice, "GET", STAT).statusCode()).isEqualTo(200);

        cells.close();

        assertThat(bearer(alice, "GET", STAT).statusCode())
                .as("credential known")
                .isEqualTo(502);
        assertThat(bearer(bob, "GET", STAT).statusCode())
                .as("credential to be minted")
                .isEqualTo(502);
    }

    @Test
    void failureWhenImpersonationIsRefusedThen503AndOneOperatorLineWithoutSecrets() throws Exception {
        cells = CellsStandIn.start(home, clock);
        Path wrong = home.resolve("var/wrong-admin.token");
        String notAdmin = cells.mint("alice", Duration.ofDays(1));
        Files.writeString(wrong, notAdmin + "\n");
        Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
        gateway = startGateway(CellsConfig.enterprise(wrong.toString()));
        String patgate = token("bob");

        HttpResponse<String> refused;
        String logged;
        try (LogCapture log = LogCapture.start()) {
            refused = bearer(patgate, "GET", STAT);
            logged = log.text();
        }

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).doesNotContain(notAdmin).doesNotContain(patgate);
        assertThat(logged.lines().filter(line -> line.contains("cannot mint a Cells token")))
                .hasSize(1);
        assertThat(logged).doesNotContain(notAdmin).doesNotContain(patgate).doesNotContain(cells.adminToken());
        assertThat(recordedAt(STAT)).isEmpty();
    }

    @Test
    void startWhenTheAdminTokenFileIsReadableByOthersThenRefused() throws Exception {
        cells = CellsStandIn.start(home, clock);
        Path open = home.resolve("var/open-admin.token");
        Files.writeString(open, cells.adminToken() + "\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> startGateway(CellsConfig.enterprise(open.toString())))
                .isInstanceOf(dev.patgate.gateway.config.ConfigException.class)
                .hasMessageContaining("upstream.cells.admin_token_file")
                .hasMessageContaining("chmod 600")
                .message()
                .doesNotContain(cells.adminToken());
    }

    @Test
    void credentialsWhenTheGatewayRestartsThenTheStoredCellsTokenIsReusedAndSealedAtRest() throws Exception {
        start(Duration.ofHours(24));
        String patgate = token("alice");
        assertThat(bearer(patgate, "GET", STAT).statusCode()).isEqualTo(200);
        String cellsToken = cellsTokenOf(recordedAt(STAT).get(0), "alice");
        gateway.close();

        gateway = startGateway(CellsConfig.enterprise(cells.adminTokenFile().toString()));
        assertThat(bearer(patgate, "GET", STAT).statusCode()).isEqualTo(200);

        assertThat(minted("alice")).hasSize(1);
        assertThat(cellsTokenOf(recordedAt(STAT).get(1), "alice")).isEqualTo(cellsToken);
        byte[] database = Files.readAllBytes(home.resolve("var/patgate.db"));
        assertThat(new String(database, StandardCharsets.ISO_8859_1)).doesNotContain(cellsToken);
        assertThat(Files.getPosixFilePermissions(home.resolve("var/upstream.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
}
