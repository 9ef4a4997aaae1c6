package dev.patgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.demo.cells.CellsAccounts;
import dev.patgate.testsupport.IdentityJws;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** webdav-demo with {@code --auth cells}: a Cells stand-in that enforces its own personal tokens. */
class CellsStandInIT {

    /** Written out here rather than taken from the code under test. */
    private static final String DAV_CHALLENGE = "Basic realm=\"Cells DAV\"";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @TempDir
    Path var;

    final TestClock clock = TestClock.atDefaultStart();
    final List<RecordedRequest> recorded = new CopyOnWriteArrayList<>();
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    DemoServer server;
    CellsAccounts cells;

    @BeforeEach
    void start() throws Exception {
        server = startServer(var.resolve("cells-admin.token"));
        cells = server.cells();
    }

    private DemoServer startServer(Path adminTokenFile) throws Exception {
        return DemoServer.start(DemoConfig.builder()
                .port(0)
                .dataDir(data)
                .auth(DemoConfig.Auth.CELLS)
                .adminTokenFile(adminTokenFile)
                .clock(clock)
                .requestListener(recorded::add)
                .build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        return http.send(
                Requests.builder(server.uri().resolve(path), method, body, headers)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> rest(String token, String method, String path, String body) throws Exception {
        return send(method, path, body, "Authorization", "Bearer " + token);
    }

    private HttpResponse<String> propfind(String login, String token) throws Exception {
        return send(
                "PROPFIND", "/dav/personal-files/", null, "Depth", "0", "Authorization", Requests.basic(login, token));
    }

    private String impersonate(String login, String body) throws Exception {
        HttpResponse<String> response = rest(cells.adminToken(), "POST", "/a/auth/token/impersonate", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.size()).isEqualTo(1);
        assertThat(answer.get("AccessToken").isTextual()).isTrue();
        return answer.get("AccessToken").textValue();
    }

    private static void assertCellsError(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("Code").isInt()).isTrue();
        assertThat(error.get("Code").intValue()).isEqualTo(status);
        assertThat(error.get("Title").isTextual()).isTrue();
        assertThat(error.get("Detail").isTextual()).isTrue();
        assertThat(error.size()).isEqualTo(3);
    }

    private static void assertDavRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(DAV_CHALLENGE);
    }

    @Test
    void mintedTokenWorksAsBearerOnRestAndAsBasicPasswordOnDav() throws Exception {
        String token = impersonate("alice", "{\"UserLogin\":\"alice\",\"Label\":\"t\",\"AutoRefresh\":3600}");

        HttpResponse<String> stat = rest(token, "GET", "/a/tree/stat/personal-files", null);
        HttpResponse<String> dav = propfind("alice", token);

        assertThat(stat.statusCode()).as(stat.body()).isEqualTo(200);
        assertThat(JSON.readTree(stat.body()).at("/Node/Path").textValue()).isEqualTo("personal-files");
        assertThat(dav.statusCode()).isEqualTo(207);
        RecordedRequest last = recorded.get(recorded.size() - 1);
        assertThat(last.header("Authorization")).containsExactly(Requests.basic("alice", token));
    }

    @Test
    void personalEndpointMintsForTheCallerOnly() throws Exception {
        String alice = cells.mint("alice", Duration.ofHours(1));

        HttpResponse<String> own =
                rest(alice, "POST", "/a/auth/token/personal", "{\"Label\":\"mine\",\"AutoRefresh\":60}");
        HttpResponse<String> other =
                rest(alice, "POST", "/a/auth/token/personal", "{\"UserLogin\":\"bob\",\"AutoRefresh\":60}");

        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        String minted = JSON.readTree(own.body()).get("AccessToken").textValue();
        assertThat(propfind("alice", minted).statusCode()).isEqualTo(207);
        assertThat(cells.tokens("alice")).extracting(t -> t.label()).contains("mine");
        assertCellsError(other, 403);
    }

    @Test
    void slidingTokenMovesItsExpiryOnEveryUse() throws Exception {
        String token = impersonate("alice", "{\"UserLogin\":\"alice\",\"AutoRefresh\":600}");

        clock.advance(Duration.ofSeconds(500));
        assertThat(rest(token, "GET", "/a/tree/stat/personal-files", null).statusCode())
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(500));
        assertThat(propfind("alice", token).statusCode()).isEqualTo(207);
        long expected = clock.instant().getEpochSecond() + 600;
        assertThat(cells.tokens("alice").get(0).expiresAt()).isEqualTo(expected);
        clock.advance(Duration.ofSeconds(600));

        assertThat(rest(token, "GET", "/a/tree/stat/personal-files", null).statusCode())
                .isEqualTo(401);
        assertDavRefused(propfind("alice", token));
    }

    @Test
    void hardExpiryIsNotMovedByUse() throws Exception {
        long expiresAt = clock.instant().getEpochSecond() + 60;
        String token = impersonate("alice", "{\"UserLogin\":\"alice\",\"ExpiresAt\":\"" + expiresAt + "\"}");

        clock.advance(Duration.ofSeconds(59));
        assertThat(propfind("alice", token).statusCode()).isEqualTo(207);
        clock.advance(Duration.ofSeconds(1));

        assertDavRefused(propfind("alice", token));
        assertCellsError(rest(token, "GET", "/a/tree/stat/personal-files", null), 401);
    }

    @Test
    void autoRefreshOverridesAHardExpiry() throws Exception {
        long expiresAt = clock.instant().getEpochSecond() + 10;
        impersonate("alice", "{\"UserLogin\":\"alice\",\"ExpiresAt\":\"" + expiresAt + "\",\"AutoRefresh\":300}");

        assertThat(cells.tokens("alice").get(0).expiresAt())
                .isEqualTo(clock.instant().getEpochSecond() + 300);
        assertThat(cells.tokens("alice").get(0).autoRefreshWindow()).isEqualTo(300);
    }

    @Test
    void deletedTokenLockedUserAndDeletedUserAreRefused() throws Exception {
        String deleted = cells.mint("alice", Duration.ofHours(1));
        cells.deleteToken(cells.tokens("alice").get(0).uuid());
        String ofBob = cells.mint("bob", Duration.ofHours(1));
        cells.addUser("carol");
        String ofCarol = cells.mint("carol", Duration.ofHours(1));

        cells.lock("bob");
        cells.deleteUser("carol");

        assertDavRefused(propfind("alice", deleted));
        assertDavRefused(propfind("bob", ofBob));
        assertDavRefused(propfind("carol", ofCarol));
        assertCellsError(rest(deleted, "GET", "/a/tree/stat/personal-files", null), 401);
        assertCellsError(rest(ofBob, "GET", "/a/tree/stat/personal-files", null), 401);
        assertCellsError(rest(ofCarol, "GET", "/a/tree/stat/personal-files", null), 401);
        cells.unlock("bob");
        assertThat(propfind("bob", ofBob).statusCode()).isEqualTo(207);
    }

    @Test
    void aUserAddedAgainDoesNotGetTheOldUsersTokensBack() throws Exception {
        cells.addUser("carol");
        String old = cells.mint("carol", Duration.ofHours(1));
        cells.deleteUser("carol");
        cells.addUser("carol");

        assertDavRefused(propfind("carol", old));
    }

    @Test
    void davRefusesAnotherLoginOrNoCredentialWithTheCellsChallenge() throws Exception {
        String alice = cells.mint("alice", Duration.ofHours(1));

        assertDavRefused(propfind("bob", alice));
        assertDavRefused(send("PROPFIND", "/dav/personal-files/", null, "Depth", "0"));
        assertDavRefused(send("PROPFIND", "/dav/personal-files/", null, "Authorization", "Bearer " + alice));
        assertDavRefused(send("GET", "/dav/", null, "Authorization", "Basic !!!"));
    }

    @Test
    void signedIdentityAndPatgateTokensAreRefused() throws Exception {
        IdentityJws signer = new IdentityJws(IdentityJws.newKey());
        URI stat = server.uri().resolve("/a/tree/stat/personal-files");
        String identity = signer.sign("alice", clock.instant(), "GET", IdentityJws.target(stat));
        String patgate = "patg_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        assertCellsError(send("GET", "/a/tree/stat/personal-files", null, IdentityJws.HEADER, identity), 401);
        assertCellsError(rest(patgate, "GET", "/a/tree/stat/personal-files", null), 401);
        assertDavRefused(send("PROPFIND", "/dav/personal-files/", null, "Depth", "0", IdentityJws.HEADER, identity));
        assertDavRefused(propfind("alice", patgate));
    }

    @Test
    void legacyCarriersAreReadAsCellsReadsThem() throws Exception {
        String alice = cells.mint("alice", Duration.ofHours(1));

        assertThat(send("GET", "/a/tree/stat/personal-files", null, "X-Pydio-Bearer", alice)
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/a/tree/stat/personal-files?pydio_jwt=" + alice, null)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void documentTokenIsScopedToTheNodeAndSlidesForThirtyMinutes() throws Exception {
        String alice = cells.mint("alice", Duration.ofHours(1));
        String uuid = JSON.readTree(
                        rest(alice, "GET", "/a/tree/stat/personal-files", null).body())
                .at("/Node/Uuid")
                .textValue();

        HttpResponse<String> made = rest(alice, "POST", "/a/auth/token/document", "{\"Path\":\"personal-files\"}");
        HttpResponse<String> missing =
                rest(alice, "POST", "/a/auth/token/document", "{\"Path\":\"personal-files/nothing\"}");

        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        String token = JSON.readTree(made.body()).get("AccessToken").textValue();
        assertThat(cells.tokens("alice"))
                .filteredOn(t -> t.type().equals("DOCUMENT"))
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.scopes()).containsExactly("node:" + uuid + ":rw");
                    assertThat(t.autoRefreshWindow()).isEqualTo(1800);
                });
        assertThat(propfind("alice", token).statusCode()).isEqualTo(207);
        assertCellsError(missing, 404);
        assertCellsError(rest(alice, "POST", "/a/auth/token/document", "{\"Path\":\"personal-files/../x\"}"), 400);
    }

    @Test
    void impersonationIsForAdminsOnly() throws Exception {
        String alice = cells.mint("alice", Duration.ofHours(1));

        HttpResponse<String> refused =
                rest(alice, "POST", "/a/auth/token/impersonate", "{\"UserLogin\":\"bob\",\"AutoRefresh\":60}");

        assertCellsError(refused, 403);
        assertThat(cells.tokens("bob")).isEmpty();
    }

    @Test
    void listShowsEveryFieldWithCellsTypesAndDeleteAnswersSuccess() throws Exception {
        impersonate(
                "alice",
                "{\"UserLogin\":\"alice\",\"Label\":\"patgate\",\"AutoRefresh\":86400,"
                        + "\"Scopes\":[\"node:1234:r\"]}");
        long now = clock.instant().getEpochSecond();

        HttpResponse<String> list = rest(cells.adminToken(), "POST", "/a/auth/tokens", "{\"ByUser\":\"alice\"}");

        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode tokens = JSON.readTree(list.body()).get("Tokens");
        assertThat(tokens.isArray()).isTrue();
        assertThat(tokens.size()).isEqualTo(1);
        JsonNode token = tokens.get(0);
        List<String> fields = new ArrayList<>();
        token.fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .containsExactly(
                        "Uuid",
                        "Type",
                        "Label",
                        "UserUuid",
                        "UserLogin",
                        "Scopes",
                        "AutoRefreshWindow",
                        "ExpiresAt",
                        "CreatedBy",
                        "CreatedAt",
                        "UpdatedAt");
        assertThat(token.get("Uuid").isTextual()).isTrue();
        assertThat(token.get("Type").textValue()).isEqualTo("PERSONAL");
        assertThat(token.get("Label").textValue()).isEqualTo("patgate");
        assertThat(token.get("UserUuid").textValue())
                .isEqualTo(cells.user("alice").orElseThrow().uuid());
        assertThat(token.get("UserLogin").textValue()).isEqualTo("alice");
        assertThat(token.get("Scopes").get(0).textValue()).isEqualTo("node:1234:r");
        assertThat(token.get("AutoRefreshWindow").isInt()).isTrue();
        assertThat(token.get("AutoRefreshWindow").intValue()).isEqualTo(86400);
        assertThat(token.get("ExpiresAt").isTextual()).isTrue();
        assertThat(token.get("ExpiresAt").textValue()).isEqualTo(Long.toString(now + 86400));
        assertThat(token.get("CreatedBy").textValue()).isEqualTo("admin");
        assertThat(token.get("CreatedAt").textValue()).isEqualTo(Long.toString(now));
        assertThat(token.get("UpdatedAt").textValue()).isEqualTo(Long.toString(now));

        HttpResponse<String> deleted = rest(
                cells.adminToken(),
                "DELETE",
                "/a/auth/tokens/" + token.get("Uuid").textValue(),
                null);

        assertThat(deleted.statusCode()).isEqualTo(200);
        JsonNode success = JSON.readTree(deleted.body());
        assertThat(success.size()).isEqualTo(1);
        assertThat(success.get("Success").isBoolean()).isTrue();
        assertThat(success.get("Success").booleanValue()).isTrue();
        assertThat(cells.tokens("alice")).isEmpty();
        assertCellsError(
                rest(
                        cells.adminToken(),
                        "DELETE",
                        "/a/auth/tokens/" + token.get("Uuid").textValue(),
                        null),
                404);
    }

    @Test
    void aUserListsAndDeletesOnlyItsOwnTokens() throws Exception {
        String alice = cells.mint("alice", Duration.ofHours(1));
        cells.mint("bob", Duration.ofHours(1));
        String bobsId = cells.tokens("bob").get(0).uuid();

        HttpResponse<String> own = rest(alice, "POST", "/a/auth/tokens", "{}");
        HttpResponse<String> others = rest(alice, "POST", "/a/auth/tokens", "{\"ByUser\":\"bob\"}");
        HttpResponse<String> deleteOthers = rest(alice, "DELETE", "/a/auth/tokens/" + bobsId, null);

        assertThat(JSON.readTree(own.body()).get("Tokens")).hasSize(1);
        assertThat(JSON.readTree(own.body()).at("/Tokens/0/UserLogin").textValue())
                .isEqualTo("alice");
        assertCellsError(others, 403);
        assertCellsError(deleteOthers, 403);
        assertThat(cells.tokens("bob")).hasSize(1);
    }

    @Test
    void userEndpointShowsLocksAsCellsDoesAndOnlyAdminsChangeUsers() throws Exception {
        String admin = cells.adminToken();
        String alice = cells.mint("alice", Duration.ofHours(1));

        HttpResponse<String> self = rest(alice, "GET", "/a/user/alice", null);
        assertThat(self.statusCode()).isEqualTo(200);
        JsonNode user = JSON.readTree(self.body());
        assertThat(user.get("Uuid").textValue())
                .isEqualTo(cells.user("alice").orElseThrow().uuid());
        assertThat(user.get("Login").textValue()).isEqualTo("alice");
        assertThat(user.get("GroupPath").textValue()).isEqualTo("/");
        assertThat(user.get("Attributes").get("profile").textValue()).isEqualTo("standard");
        assertThat(user.get("Attributes").has("locks")).isFalse();
        assertCellsError(rest(alice, "GET", "/a/user/bob", null), 403);
        assertCellsError(rest(alice, "PUT", "/a/user/bob", "{\"Login\":\"bob\"}"), 403);
        assertCellsError(rest(admin, "GET", "/a/user/nobody", null), 404);

        HttpResponse<String> locked = rest(
                admin,
                "PUT",
                "/a/user/alice",
                "{\"Login\":\"alice\",\"Attributes\":{\"profile\":\"standard\",\"locks\":\"[\\\"logout\\\"]\"}}");

        assertThat(locked.statusCode()).as(locked.body()).isEqualTo(200);
        JsonNode lockedUser =
                JSON.readTree(rest(admin, "GET", "/a/user/alice", null).body());
        assertThat(lockedUser.at("/Attributes/locks").isTextual()).isTrue();
        assertThat(lockedUser.at("/Attributes/locks").textValue()).isEqualTo("[\"logout\"]");
        assertDavRefused(propfind("alice", alice));

        rest(admin, "PUT", "/a/user/alice", "{\"Attributes\":{\"locks\":\"not json\"}}");
        assertDavRefused(propfind("alice", alice));
        rest(admin, "PUT", "/a/user/alice", "{\"Attributes\":{\"locks\":\"\"}}");
        assertThat(propfind("alice", alice).statusCode()).isEqualTo(207);
        rest(admin, "PUT", "/a/user/alice", "{\"Attributes\":{\"locks\":\"[\\\"logout\\\"]\"}}");
        assertDavRefused(propfind("alice", alice));
        cells.unlock("alice");
        assertThat(propfind("alice", alice).statusCode()).isEqualTo(207);
        HttpResponse<String> gone = rest(admin, "DELETE", "/a/user/alice", null);
        assertThat(JSON.readTree(gone.body()).get("Success").booleanValue()).isTrue();
        assertCellsError(rest(admin, "GET", "/a/user/alice", null), 404);
        assertDavRefused(propfind("alice", alice));
    }

    @Test
    void putCreatesAUserThatCanThenBeImpersonated() throws Exception {
        HttpResponse<String> created =
                rest(cells.adminToken(), "PUT", "/a/user/dave", "{\"Login\":\"dave\",\"GroupPath\":\"/staff\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(JSON.readTree(created.body()).get("GroupPath").textValue()).isEqualTo("/staff");
        String dave = impersonate("dave", "{\"UserLogin\":\"dave\",\"AutoRefresh\":60}");
        assertThat(propfind("dave", dave).statusCode()).isEqualTo(207);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{not json",
                "[]",
                "{\"UserLogin\":\"alice\"}",
                "{\"UserLogin\":\"alice\",\"AutoRefresh\":\"ten\"}",
                "{\"UserLogin\":\"alice\",\"ExpiresAt\":1.5}",
                "{\"UserLogin\":\"alice\",\"ExpiresAt\":\"100\"}",
                "{\"UserLogin\":\"alice\",\"AutoRefresh\":-5}",
                "{\"UserLogin\":\"alice\",\"AutoRefresh\":99999999999}",
                "{\"UserLogin\":7,\"AutoRefresh\":60}",
                "{\"UserLogin\":\"alice\",\"AutoRefresh\":60,\"Scopes\":\"node:x:r\"}",
                "{\"AutoRefresh\":60}"
            })
    void badBodiesGet400WithCellsErrorShape(String body) throws Exception {
        assertCellsError(rest(cells.adminToken(), "POST", "/a/auth/token/impersonate", body), 400);
        assertThat(cells.tokens("alice")).isEmpty();
    }

    @Test
    void neitherExpiryGivesCellsOwnMessage() throws Exception {
        HttpResponse<String> response =
                rest(cells.adminToken(), "POST", "/a/auth/token/impersonate", "{\"UserLogin\":\"alice\"}");

        assertCellsError(response, 400);
        assertThat(JSON.readTree(response.body()).get("Detail").textValue())
                .isEqualTo("Please provide one of ExpiresAt or AutoRefreshWindow");
    }

    @Test
    void badUserBodiesAndWrongMethodsAre4xx() throws Exception {
        String admin = cells.adminToken();

        assertCellsError(rest(admin, "PUT", "/a/user/bob", "{\"Attributes\":{\"locks\":[\"logout\"]}}"), 400);
        assertCellsError(rest(admin, "PUT", "/a/user/bob", "{\"Login\":\"alice\"}"), 400);
        assertCellsError(rest(admin, "GET", "/a/auth/tokens", null), 405);
        assertCellsError(rest(admin, "POST", "/a/user/bob", "{}"), 405);
        assertCellsError(rest(admin, "POST", "/a/auth/nothing", "{}"), 404);
    }

    @Test
    void impersonatingAnUnknownOrLockedUserIsRefused() throws Exception {
        cells.lock("bob");

        assertCellsError(
                rest(
                        cells.adminToken(),
                        "POST",
                        "/a/auth/token/impersonate",
                        "{\"UserLogin\":\"nobody\",\"AutoRefresh\":60}"),
                404);
        assertCellsError(
                rest(
                        cells.adminToken(),
                        "POST",
                        "/a/auth/token/impersonate",
                        "{\"UserLogin\":\"bob\",\"AutoRefresh\":60}"),
                403);
    }

    @Test
    void tokensAreStoredAsSha256AndSurviveARestart() throws Exception {
        String alice = cells.mint("alice", Duration.ofHours(1));
        String state = Files.readString(data.resolve(DemoServer.CELLS_STATE_FILE));
        assertThat(state).doesNotContain(alice).contains(CellsAccounts.hash(alice));
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(data.resolve(DemoServer.CELLS_STATE_FILE))))
                .isEqualTo("rw-------");
        assertThat(CellsAccounts.hash(alice)).matches("sha256:[0-9a-f]{64}");
        String admin = cells.adminToken();

        server.close();
        server = startServer(var.resolve("cells-admin.token"));
        cells = server.cells();

        assertThat(cells.adminToken()).isEqualTo(admin);
        assertThat(propfind("alice", alice).statusCode()).isEqualTo(207);
    }

    @Test
    void adminTokenFileIsOwnerOnlyAndReplacedWhenNoLongerValid() throws Exception {
        Path file = var.resolve("cells-admin.token");
        assertThat(Files.readString(file).strip()).isEqualTo(cells.adminToken());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        String old = cells.adminToken();
        server.close();
        Files.writeString(file, "not-a-token\n");

        server = startServer(file);
        cells = server.cells();

        assertThat(cells.adminToken()).isNotEqualTo(old).isNotEqualTo("not-a-token");
        assertThat(Files.readString(file).strip()).isEqualTo(cells.adminToken());
        assertThat(rest(cells.adminToken(), "GET", "/a/user/admin", null).statusCode())
                .isEqualTo(200);
    }
}
