package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.config.ScopesConfig;
import dev.patgate.testsupport.TestClock;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property 4: locks follow scopes. Acting on a lock (UNLOCK, a LOCK refresh, any request whose
 * {@code If} names a lock token) needs write on the lock's root, which the gateway learns from the
 * backend, as the user ({@code DAV:lockdiscovery}); a lock it cannot place is refused, and every
 * resource an {@code If} header tags must be inside the scope. Real gateway, real webdav-demo; each
 * refusal is checked at the backend (never reached) and by the lock still holding.
 */
class ScopeLockIT {

    private static final String DAV = "/dav/personal-files/";

    @TempDir
    static Path home;

    private static final TestClock clock = TestClock.atDefaultStart();
    private static final AtomicInteger names = new AtomicInteger();
    private static ScopeFixture fx;
    private static String unscoped;

    @BeforeAll
    static void start() throws Exception {
        fx = ScopeFixture.start(home, clock, ScopesConfig.DEFAULT);
        unscoped = fx.issue("alice");
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    /** A fresh tree {@code <top>/in/a.txt}, {@code <top>/out/x.txt}; returns top, e.g. {@code lk3}. */
    private static String tree() throws Exception {
        String top = "lk" + names.incrementAndGet();
        fx.mkdirs("alice", "personal-files/" + top + "/in");
        fx.put("alice", "personal-files/" + top + "/in/a.txt", "a");
        fx.mkdirs("alice", "personal-files/" + top + "/out");
        fx.put("alice", "personal-files/" + top + "/out/x.txt", "x");
        return top;
    }

    private static String lock(String token, String path, String depth) throws Exception {
        ScopeFixture.Exchange locked = fx.call("LOCK", path)
                .token(token)
                .body(ScopeFixture.LOCK_BODY)
                .header("Timeout", "Second-600")
                .depth(depth)
                .send();
        assertThat(locked.status()).as("LOCK %s: %s", path, locked.body()).isIn(200, 201);
        String header = locked.header("Lock-Token");
        assertThat(header).startsWith("<").endsWith(">");
        return header.substring(1, header.length() - 1);
    }

    /** Whether a write without the lock's token is refused by the backend (the lock still holds). */
    private static boolean stillLocked(String path) throws Exception {
        return fx.backend
                        .as("alice", "PROPPATCH", path, ScopeFixture.PROPPATCH_BODY)
                        .statusCode()
                == 423;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "UNLOCK the scoped folder",
                "UNLOCK a file in it",
                "refresh untagged",
                "refresh tagged with the lock root",
                "refresh tagged with the target",
                "PUT submitting the token",
                "PUT submitting Not the token",
                "PROPPATCH submitting the token",
                "MOVE submitting the token",
                "DELETE submitting the token",
                "MKCOL submitting the token",
                "GET submitting the token"
            })
    void lockWhenItsRootIsAnAncestorOfTheScopeThenAScopedTokenCannotActOnIt(String how) throws Exception {
        String top = tree();
        String in = DAV + top + "/in/";
        String scoped = fx.issue("alice", fx.scope("personal-files/" + top + "/in", "rw"));
        String lock = lock(unscoped, DAV + top + "/", "infinity");

        ScopeFixture.Call call = switch (how) {
            case "UNLOCK the scoped folder" -> fx.call("UNLOCK", in).header("Lock-Token", "<" + lock + ">");
            case "UNLOCK a file in it" -> fx.call("UNLOCK", in + "a.txt").header("Lock-Token", "<" + lock + ">");
            case "refresh untagged" -> fx.call("LOCK", in).header("If", "(<" + lock + ">)");
            case "refresh tagged with the lock root" ->
                fx.call("LOCK", in).header("If", "<" + DAV + top + "/> (<" + lock + ">)");
            case "refresh tagged with the target" ->
                fx.call("LOCK", in).header("If", "<" + fx.gatewayBase() + in + "> (<" + lock + ">)");
            case "PUT submitting the token" ->
                fx.call("PUT", in + "a.txt").body("mine").header("If", "(<" + lock + ">)");
            case "PUT submitting Not the token" ->
                fx.call("PUT", in + "a.txt").body("mine").header("If", "(Not <" + lock + ">)");
            case "PROPPATCH submitting the token" ->
                fx.call("PROPPATCH", in + "a.txt")
                        .body(ScopeFixture.PROPPATCH_BODY)
                        .header("If", "(<" + lock + ">)");
            case "MOVE submitting the token" ->
                fx.call("MOVE", in + "a.txt").destination(in + "b.txt").header("If", "(<" + lock + ">)");
            case "DELETE submitting the token" ->
                fx.call("DELETE", in + "a.txt").header("If", "(<" + lock + ">)");
            case "MKCOL submitting the token" -> fx.call("MKCOL", in + "new/").header("If", "(<" + lock + ">)");
            default -> fx.call("GET", in + "a.txt").header("If", "(<" + lock + ">)");
        };
        String expected = how.equals("refresh tagged with the lock root") ? "403 read" : "403 write";
        call.token(scoped).expect(expected);

        assertThat(stillLocked(in + "a.txt"))
                .as("the ancestor's lock still holds")
                .isTrue();
        fx.call("UNLOCK", DAV + top + "/")
                .token(unscoped)
                .header("Lock-Token", "<" + lock + ">")
                .expect("204");
        assertThat(stillLocked(in + "a.txt")).isFalse();
    }

    @Test
    void lockWhenTakenInsideTheScopeThenTheDavfsFlowWorks() throws Exception {
        String top = tree();
        String in = DAV + top + "/in/";
        String scoped = fx.issue("alice", fx.scope("personal-files/" + top + "/in", "rw"));

        String lock = lock(scoped, in + "new.txt", null);
        fx.call("PUT", in + "new.txt")
                .token(scoped)
                .body("first")
                .header("If", "(<" + lock + ">)")
                .expect("204");
        fx.call("PUT", in + "new.txt")
                .token(scoped)
                .body("second")
                .header(
                        "If",
                        "<" + fx.gatewayBase() + in + "new.txt> (<" + lock + "> [\"no-such-etag\"]) (<" + lock + ">)")
                .expect("204");
        fx.call("PROPPATCH", in + "new.txt")
                .token(scoped)
                .body(ScopeFixture.PROPPATCH_BODY)
                .header("If", "</dav/personal-files/" + top + "/in/new.txt> (<" + lock + ">)")
                .expect("207");
        fx.call("LOCK", in + "new.txt")
                .token(scoped)
                .header("If", "(<" + lock + ">)")
                .header("Timeout", "Second-300")
                .expect("200");
        fx.call("UNLOCK", in + "new.txt")
                .token(scoped)
                .header("Lock-Token", "<" + lock + ">")
                .expect("204");

        assertThat(fx.backend.as("alice", "GET", in + "new.txt", null).body()).isEqualTo("second");
        assertThat(stillLocked(in + "new.txt")).isFalse();
    }

    @Test
    void lockWhenOnTheScopedFolderItselfThenNewMembersCanBeWrittenWithItsToken() throws Exception {
        String top = tree();
        String in = DAV + top + "/in/";
        String scoped = fx.issue("alice", fx.scope("personal-files/" + top + "/in", "rw"));

        String lock = lock(scoped, in, "infinity");
        fx.call("PUT", in + "member.txt").token(scoped).body("m").expect("423");
        fx.call("PUT", in + "member.txt")
                .token(scoped)
                .body("m")
                .header("If", "(<" + lock + ">)")
                .expect("201");
        fx.call("MKCOL", in + "newdir/")
                .token(scoped)
                .header("If", "(<" + lock + ">)")
                .expect("201");
        fx.call("UNLOCK", in + "a.txt")
                .token(scoped)
                .header("Lock-Token", "<" + lock + ">")
                .expect("204");

        assertThat(stillLocked(in + "a.txt")).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"UNLOCK", "refresh", "PROPFIND submitting it", "GET submitting it"})
    void lockWhenTheScopeIsReadOnlyThenTheTokenCannotActOnAnyLock(String how) throws Exception {
        String top = tree();
        String in = DAV + top + "/in/";
        String writer = fx.issue("alice", fx.scope("personal-files/" + top + "/in", "rw"));
        String reader = fx.issue("alice", fx.scope("personal-files/" + top + "/in", "r"));
        String lock = lock(writer, in + "a.txt", null);

        ScopeFixture.Call call = switch (how) {
            case "UNLOCK" -> fx.call("UNLOCK", in + "a.txt").header("Lock-Token", "<" + lock + ">");
            case "refresh" -> fx.call("LOCK", in + "a.txt").header("If", "(<" + lock + ">)");
            case "PROPFIND submitting it" ->
                fx.call("PROPFIND", in + "a.txt").depth("0").header("If", "(<" + lock + ">)");
            default -> fx.call("GET", in + "a.txt").header("If", "(<" + lock + ">)");
        };
        call.token(reader).expect("403 write");

        assertThat(stillLocked(in + "a.txt")).isTrue();
        fx.call("GET", in + "a.txt").token(reader).expect("200");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "foreign lock tagged",
                "foreign lock tagged by URL",
                "foreign lock as Lock-Token",
                "unknown opaquelocktoken",
                "unknown urn:uuid",
                "sibling lock",
                "foreign lock refreshed",
                "unknown lock refreshed"
            })
    void lockWhenTheTokenNamesALockOutsideTheScopeOrUnknownThenRefused(String how) throws Exception {
        String top = tree();
        String in = DAV + top + "/in/";
        String scoped = fx.issue("alice", fx.scope("personal-files/" + top + "/in", "rw"));
        String foreign = lock(unscoped, DAV + top + "/out/x.txt", null);
        String own = lock(scoped, in + "a.txt", null);
        String unknown = "opaquelocktoken:00000000-0000-4000-8000-000000000000";
        fx.mkdirs("alice", "personal-files/" + top + "/in-sibling");
        String sibling = lock(unscoped, DAV + top + "/in-sibling/", "0");

        Map<String, ScopeFixture.Call> calls = Map.of(
                "foreign lock tagged",
                        fx.call("PUT", in + "a.txt")
                                .body("x")
                                .header("If", "<" + DAV + top + "/out/x.txt> (<" + foreign + ">)"),
                "foreign lock tagged by URL",
                        fx.call("PUT", in + "a.txt")
                                .body("x")
                                .header("If", "<" + fx.gatewayBase() + DAV + top + "/out/x.txt> (<" + foreign + ">)"),
                "foreign lock as Lock-Token", fx.call("UNLOCK", in + "a.txt").header("Lock-Token", "<" + foreign + ">"),
                "unknown opaquelocktoken", fx.call("UNLOCK", in + "a.txt").header("Lock-Token", "<" + unknown + ">"),
                "unknown urn:uuid",
                        fx.call("UNLOCK", in + "a.txt")
                                .header("Lock-Token", "<urn:uuid:00000000-0000-4000-8000-000000000000>"),
                "sibling lock", fx.call("UNLOCK", in).header("Lock-Token", "<" + sibling + ">"),
                "foreign lock refreshed", fx.call("LOCK", in + "a.txt").header("If", "(<" + foreign + ">)"),
                "unknown lock refreshed", fx.call("LOCK", in + "a.txt").header("If", "(<" + unknown + ">)"));
        String expected = how.startsWith("foreign lock tagged") ? "403 read" : "403 write";
        calls.get(how).token(scoped).expect(expected);

        assertThat(stillLocked(DAV + top + "/out/x.txt")).isTrue();
        assertThat(stillLocked(in + "a.txt")).isTrue();
        fx.call("PUT", in + "a.txt")
                .token(scoped)
                .body("mine")
                .header("If", "(<" + own + ">)")
                .expect("204");
    }

    /**
     * A write that merely submits, in an untagged {@code If}, a lock token the backend shows for none
     * of its targets (stale, made up, or another resource's) is left to the backend: the scoped token
     * gets exactly the answer an unscoped one gets (the backend refuses the unmatched token), and no
     * lock moves.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "foreign lock untagged",
                "unknown in If",
                "two lists, one foreign",
                "unknown Not",
                "unknown in If on a free file"
            })
    void writeWhenItsIfSubmitsALockTheBackendDoesNotShowThenTheBackendAnswersAsForAnUnscopedToken(String how)
            throws Exception {
        String top = tree();
        String in = DAV + top + "/in/";
        String scoped = fx.issue("alice", fx.scope("personal-files/" + top + "/in", "rw"));
        String foreign = lock(unscoped, DAV + top + "/out/x.txt", null);
        String own = lock(scoped, in + "a.txt", null);
        String unknown = "opaquelocktoken:00000000-0000-4000-8000-000000000000";
        String target = how.endsWith("free file") ? in + "free.txt" : in + "a.txt";
        String condition = switch (how) {
            case "foreign lock untagged" -> "(<" + foreign + ">)";
            case "two lists, one foreign" -> "(<" + unknown + ">) (<" + foreign + ">)";
            case "unknown Not" -> "(Not <" + unknown + ">)";
            default -> "(<" + unknown + ">)";
        };

        int asScoped = fx.call("PUT", target)
                .body("x")
                .header("If", condition)
                .token(scoped)
                .send()
                .status();
        int asUnscoped = fx.call("PUT", target)
                .body("x")
                .header("If", condition)
                .token(unscoped)
                .send()
                .status();

        assertThat(asScoped).as(how).isEqualTo(asUnscoped).isBetween(400, 499);
        assertThat(stillLocked(DAV + top + "/out/x.txt")).isTrue();
        assertThat(stillLocked(in + "a.txt")).isTrue();
        fx.call("PUT", in + "a.txt")
                .token(scoped)
                .body("mine")
                .header("If", "(<" + own + ">)")
                .expect("204");
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            If         | <opaquelocktoken:x>
            If         | (opaquelocktoken:x)
            If         | (<opaquelocktoken:x>
            If         | ()
            If         | (<no scheme>)
            If         | (<urn:x>) </dav/personal-files/> (<urn:y>)
            If         | <//evil/dav/> (<urn:x>)
            If         | (<urn:x#f>)
            If         | ([unquoted])
            If         | garbage
            Lock-Token | opaquelocktoken:x
            Lock-Token | <opaquelocktoken:x> <opaquelocktoken:y>
            Lock-Token | <>
            Lock-Token | (<opaquelocktoken:x>)
            """)
    void lockHeaderWhenMalformedThen400BeforeTheBackend(String header, String value) throws Exception {
        String scoped = fx.issue("alice", fx.scope("personal-files/proj", "rw"));
        String method = header.equals("If") ? "PUT" : "UNLOCK";

        fx.call(method, "/dav/personal-files/proj/a.txt")
                .token(scoped)
                .body(method.equals("PUT") ? "x" : null)
                .header(header, value)
                .expectRaw("400");
    }

    @ParameterizedTest(name = "[{index}] two {0} headers")
    @ValueSource(strings = {"If", "Lock-Token"})
    void lockHeaderWhenRepeatedThen400BeforeTheBackend(String header) throws Exception {
        String top = tree();
        String in = DAV + top + "/in/";
        String scoped = fx.issue("alice", fx.scope("personal-files/" + top + "/in", "rw"));
        String own = lock(scoped, in + "a.txt", null);
        String value = header.equals("If") ? "(<" + own + ">)" : "<" + own + ">";

        fx.call(header.equals("If") ? "PROPPATCH" : "UNLOCK", in + "a.txt")
                .token(scoped)
                .body(header.equals("If") ? ScopeFixture.PROPPATCH_BODY : null)
                .rawHeaderLine(header + ": " + value)
                .rawHeaderLine(header + ": " + value)
                .expectRaw("400");
        assertThat(stillLocked(in + "a.txt")).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"(Not <DAV:no-lock>)", "([\"any\"])", "(<DAV:no-lock>) (Not <DAV:no-lock>)"})
    void ifWhenItNamesNoLockThenOnlyTheTargetsCount(String value) throws Exception {
        String scoped = fx.issue("alice", fx.scope("personal-files/proj", "r"));

        fx.call("GET", "/dav/personal-files/proj/a.txt")
                .token(scoped)
                .header("If", value)
                .expect("fwd");
        fx.call("GET", "/dav/personal-files/other/o.txt")
                .token(scoped)
                .header("If", value)
                .expect("403 read");
        fx.call("GET", "/dav/personal-files/proj/a.txt")
                .token(scoped)
                .header("If", "</dav/personal-files/other/o.txt> " + value)
                .expect("403 read");
    }

    @Test
    void lockWhenUnscopedTokenThenItActsOnAnyLockItsUserMay() throws Exception {
        String top = tree();
        String lock = lock(unscoped, DAV + top + "/", "infinity");

        fx.call("LOCK", DAV + top + "/in/")
                .token(unscoped)
                .header("If", "<" + DAV + top + "/> (<" + lock + ">)")
                .expect("200");
        fx.call("UNLOCK", DAV + top + "/in/a.txt")
                .token(unscoped)
                .header("Lock-Token", "<" + lock + ">")
                .expect("204");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"If", "Lock-Token"})
    void lockHeaderWhenOnARestRequestThenRefused(String header) throws Exception {
        String scoped = fx.issue("alice", fx.scope("personal-files/proj", "rw"));

        fx.call("GET", "/a/tree/stat/personal-files/proj/a.txt")
                .token(scoped)
                .header(header, header.equals("If") ? "(<urn:x>)" : "<urn:x>")
                .expect("403 write");
    }
}
