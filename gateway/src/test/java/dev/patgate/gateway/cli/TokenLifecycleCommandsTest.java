package dev.patgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.gateway.TestHome;
import dev.patgate.store.JdbcTokenStore;
import dev.patgate.store.TokenUse;
import dev.patgate.testsupport.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code admin token list}, {@code rotate} and {@code prune}, and the expiry rules at creation. */
class TokenLifecycleCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private final TestClock clock = TestClock.atDefaultStart();
    private CliEnvironment environment;

    @BeforeEach
    void setUp() throws Exception {
        TestHome.create(home, "http://127.0.0.1:8081");
        environment = new CliEnvironment(clock, Map.of("PATGATE_HOME", home.toString()), home);
    }

    private String token(String... args) {
        String[] full = new String[args.length + 4];
        full[0] = "admin";
        full[1] = "user";
        full[2] = "token";
        System.arraycopy(args, 0, full, 3, args.length);
        full[full.length - 1] = "-q";
        CliRun run = CliRun.of(environment, full);
        assertThat(run.code()).as(run.err()).isZero();
        return run.out().strip();
    }

    private static String id(String token) {
        return token.substring(5, 17);
    }

    private JdbcTokenStore store() {
        return JdbcTokenStore.open("jdbc:sqlite:" + home.resolve("var/patgate.db"), null, null);
    }

    @Test
    void listWhenAllThenEveryUsersTokensWithExpiryKindsLastUseAndState() {
        String hard = token("-u", "alice", "-e", "1h", "-l", "laptop");
        clock.advance(Duration.ofMinutes(1));
        String sliding = token("-u", "bob", "-a", "30m");
        clock.advance(Duration.ofMinutes(1));
        String capped = token("-u", "alice", "-e", "2h", "-a", "10m");
        try (JdbcTokenStore store = store()) {
            store.recordUses(List.of(new TokenUse(id(capped), clock.instant(), "192.0.2.7")));
            store.revoke(id(sliding), clock.instant());
        }

        CliRun run = CliRun.of(environment, "admin", "token", "list", "--all");

        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).split(" {2,}"))
                .containsExactly(
                        "ID",
                        "USER",
                        "LABEL",
                        "CREATED",
                        "EXPIRY",
                        "VALID UNTIL",
                        "LAST USED",
                        "FROM",
                        "STATE",
                        "SCOPES");
        assertThat(lines.get(1).split(" {2,}"))
                .containsExactly(
                        id(capped),
                        "alice",
                        "-",
                        "2025-06-01 10:02:00Z",
                        "sliding 10m, cap 2025-06-01 12:02:00Z",
                        "2025-06-01 10:12:00Z",
                        "2025-06-01 10:02:00Z",
                        "192.0.2.7",
                        "active",
                        "-");
        assertThat(lines.get(2).split(" {2,}"))
                .containsExactly(
                        id(sliding),
                        "bob",
                        "-",
                        "2025-06-01 10:01:00Z",
                        "sliding 30m",
                        "2025-06-01 10:31:00Z",
                        "-",
                        "-",
                        "revoked",
                        "-");
        assertThat(lines.get(3).split(" {2,}"))
                .containsExactly(
                        id(hard),
                        "alice",
                        "laptop",
                        "2025-06-01 10:00:00Z",
                        "hard",
                        "2025-06-01 11:00:00Z",
                        "-",
                        "-",
                        "active",
                        "-");
        assertThat(run.out()).doesNotContain(hard.substring(18), sliding.substring(18), capped.substring(18));
    }

    @Test
    void listWhenStateAndJsonThenOnlyThoseAsTheApiShowsThem() throws Exception {
        String hard = token("-u", "alice", "-e", "1h", "-l", "laptop");
        String gone = token("-u", "alice", "-e", "1h");
        CliRun.of(environment, "admin", "token", "revoke", id(gone));

        CliRun active = CliRun.of(environment, "admin", "token", "list", "-u", "alice", "--state", "active", "--json");
        CliRun revoked = CliRun.of(environment, "admin", "token", "list", "-u", "alice", "--state", "revoked");
        CliRun expired = CliRun.of(environment, "admin", "token", "list", "-u", "alice", "--state", "expired");

        JsonNode listing = JSON.readTree(active.out());
        assertThat(listing.get("tokens")).hasSize(1);
        JsonNode token = listing.get("tokens").get(0);
        assertThat(token.get("id").asText()).isEqualTo(id(hard));
        assertThat(token.get("label").asText()).isEqualTo("laptop");
        assertThat(token.get("expiry_kind").asText()).isEqualTo("hard");
        assertThat(token.get("expires_at").asText()).isEqualTo("2025-06-01T11:00:00Z");
        assertThat(token.get("last_used_at").isNull()).isTrue();
        assertThat(listing.get("next_cursor").isNull()).isTrue();
        assertThat(active.out()).doesNotContain(hard.substring(18));
        assertThat(revoked.out()).contains(id(gone)).doesNotContain(id(hard));
        assertThat(expired.out()).isEqualTo("no expired tokens for alice" + System.lineSeparator());
    }

    @Test
    void listWhenNeitherUserNorAllOrBadStateThenExitTwo() {
        CliRun neither = CliRun.of(environment, "admin", "token", "list");
        CliRun both = CliRun.of(environment, "admin", "token", "list", "-u", "alice", "--all");
        CliRun state = CliRun.of(environment, "admin", "token", "list", "--all", "--state", "gone");

        assertThat(neither.code()).isEqualTo(2);
        assertThat(both.code()).isEqualTo(2);
        assertThat(state.code()).isEqualTo(2);
        assertThat(state.err()).startsWith("patgate admin token list: --state: one of active, expired, revoked");
    }

    @Test
    void rotateWhenActiveThenNewTokenPrintedOldRevokedAndSettingsKept() {
        String old = token("-u", "alice", "-e", "2h", "-a", "10m", "-l", "phone");
        clock.advance(Duration.ofMinutes(5));

        CliRun run = CliRun.of(environment, "admin", "token", "rotate", id(old));

        assertThat(run.code()).as(run.err()).isZero();
        String successor = run.out().lines().findFirst().orElseThrow();
        assertThat(successor).matches("patg_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}");
        assertThat(run.out())
                .contains("replaces " + id(old) + ", which is revoked")
                .contains("never after 2025-06-01 12:00:00Z");
        try (JdbcTokenStore store = store()) {
            assertThat(store.findById(id(old)).orElseThrow().revokedAt()).isEqualTo(clock.instant());
            var record = store.findById(id(successor)).orElseThrow();
            assertThat(record.label()).isEqualTo("phone");
            assertThat(record.expiresAt())
                    .isEqualTo(store.findById(id(old)).orElseThrow().expiresAt());
            assertThat(record.refreshWindow()).isEqualTo(Duration.ofMinutes(10));
        }
        CliRun again = CliRun.of(environment, "admin", "token", "rotate", id(old));
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("the token is revoked; only an active token can be rotated");
        assertThat(CliRun.of(environment, "admin", "token", "rotate", "nosuchtoken1")
                        .err())
                .contains("no token has the id nosuchtoken1");
    }

    @Test
    void pruneWhenOlderThanTheConfiguredAgeThenDeletedElseKept() throws Exception {
        Files.writeString(
                home.resolve("config/gateway.yaml"),
                Files.readString(home.resolve("config/gateway.yaml")) + "\ntokens:\n  prune_after: 7d\n");
        String expiredLongAgo = token("-u", "alice", "-e", "1h");
        String revokedRecently = token("-u", "alice", "-e", "30d");
        String active = token("-u", "bob", "-e", "30d");
        clock.advance(Duration.ofDays(7).plusHours(1).plusSeconds(1));
        CliRun.of(environment, "admin", "token", "revoke", id(revokedRecently));

        CliRun dry = CliRun.of(environment, "admin", "token", "prune", "--dry-run");
        CliRun run = CliRun.of(environment, "admin", "token", "prune");

        assertThat(dry.out())
                .startsWith("would delete 1 token record revoked or expired before 2025-06-01 11:00:01Z" + " (7d ago): "
                        + id(expiredLongAgo));
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("deleted 1 token record").contains(id(expiredLongAgo));
        try (JdbcTokenStore store = store()) {
            assertThat(store.findById(id(expiredLongAgo))).isEmpty();
            assertThat(store.findById(id(revokedRecently))).isPresent();
            assertThat(store.findById(id(active))).isPresent();
        }
        clock.advance(Duration.ofSeconds(2));
        assertThat(CliRun.of(environment, "admin", "token", "prune", "--older-than", "1s")
                        .out())
                .startsWith("deleted 1 token record")
                .contains(id(revokedRecently));
    }

    @Test
    void tokenWhenWindowNotShorterThanHardExpiryOrBidiLabelThenExitTwoSayingWhy() {
        CliRun window = CliRun.of(environment, "admin", "user", "token", "-u", "alice", "-e", "1h", "-a", "1h");
        CliRun bidi =
                CliRun.of(environment, "admin", "user", "token", "-u", "alice", "-e", "1h", "-l", "cod\u202Egnp.exe");

        assertThat(window.code()).isEqualTo(2);
        assertThat(window.err())
                .contains("the sliding window (1h) must be shorter than the hard expiry (1h)")
                .contains("would never apply");
        assertThat(bidi.code()).isEqualTo(2);
        assertThat(bidi.err()).contains("-l: a label is at most 100 printable characters");
    }
}
