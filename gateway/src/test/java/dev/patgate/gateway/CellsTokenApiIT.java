package dev.patgate.gateway;

import static dev.patgate.testsupport.Requests.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.demo.RecordedRequest;
import dev.patgate.gateway.config.CellsTokenApi;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.LimitsConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.TokensConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.testsupport.Challenges;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cells' token API answered by a real gateway (with {@code tokens.cells_api: on}) in front of a real
 * webdav-demo, checked field by field and JSON type by JSON type (docs/cells-token-api.md).
 */
class CellsTokenApiIT {

    private static final String PERSONAL = "/a/auth/token/personal";
    private static final String IMPERSONATE = "/a/auth/token/impersonate";
    private static final String TOKENS = "/a/auth/tokens";
    private static final String ALICE = basic("alice", "alice-pw");
    private static final String BOB = basic("bob", "bob-pw");
    private static final String ADMIN = basic("admin", "admin-pw");
    private static final String ALICES_FILE = "/dav/personal-files/cells-api/a.txt";
    private static final String BOBS_FILE = "/dav/personal-files/cells-api/b.txt";
    private static final Pattern TOKEN = Pattern.compile("patg_([0-9A-Za-z]{12})_[0-9A-Za-z]{38}");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    private static final TestClock clock = TestClock.atDefaultStart();
    private static final List<RecordedRequest> seen = new CopyOnWriteArrayList<>();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static DemoBackend demo;
    private static Gateway gateway;
    private static String folderUuid;

    @BeforeAll
    static void start() throws Exception {
        TestHome.create(home, "http://127.0.0.1:1");
        demo = DemoBackend.start(home, clock, seen::add);
        gateway = startGateway(CellsTokenApi.ON, LimitsConfig.DEFAULT.withFreeFailures(10_000));
        demo.put("alice", "personal-files/cells-api/a.txt", "alice's file");
        demo.put("bob", "personal-files/cells-api/b.txt", "bob's file");
        folderUuid = demo.uuid("alice", "personal-files/cells-api");
    }

    private static Gateway startGateway(CellsTokenApi switchValue, LimitsConfig limits) throws Exception {
        return Gateway.start(
                GatewayConfig.defaults(home)
                        .withListen(ListenConfig.DEFAULT.withPort(0))
                        .withUpstream(UpstreamConfig.DEFAULT.withUrl(demo.uri()))
                        .withLimits(limits)
                        .withTokens(TokensConfig.DEFAULT.withCellsApi(switchValue)),
                clock);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        demo.close();
    }

    @BeforeEach
    void forget() {
        seen.clear();
    }

    private static HttpResponse<String> call(
            Gateway target, String method, String path, String authorization, String body, String contentType)
            throws Exception {
        HttpRequest.Builder request = Requests.builder(URI.create(target.uri() + path), method, body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> call(String method, String path, String authorization, String body)
            throws Exception {
        return call(gateway, method, path, authorization, body, body == null ? null : "application/json");
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static long now() {
        return clock.instant().getEpochSecond();
    }

    /** Mints through the Cells API and returns the plaintext. */
    private static String mint(String authorization, String path, String body) throws Exception {
        HttpResponse<String> response = call("POST", path, authorization, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(fieldNames(answer)).containsExactly("AccessToken");
        assertThat(answer.get("AccessToken").isTextual()).isTrue();
        return answer.get("AccessToken").textValue();
    }

    private static String idOf(String token) {
        Matcher matcher = TOKEN.matcher(token);
        assertThat(matcher.matches()).as("a patgate token").isTrue();
        return matcher.group(1);
    }

    private static int use(String token, String method, String path) throws Exception {
        return call(gateway, method, path, "Bearer " + token, method.equals("PUT") ? "x" : null, null)
                .statusCode();
    }

    /** The token with this id in the listing of {@code byUser}, as {@code authorization} sees it; null when absent. */
    private static JsonNode listed(String authorization, String byUser, String id) throws Exception {
        HttpResponse<String> response = call("POST", TOKENS, authorization, "{\"ByUser\": \"" + byUser + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(fieldNames(answer)).containsExactly("Tokens");
        assertThat(answer.get("Tokens").isArray()).isTrue();
        for (JsonNode token : answer.get("Tokens")) {
            if (token.get("Uuid").textValue().equals(id)) {
                return token;
            }
        }
        return null;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void assertNothingReachedTheBackendBelowAuth() {
        assertThat(seen).noneMatch(request -> request.uri().startsWith("/a/auth"));
    }

    @Test
    void personalWhenPasswordGivenThenAccessTokenWorksAsBearerAndNothingReachesTheBackend() throws Exception {
        HttpResponse<String> response = call(
                "POST",
                PERSONAL,
                ALICE,
                "{\"Label\": \"laptop\", \"ExpiresAt\": \"" + (now() + 3600) + "\", \"AutoRefresh\": 600}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        String token = json(response).get("AccessToken").textValue();
        idOf(token);
        assertThat(use(token, "GET", ALICES_FILE)).isEqualTo(200);
        assertThat(use(token, "GET", BOBS_FILE)).as("alice's token is alice's").isNotEqualTo(200);
        assertNothingReachedTheBackendBelowAuth();
        assertThat(seen).anyMatch(request -> request.uri().equals(ALICES_FILE));
    }

    @Test
    void listWhenTokenMintedThenEveryFieldInCellsShapeAndJsonType() throws Exception {
        long created = now();
        String token = mint(
                ALICE,
                PERSONAL,
                "{\"UserLogin\": \"alice\", \"Label\": \"sync\", \"ExpiresAt\": \"" + (created + 7200)
                        + "\", \"AutoRefresh\": 600, \"Scopes\": [\"node:" + folderUuid + ":rw\"]}");
        String id = idOf(token);

        JsonNode listed = listed(ALICE, "alice", id);

        assertThat(listed).as("listed").isNotNull();
        assertThat(fieldNames(listed))
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
        assertThat(listed.get("Uuid").isTextual()).isTrue();
        assertThat(listed.get("Type").isTextual()).isTrue();
        assertThat(listed.get("Type").textValue()).isEqualTo("PERSONAL");
        assertThat(listed.get("Label").isTextual()).isTrue();
        assertThat(listed.get("Label").textValue()).isEqualTo("sync");
        assertThat(listed.get("UserUuid").isTextual()).isTrue();
        assertThat(listed.get("UserUuid").textValue()).isEqualTo("alice");
        assertThat(listed.get("UserLogin").isTextual()).isTrue();
        assertThat(listed.get("UserLogin").textValue()).isEqualTo("alice");
        assertThat(listed.get("Scopes").isArray()).isTrue();
        assertThat(listed.get("Scopes")).hasSize(1);
        assertThat(listed.get("Scopes").get(0).isTextual()).isTrue();
        assertThat(listed.get("Scopes").get(0).textValue()).isEqualTo("node:" + folderUuid + ":rw");
        assertThat(listed.get("AutoRefreshWindow").isInt()).isTrue();
        assertThat(listed.get("AutoRefreshWindow").intValue()).isEqualTo(600);
        assertThat(listed.get("ExpiresAt").isTextual()).as("int64 as a string").isTrue();
        assertThat(listed.get("ExpiresAt").textValue())
                .as("sliding: the window from creation, within the hard expiry")
                .isEqualTo(Long.toString(created + 600));
        assertThat(listed.get("CreatedBy").isTextual()).isTrue();
        assertThat(listed.get("CreatedBy").textValue()).isEqualTo("alice");
        assertThat(listed.get("CreatedAt").isTextual()).isTrue();
        assertThat(listed.get("CreatedAt").textValue()).isEqualTo(Long.toString(created));
        assertThat(listed.get("UpdatedAt").isTextual()).isTrue();
        assertThat(listed.get("UpdatedAt").textValue()).isEqualTo(Long.toString(created));
        HttpResponse<String> listing = call("POST", TOKENS, ALICE, "{}");
        assertThat(listing.body()).contains(id).doesNotContain(token).doesNotContain(token.substring(18));
        assertNothingReachedTheBackendBelowAuth();
    }

    @Test
    void expiresAtWhenAloneThenAHardExpiryAtThatSecond() throws Exception {
        long expiresAt = now() + 1800;
        String token = mint(ALICE, PERSONAL, "{\"ExpiresAt\": \"" + expiresAt + "\"}");

        JsonNode listed = listed(ALICE, "", idOf(token));
        assertThat(listed.get("AutoRefreshWindow").intValue()).isZero();
        assertThat(listed.get("ExpiresAt").textValue()).isEqualTo(Long.toString(expiresAt));
        assertThat(listed.get("Label").textValue()).isEmpty();
        assertThat(listed.get("Scopes").isArray()).isTrue();
        assertThat(listed.get("Scopes")).isEmpty();
        assertThat(use(token, "GET", ALICES_FILE)).isEqualTo(200);

        clock.advance(Duration.ofSeconds(1801));
        assertThat(use(token, "GET", ALICES_FILE)).isEqualTo(401);
    }

    @Test
    void bothWhenAutoRefreshShorterThanExpiresAtThenCappedByTheHardExpiryUnlikeCells() throws Exception {
        long expiresAt = now() + 3600;
        String token = mint(ALICE, PERSONAL, "{\"ExpiresAt\": " + expiresAt + ", \"AutoRefresh\": \"3000\"}");

        JsonNode listed = listed(ALICE, "alice", idOf(token));
        assertThat(listed.get("AutoRefreshWindow").intValue()).isEqualTo(3000);
        assertThat(listed.get("ExpiresAt").textValue())
                .as("when it lapses unless used: the window's end, before the cap")
                .isEqualTo(Long.toString(expiresAt - 600));

        clock.advance(Duration.ofSeconds(2900));
        assertThat(use(token, "GET", ALICES_FILE)).isEqualTo(200);
        clock.advance(Duration.ofSeconds(701));
        assertThat(use(token, "GET", ALICES_FILE))
                .as("used within the window, but past ExpiresAt")
                .isEqualTo(401);
    }

    /** A window as long as the hard expiry or longer could never apply (docs/token-lifecycle.md). */
    @Test
    void bothWhenAutoRefreshNotShorterThanExpiresAtThen400SayingWhy() throws Exception {
        long expiresAt = now() + 3600;
        HttpResponse<String> response =
                call("POST", PERSONAL, ALICE, "{\"ExpiresAt\": " + expiresAt + ", \"AutoRefresh\": \"7200\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("must be shorter than the hard expiry", "would never apply");
    }

    @Test
    void autoRefreshWhenAloneThenSlidingWithoutHardExpiry() throws Exception {
        String token = mint(ALICE, PERSONAL, "{\"AutoRefresh\": 600}");

        clock.advance(Duration.ofSeconds(500));
        assertThat(use(token, "GET", ALICES_FILE)).isEqualTo(200);
        clock.advance(Duration.ofSeconds(500));
        assertThat(use(token, "GET", ALICES_FILE))
                .as("the use 500 s ago pushed the expiry")
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(601));
        assertThat(use(token, "GET", ALICES_FILE)).isEqualTo(401);
    }

    @Test
    void scopesWhenMintedThroughCellsApiThenTheTokenIsHeldToThem() throws Exception {
        String token = mint(ALICE, PERSONAL, "{\"AutoRefresh\": 600, \"Scopes\": [\"node:" + folderUuid + ":r\"]}");

        assertThat(use(token, "GET", ALICES_FILE)).isEqualTo(200);
        assertThat(use(token, "PUT", "/dav/personal-files/cells-api/new.txt")).isEqualTo(403);
        assertThat(use(token, "GET", "/dav/personal-files/"))
                .as("outside the scope")
                .isEqualTo(403);

        HttpResponse<String> bobs =
                call("POST", PERSONAL, BOB, "{\"AutoRefresh\": 600, \"Scopes\": [\"node:" + folderUuid + ":r\"]}");
        assertThat(bobs.statusCode()).as("bob cannot reach alice's folder").isEqualTo(400);
        assertThat(json(bobs).get("message").textValue()).contains("Scopes:").contains("bob cannot reach it");
    }

    @Test
    void bearerWhenScopedOrNotThenNeverMintsAnd401WithTheBasicChallenge() throws Exception {
        String unscoped = mint(ALICE, PERSONAL, "{\"AutoRefresh\": 600}");
        String scoped = mint(ALICE, PERSONAL, "{\"AutoRefresh\": 600, \"Scopes\": [\"node:" + folderUuid + ":rw\"]}");
        int before = gateway.store().findByLogin("alice").size();

        for (String token : List.of(unscoped, scoped)) {
            for (String path : List.of(PERSONAL, IMPERSONATE, TOKENS)) {
                HttpResponse<String> response =
                        call("POST", path, "Bearer " + token, "{\"AutoRefresh\": 600, \"UserLogin\": \"alice\"}");
                assertThat(response.statusCode()).as(path).isEqualTo(401);
                assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(Challenges.BASIC);
                JsonNode body = json(response);
                assertThat(body.get("error").textValue()).isEqualTo("unauthorized");
                assertThat(body.get("Code").isInt()).isTrue();
                assertThat(body.get("Code").intValue()).isEqualTo(401);
                assertThat(body.get("Title").isTextual()).isTrue();
                assertThat(body.get("Detail").textValue()).isEqualTo("unauthorized");
                assertThat(response.body()).doesNotContain(token).doesNotContain(token.substring(18));
            }
            assertThat(call("POST", PERSONAL, basic("alice", token), "{\"AutoRefresh\": 600}")
                            .statusCode())
                    .as("a token as the basic-auth password is no password either")
                    .isEqualTo(401);
        }
        assertThat(gateway.store().findByLogin("alice")).hasSize(before);
        assertThat(call("POST", PERSONAL, null, "{\"AutoRefresh\": 600}").statusCode())
                .isEqualTo(401);
        assertThat(call("POST", PERSONAL, basic("alice", "wrong"), "{\"AutoRefresh\": 600}")
                        .statusCode())
                .isEqualTo(401);
        assertNothingReachedTheBackendBelowAuth();
    }

    @Test
    void impersonateWhenAdminThenForTheUserAndWhenNotAdminThen403() throws Exception {
        HttpResponse<String> refused =
                call("POST", IMPERSONATE, BOB, "{\"UserLogin\": \"alice\", \"AutoRefresh\": 600}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).get("Code").intValue()).isEqualTo(403);
        assertThat(call("POST", IMPERSONATE, BOB, "{\"UserLogin\": \"bob\", \"AutoRefresh\": 600}")
                        .statusCode())
                .as("impersonation is for admins, even of oneself")
                .isEqualTo(403);

        String token = mint(ADMIN, IMPERSONATE, "{\"UserLogin\": \"bob\", \"AutoRefresh\": 600, \"Label\": \"ops\"}");

        assertThat(use(token, "GET", BOBS_FILE)).isEqualTo(200);
        JsonNode listed = listed(ADMIN, "bob", idOf(token));
        assertThat(listed.get("UserLogin").textValue()).isEqualTo("bob");
        assertThat(listed.get("CreatedBy").textValue()).isEqualTo("admin");
        assertThat(listed(BOB, "", idOf(token))).as("bob sees his own").isNotNull();
        assertThat(call("POST", IMPERSONATE, ADMIN, "{\"UserLogin\": \"nobody\", \"AutoRefresh\": 600}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(call("POST", IMPERSONATE, ADMIN, "{\"AutoRefresh\": 600}").statusCode())
                .as("whose token is needed")
                .isEqualTo(400);
        assertNothingReachedTheBackendBelowAuth();
    }

    @Test
    void personalWhenAnotherUserNamedThen403EvenForAnAdmin() throws Exception {
        for (String caller : List.of(BOB, ADMIN)) {
            HttpResponse<String> response =
                    call("POST", PERSONAL, caller, "{\"UserLogin\": \"alice\", \"AutoRefresh\": 600}");
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(json(response).get("error").textValue()).isEqualTo("forbidden");
        }
    }

    @Test
    void listWhenAnotherUserThenOnlyForAdmins() throws Exception {
        String alices = idOf(mint(ALICE, PERSONAL, "{\"AutoRefresh\": 600}"));

        HttpResponse<String> bobAsksForAlice = call("POST", TOKENS, BOB, "{\"ByUser\": \"alice\"}");
        assertThat(bobAsksForAlice.statusCode()).isEqualTo(403);
        assertThat(bobAsksForAlice.body()).doesNotContain(alices);
        assertThat(call("POST", TOKENS, BOB, "{}").body()).doesNotContain(alices);
        assertThat(listed(ADMIN, "alice", alices)).isNotNull();
        assertThat(call("POST", TOKENS, ADMIN, "{\"ByUser\": \"nobody\"}").statusCode())
                .isEqualTo(400);
        HttpResponse<String> documents = call("POST", TOKENS, ALICE, "{\"Type\": \"DOCUMENT\"}");
        assertThat(json(documents).get("Tokens"))
                .as("patgate has no document tokens")
                .isEmpty();
        assertThat(call("POST", TOKENS, ALICE, "{\"Type\": \"PERSONAL\"}").body())
                .contains(alices);
    }

    @Test
    void deleteWhenOwnOrAdminThenSuccessAndTheTokenIsRefusedAtOnce() throws Exception {
        String token = mint(ALICE, PERSONAL, "{\"AutoRefresh\": 600}");
        String id = idOf(token);
        assertThat(use(token, "GET", ALICES_FILE)).isEqualTo(200);

        HttpResponse<String> bobTries = call("DELETE", TOKENS + "/" + id, BOB, null);
        assertThat(bobTries.statusCode())
                .as("someone else's: as if there were none")
                .isEqualTo(404);
        assertThat(use(token, "GET", ALICES_FILE)).isEqualTo(200);

        HttpResponse<String> deleted = call("DELETE", TOKENS + "/" + id, ALICE, null);
        assertThat(deleted.statusCode()).isEqualTo(200);
        JsonNode success = json(deleted);
        assertThat(fieldNames(success)).containsExactly("Success");
        assertThat(success.get("Success").isBoolean()).isTrue();
        assertThat(success.get("Success").booleanValue()).isTrue();
        assertThat(use(token, "GET", ALICES_FILE)).isEqualTo(401);
        assertThat(listed(ALICE, "alice", id))
                .as("a deleted token is no longer listed")
                .isNull();

        String another = idOf(mint(ALICE, PERSONAL, "{\"AutoRefresh\": 600}"));
        assertThat(call("DELETE", TOKENS + "/" + another, ADMIN, null).statusCode())
                .isEqualTo(200);
        assertNothingReachedTheBackendBelowAuth();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"AAAAAAAAAAAA", "not-an-id", "a.b"})
    void deleteWhenUnknownIdThen404InBothErrorShapes(String id) throws Exception {
        HttpResponse<String> response = call("DELETE", TOKENS + "/" + id, ALICE, null);

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode body = json(response);
        assertThat(fieldNames(body)).containsExactly("error", "message", "Code", "Title", "Detail");
        assertThat(body.get("Code").isInt()).isTrue();
        assertThat(body.get("Code").intValue()).isEqualTo(404);
        assertThat(body.get("Title").textValue()).isEqualTo("no such token");
        assertThat(body.get("Detail").textValue()).isEqualTo("not_found");
        assertThat(body.get("error").textValue()).isEqualTo("not_found");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "personal | {}                                        | Please provide one of ExpiresAt or AutoRefresh",
                "personal | {\"ExpiresAt\": \"0\", \"AutoRefresh\": 0} | Please provide one of ExpiresAt or AutoRefresh",
                "personal | {\"ExpiresAt\": \"soon\"}                 | ExpiresAt: must be a whole number",
                "personal | {\"ExpiresAt\": \"-5\"}                   | ExpiresAt: must be a whole number",
                "personal | {\"ExpiresAt\": 1.5}                      | ExpiresAt: must be a whole number",
                "personal | {\"ExpiresAt\": true}                     | ExpiresAt: must be a whole number",
                "personal | {\"ExpiresAt\": \"99999999999999999999\"} | ExpiresAt: must be a whole number",
                "personal | {\"ExpiresAt\": \"253402300800\"}         | ExpiresAt: must be a whole number",
                "personal | {\"ExpiresAt\": \"1000\"}                 | ExpiresAt: must be in the future",
                "personal | {\"AutoRefresh\": -1}                     | AutoRefresh: must be a whole number",
                "personal | {\"AutoRefresh\": 2147483648}             | AutoRefresh: must be a whole number",
                "personal | {\"AutoRefresh\": [600]}                  | AutoRefresh: must be a whole number",
                "personal | {\"AutoRefresh\": 600, \"Scopes\": \"node:x\"} | Scopes: must be a list",
                "personal | {\"AutoRefresh\": 600, \"Scopes\": [1]}   | Scopes: must be a list",
                "personal | {\"AutoRefresh\": 600, \"Scopes\": [\"space:x:r\"]} | Scopes: not a node scope",
                "personal | {\"AutoRefresh\": 600, \"Scopes\": [\"node:6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab:x\"]} | Scopes: unknown permission",
                "personal | {\"AutoRefresh\": 600, \"Label\": 5}      | Label: must be a string",
                "personal | {\"AutoRefresh\": 600, \"Label\": \"a\\u0007\"} | Label: at most 100 printable characters",
                "personal | {\"AutoRefresh\": 600, \"UserLogin\": {}} | UserLogin: must be a string",
                "personal | {\"AutoRefresh\": 600, \"Path\": \"x\"}   | unknown field",
                "personal | [\"AutoRefresh\"]                         | must be a JSON object",
                "personal | {\"AutoRefresh\":                         | not valid JSON",
                "personal | {\"AutoRefresh\": 1, \"AutoRefresh\": 2}  | not valid JSON",
                "tokens   | {\"ByUser\": 3}                           | ByUser: must be a string",
                "tokens   | {\"Type\": \"SHARE\"}                     | Type: must be",
                "tokens   | {\"Type\": {}}                            | Type: must be",
                "tokens   | {\"ByUser\": \"alice\", \"Limit\": 1}     | unknown field",
                "tokens   | null                                      | must be a JSON object"
            })
    void bodyWhenMalformedThen400NamingTheProblemNever500(String endpoint, String body, String message)
            throws Exception {
        String path = endpoint.equals("tokens") ? TOKENS : PERSONAL;
        int before = gateway.store().findByLogin("alice").size();

        HttpResponse<String> response = call("POST", path, ALICE, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode answer = json(response);
        assertThat(answer.get("error").textValue()).isEqualTo("invalid_request");
        assertThat(answer.get("message").textValue()).contains(message);
        assertThat(answer.get("Code").intValue()).isEqualTo(400);
        assertThat(answer.get("Title").textValue()).contains(message);
        assertThat(gateway.store().findByLogin("alice")).hasSize(before);
    }

    @Test
    void requestWhenMethodOrMediaTypeWrongThenTheMatchingStatus() throws Exception {
        HttpResponse<String> get = call("GET", PERSONAL, ALICE, null);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        HttpResponse<String> getOne = call("GET", TOKENS + "/AAAAAAAAAAAA", ALICE, null);
        assertThat(getOne.statusCode()).isEqualTo(405);
        assertThat(getOne.headers().firstValue("Allow")).hasValue("DELETE");
        assertThat(call(gateway, "POST", PERSONAL, ALICE, "AutoRefresh=600", "application/x-www-form-urlencoded")
                        .statusCode())
                .isEqualTo(415);
        assertThat(call("POST", PERSONAL, ALICE, "{\"Label\": \"" + "x".repeat(20_000) + "\"}")
                        .statusCode())
                .isEqualTo(413);
        assertThat(call("POST", PERSONAL, "Basic !!!", "{}").statusCode()).isEqualTo(400);
        for (String variant : List.of(PERSONAL + "/", IMPERSONATE + "/x", TOKENS + "/", TOKENS + "/AAAAAAAAAAAA/x")) {
            HttpResponse<String> below = call("POST", variant, ALICE, "{\"AutoRefresh\": 600}");
            assertThat(below.statusCode()).as(variant).isIn(404, 405);
            assertThat(below.body()).doesNotContain("AccessToken");
        }
        assertNothingReachedTheBackendBelowAuth();
    }

    @Test
    void loginWhenPasswordsKeepFailingThen429AsOnTheTokenApi() throws Exception {
        try (Gateway strict = startGateway(CellsTokenApi.ON, LimitsConfig.DEFAULT.withFreeFailures(1))) {
            for (int i = 0; i < 2; i++) {
                assertThat(call(strict, "POST", PERSONAL, basic("bob", "guess" + i), "{}", "application/json")
                                .statusCode())
                        .isEqualTo(401);
            }
            HttpResponse<String> waiting =
                    call(strict, "POST", PERSONAL, BOB, "{\"AutoRefresh\": 600}", "application/json");
            assertThat(waiting.statusCode()).isEqualTo(429);
            assertThat(waiting.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(waiting).get("Code").intValue()).isEqualTo(429);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"OFF", "AUTO"})
    void switchWhenOffOrAutoOutsideCellsModeThenThePathIsProxiedAsBefore(CellsTokenApi value) throws Exception {
        try (Gateway plain = startGateway(value, LimitsConfig.DEFAULT.withFreeFailures(10_000))) {
            String token = TestHome.aliceToken(plain);

            HttpResponse<String> withPassword =
                    call(plain, "POST", PERSONAL, ALICE, "{\"AutoRefresh\": 600}", "application/json");
            assertThat(withPassword.statusCode())
                    .as("the route's token filter refuses a password")
                    .isEqualTo(401);
            assertThat(seen).isEmpty();

            HttpResponse<String> withToken =
                    call(plain, "POST", PERSONAL, "Bearer " + token, "{\"AutoRefresh\": 600}", "application/json");
            assertThat(withToken.body()).doesNotContain("AccessToken");
            assertThat(seen)
                    .as("forwarded to the backend")
                    .anyMatch(request -> request.uri().equals(PERSONAL));
        }
    }
}
