package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.testsupport.LogCapture;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-service page over plain HTTP, against a real gateway and webdav-demo: its headers, the
 * session cookie, sign-in through the password limits, CSRF and origin checks on the token API, the
 * token API's basic auth unchanged, sign-out and the session timeout on the server, the folder
 * listing as the user. {@code PageBrowserIT} drives the same page in Chromium.
 */
class PageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FREE_FAILURES = 3;

    @TempDir
    Path home;

    private PageRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = PageRig.start(home, FREE_FAILURES);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    /** A signed-in session: the cookie's value and the CSRF token. */
    private record Signed(String cookie, String csrf) {}

    private HttpResponse<String> signIn(String login, String password) throws Exception {
        return rig.send(rig.request("/patgate/session")
                .header("Content-Type", "application/json")
                .header("Origin", rig.base())
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(java.util.Map.of("login", login, "password", password)))));
    }

    private Signed signedIn(String login) throws Exception {
        HttpResponse<String> answer = signIn(login, login + "-pw");
        assertThat(answer.statusCode()).isEqualTo(200);
        String setCookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        return new Signed(cookie, JSON.readTree(answer.body()).get("csrf").textValue());
    }

    private HttpResponse<String> create(Signed session, String csrf, String origin, String body) throws Exception {
        HttpRequest.Builder request = rig.request("/patgate/tokens")
                .header("Cookie", session.cookie())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrf != null) {
            request.header("X-Patgate-CSRF", csrf);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return rig.send(request);
    }

    @Test
    void thePageIsServedWithAStrictPolicyAndNoCaching() throws Exception {
        HttpResponse<String> page = rig.send(rig.request("/patgate/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp)
                .contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).doesNotContainPattern("<script>|<script [^>]*>[^<]|<style|\\sstyle=|\\son[a-z]+=");
        assertThat(page.body()).contains("<script src=\"/patgate/assets/page.js\" defer></script>");

        HttpResponse<String> script = rig.send(rig.request("/patgate/assets/page.js"));
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(script.body()).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(");

        assertThat(rig.send(rig.request("/patgate")).statusCode()).isEqualTo(308);
        assertThat(rig.send(rig.request("/patgate/assets/nothing.js")).statusCode())
                .isEqualTo(404);
    }

    @Test
    void signInSetsAStrictHttpOnlyCookieAndTheSessionActsOnTheTokenApi() throws Exception {
        HttpResponse<String> answer = signIn("alice", "alice-pw");
        assertThat(answer.statusCode()).isEqualTo(200);
        String setCookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie)
                .matches("patgate_session=[A-Za-z0-9_-]{43}; Path=/patgate/; HttpOnly; SameSite=Strict")
                .doesNotContain("Secure");
        JsonNode session = JSON.readTree(answer.body());
        assertThat(session.get("login").textValue()).isEqualTo("alice");
        assertThat(session.get("admin").booleanValue()).isFalse();
        assertThat(session.get("csrf").textValue()).matches("[A-Za-z0-9_-]{43}");
        Signed signed = new Signed(
                setCookie.substring(0, setCookie.indexOf(';')),
                session.get("csrf").textValue());

        HttpResponse<String> made = create(signed, signed.csrf(), rig.base(), "{\"label\":\"mine\",\"expire\":\"1d\"}");
        assertThat(made.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(made.body()).get("user").textValue()).isEqualTo("alice");
        HttpResponse<String> listed = rig.send(rig.request("/patgate/tokens").header("Cookie", signed.cookie()));
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(listed.body())
                        .get("tokens")
                        .get(0)
                        .get("label")
                        .textValue())
                .isEqualTo("mine");
        assertThat(JSON.readTree(rig.send(rig.request("/patgate/session").header("Cookie", signed.cookie()))
                                .body())
                        .get("login")
                        .textValue())
                .isEqualTo("alice");
    }

    @Test
    void aChangeWithoutTheCsrfTokenOrFromAnotherOriginIsRefused() throws Exception {
        Signed alice = signedIn("alice");
        String body = "{\"label\":\"forged\",\"expire\":\"1d\"}";
        assertThat(create(alice, null, null, body).statusCode()).isEqualTo(403);
        assertThat(create(alice, "x" + alice.csrf().substring(1), rig.base(), body)
                        .statusCode())
                .isEqualTo(403);
        assertThat(create(alice, alice.csrf(), "http://evil.example", body).statusCode())
                .isEqualTo(403);
        HttpResponse<String> crossSite = rig.send(rig.request("/patgate/tokens")
                .header("Cookie", alice.cookie())
                .header("X-Patgate-CSRF", alice.csrf())
                .header("Sec-Fetch-Site", "cross-site")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(crossSite.statusCode()).isEqualTo(403);
        Signed bob = signedIn("bob");
        assertThat(create(alice, bob.csrf(), rig.base(), body).statusCode()).isEqualTo(403);
        HttpResponse<String> delete = rig.send(
                rig.request("/patgate/session").header("Cookie", alice.cookie()).DELETE());
        assertThat(delete.statusCode()).isEqualTo(403);

        HttpResponse<String> listed =
                rig.send(rig.request("/patgate/tokens").header("Authorization", PageRig.basic("alice", "alice-pw")));
        assertThat(JSON.readTree(listed.body()).get("tokens")).isEmpty();
    }

    @Test
    void theTokenApiKeepsBasicAuthAndADeadSessionGetsNoBasicChallenge() throws Exception {
        HttpResponse<String> none = rig.send(rig.request("/patgate/tokens"));
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().allValues("WWW-Authenticate")).isNotEmpty();
        HttpResponse<String> basic =
                rig.send(rig.request("/patgate/tokens").header("Authorization", PageRig.basic("alice", "alice-pw")));
        assertThat(basic.statusCode()).isEqualTo(200);

        HttpResponse<String> stale = rig.send(rig.request("/patgate/tokens")
                .header("Cookie", "patgate_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(stale.headers().allValues("WWW-Authenticate")).isEmpty();
        assertThat(JSON.readTree(stale.body()).get("error").textValue()).isEqualTo("signed_out");
        // a basic credential wins over a cookie: the API behaves as it always did
        HttpResponse<String> both = rig.send(rig.request("/patgate/tokens")
                .header("Cookie", "patgate_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                .header("Authorization", PageRig.basic("bob", "bob-pw")));
        assertThat(both.statusCode()).isEqualTo(200);
    }

    @Test
    void signOutEndsTheSessionOnTheServerAndIdleSessionsEnd() throws Exception {
        Signed alice = signedIn("alice");
        HttpResponse<String> out = rig.send(rig.request("/patgate/session")
                .header("Cookie", alice.cookie())
                .header("X-Patgate-CSRF", alice.csrf())
                .header("Origin", rig.base())
                .DELETE());
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(rig.send(rig.request("/patgate/tokens").header("Cookie", alice.cookie()))
                        .statusCode())
                .isEqualTo(401);

        Signed again = signedIn("alice");
        rig.clock.advance(Duration.ofMinutes(14));
        assertThat(rig.send(rig.request("/patgate/tokens").header("Cookie", again.cookie()))
                        .statusCode())
                .isEqualTo(200);
        rig.clock.advance(Duration.ofMinutes(14));
        assertThat(rig.send(rig.request("/patgate/tokens").header("Cookie", again.cookie()))
                        .statusCode())
                .as("14 minutes after the last request")
                .isEqualTo(200);
        rig.clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(rig.send(rig.request("/patgate/tokens").header("Cookie", again.cookie()))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void failedSignInsCountTowardsThePasswordLimits() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i <= FREE_FAILURES; i++) {
                HttpResponse<String> wrong = signIn("alice", "wrong-" + i);
                assertThat(wrong.statusCode()).isEqualTo(401);
                assertThat(wrong.headers().allValues("WWW-Authenticate")).isEmpty();
            }
            HttpResponse<String> waiting = signIn("alice", "alice-pw");
            assertThat(waiting.statusCode()).isEqualTo(429);
            assertThat(waiting.headers().firstValue("Retry-After")).isPresent();
            HttpResponse<String> api = rig.send(
                    rig.request("/patgate/tokens").header("Authorization", PageRig.basic("alice", "alice-pw")));
            assertThat(api.statusCode()).as("the token API shares the budget").isEqualTo(429);
            assertThat(logs.text()).contains("wrong login or password").doesNotContain("wrong-0", "alice-pw");
        }
        rig.clock.advance(Duration.ofMinutes(1));
        assertThat(signedIn("alice").cookie()).as("once the wait is over").startsWith("patgate_session=");
    }

    @Test
    void theSessionIdAndCsrfTokenNeverReachTheLog() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            Signed alice = signedIn("alice");
            create(alice, alice.csrf(), rig.base(), "{\"expire\":\"1d\"}");
            create(alice, null, null, "{\"expire\":\"1d\"}");
            assertThat(logs.text())
                    .contains("outcome=signed_in api=page user=alice")
                    .doesNotContain(alice.cookie().substring("patgate_session=".length()), alice.csrf());
        }
    }

    @Test
    void foldersAreListedAsTheUserWithTheirNodeUuids() throws Exception {
        Signed alice = signedIn("alice");
        HttpResponse<String> listed =
                rig.send(rig.request("/patgate/ui/folders?path=personal-files").header("Cookie", alice.cookie()));
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(listed.body());
        assertThat(answer.get("uuid").textValue()).isEqualTo(rig.backend.uuid("alice", "personal-files"));
        assertThat(answer.get("folders").findValuesAsText("name")).containsExactly("other", "proj");
        JsonNode proj = answer.get("folders").get(1);
        assertThat(proj.get("path").textValue()).isEqualTo("personal-files/proj");
        assertThat(proj.get("uuid").textValue()).isEqualTo(rig.backend.uuid("alice", "personal-files/proj"));

        HttpResponse<String> top =
                rig.send(rig.request("/patgate/ui/folders?path=").header("Cookie", alice.cookie()));
        assertThat(JSON.readTree(top.body()).get("folders").findValuesAsText("name"))
                .contains("personal-files");

        Signed bob = signedIn("bob");
        HttpResponse<String> bobs =
                rig.send(rig.request("/patgate/ui/folders?path=personal-files").header("Cookie", bob.cookie()));
        assertThat(bobs.body()).doesNotContain("proj");

        assertThat(rig.send(rig.request("/patgate/ui/folders?path=personal-files/../x")
                                .header("Cookie", alice.cookie()))
                        .statusCode())
                .isEqualTo(400);
        assertThat(rig.send(rig.request("/patgate/ui/folders?path=nowhere").header("Cookie", alice.cookie()))
                        .statusCode())
                .isEqualTo(404);
        assertThat(rig.send(rig.request("/patgate/ui/folders?path=personal-files"))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void aDocumentTheBackendServesIsSandboxedSoItsScriptCannotReachThePage() throws Exception {
        rig.backend.put("alice", "personal-files/evil.html", "<script>fetch('/patgate/session')</script>");
        String token = rig.gateway
                .issuer()
                .issue(new dev.patgate.auth.TokenRequest(
                        "alice", "it", "test", java.time.Duration.ofHours(1), null, java.util.List.of()))
                .plaintext();

        HttpResponse<String> document =
                rig.send(rig.request("/dav/personal-files/evil.html").header("Authorization", "Bearer " + token));

        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.headers().allValues("Content-Security-Policy")).contains("sandbox");
    }

    @Test
    void onlyAnAdminSeesTheUsers() throws Exception {
        Signed alice = signedIn("alice");
        assertThat(rig.send(rig.request("/patgate/ui/users").header("Cookie", alice.cookie()))
                        .statusCode())
                .isEqualTo(403);
        Signed admin = signedIn("admin");
        HttpResponse<String> users = rig.send(rig.request("/patgate/ui/users").header("Cookie", admin.cookie()));
        assertThat(JSON.readTree(users.body()).get("users").findValuesAsText("x"))
                .isEmpty();
        assertThat(users.body()).contains("\"alice\"", "\"bob\"", "\"admin\"");
    }

    @Test
    void aDisabledPageServesNothingAndTheApiIgnoresCookies(@TempDir Path other) throws Exception {
        try (PageRig off =
                PageRig.start(other, FREE_FAILURES, dev.patgate.gateway.config.PageConfig.DEFAULT.withEnabled(false))) {
            assertThat(off.send(off.request("/patgate/")).statusCode()).isEqualTo(404);
            assertThat(off.send(off.request("/patgate/session")
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"login\":\"alice\",\"password\":\"alice-pw\"}")))
                            .statusCode())
                    .isEqualTo(404);
            HttpResponse<String> cookie = off.send(off.request("/patgate/tokens")
                    .header("Cookie", "patgate_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
            assertThat(cookie.statusCode()).isEqualTo(401);
            assertThat(cookie.headers().allValues("WWW-Authenticate"))
                    .as("plain basic auth")
                    .isNotEmpty();
        }
    }
}
