package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.patgate.auth.TokenRequest;
import dev.patgate.demo.DemoConfig;
import dev.patgate.demo.DemoServer;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.LimitsConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.gateway.users.UserDirectoryWatcher;
import dev.patgate.testsupport.Challenges;
import dev.patgate.testsupport.LogCapture;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.KeyFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user directory takes effect on a running gateway, with no restart: a real webdav-demo backend,
 * real gateways on ephemeral ports, a real users file edited on disk. One gateway watches its file
 * every second (the default {@code tokens.users_check_interval}), and the tests that prove "within
 * 2 s" poll it against a deadline: file watching is real time. The other checks its file only once
 * a day, so that what changes it is only the reload the tests call (what SIGHUP calls).
 */
class UserDirectoryReloadIT {

    /** The promise: a removed or disabled user's tokens are refused within this. */
    private static final Duration PROMISE = Duration.ofSeconds(2);
    /** What the backend answers the test's PROPFIND when the token passes. */
    private static final int ACCEPTED = 207;

    @TempDir
    static Path home;

    private static final TestClock clock = TestClock.atDefaultStart();
    private static final Map<String, String> HASHES = new LinkedHashMap<>();
    private static DemoServer backend;
    private static Gateway watching;
    private static Gateway manual;
    private static Path watchedFile;
    private static Path manualFile;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        TestHome.create(home, "http://127.0.0.1:1");
        for (String login : List.of("alice", "bob", "carol", "dave", "erin", "frank")) {
            HASHES.put(login, TestHome.hash(login + "-pw"));
        }
        GatewayConfig defaults = GatewayConfig.defaults(home);
        KeyFile.loadOrCreate(defaults.identityKeyFile());
        backend = DemoServer.start(DemoConfig.builder()
                .port(0)
                .dataDir(home.resolve("demo-files"))
                .identityKeyFile(defaults.identityKeyFile())
                .clock(clock)
                .build());
        GatewayConfig common = defaults.withListen(ListenConfig.DEFAULT.withPort(0))
                .withUpstream(UpstreamConfig.DEFAULT.withUrl(backend.uri()))
                .withLimits(LimitsConfig.DEFAULT.withFreeFailures(100_000));
        watchedFile = home.resolve("config/users-watched.yaml");
        manualFile = home.resolve("config/users-manual.yaml");
        writeUsers(watchedFile, users("alice", "bob", "carol"));
        writeUsers(manualFile, users("dave", "erin", "frank"));
        assertThat(common.tokens().usersCheckInterval()).isEqualTo(Duration.ofSeconds(1));
        watching = Gateway.start(common.withUsersFile(watchedFile), clock);
        manual = Gateway.start(
                common.withUsersFile(manualFile).withTokens(common.tokens().withUsersCheckInterval(Duration.ofDays(1))),
                clock);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        if (watching != null) {
            watching.close();
        }
        if (manual != null) {
            manual.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void runningGatewayWhenUserRemovedFromFileThenTheirTokenIs401WithinTwoSecondsNamingWhy() throws Exception {
        String bobs = issue(watching, "bob");
        String alices = issue(watching, "alice");
        assertThat(get(watching, bobs).statusCode()).isEqualTo(ACCEPTED);

        try (LogCapture logs = LogCapture.start()) {
            Map<String, String> withoutBob = users("alice", "carol");
            long written = System.nanoTime();
            replaceUsers(watchedFile, withoutBob);
            HttpResponse<String> refused = awaitStatus(watching, bobs, 401, written);

            assertThat(refused.headers().allValues("WWW-Authenticate"))
                    .containsExactly(Challenges.BASIC, Challenges.INVALID_TOKEN);
            assertThat(get(watching, alices).statusCode())
                    .as("others unaffected")
                    .isEqualTo(ACCEPTED);
            assertThat(logs.text()).contains("outcome=invalid_token reason=\"user unknown\" user=bob");
        } finally {
            writeUsers(watchedFile, users("alice", "bob", "carol"));
            watching.checkUsers();
        }
    }

    @Test
    void runningGatewayWhenUserDisabledInFileThenTokenIs401WithinTwoSecondsAndWorksAgainOnceEnabled() throws Exception {
        String carols = issue(watching, "carol");
        assertThat(get(watching, carols).statusCode()).isEqualTo(ACCEPTED);

        try (LogCapture logs = LogCapture.start()) {
            long written = System.nanoTime();
            writeUsers(watchedFile, users("alice", "bob", "carol!"));
            HttpResponse<String> refused = awaitStatus(watching, carols, 401, written);

            assertThat(refused.headers().allValues("WWW-Authenticate"))
                    .containsExactly(Challenges.BASIC, Challenges.INVALID_TOKEN);
            assertThat(logs.text()).contains("outcome=invalid_token reason=\"user disabled\" user=carol");
        } finally {
            writeUsers(watchedFile, users("alice", "bob", "carol"));
        }
        assertThat(watching.checkUsers()).as("enabled again").isTrue();
        assertThat(get(watching, carols).statusCode()).isEqualTo(ACCEPTED);
    }

    @Test
    void reloadWhenFileIsBadThenOldDirectoryKeptAndOneWarningLineWithoutAHash() throws Exception {
        String daves = issue(manual, "dave");
        try (LogCapture logs = LogCapture.start()) {
            Files.writeString(
                    manualFile,
                    "users:\n  erin:\n    password_hash: \"" + HASHES.get("erin") + "\"\n"
                            + "  dave: [not, a, mapping\n");

            assertThat(manual.reloadUsers()).isFalse();
            assertThat(manual.checkUsers())
                    .as("the bad file is not retried until it changes")
                    .isFalse();

            assertThat(get(manual, daves).statusCode()).as("old directory kept").isEqualTo(ACCEPTED);
            List<ILoggingEvent> lines = logs.events().stream()
                    .filter(e -> e.getLoggerName().equals(UserDirectoryWatcher.class.getName()))
                    .toList();
            assertThat(lines).hasSize(1);
            ILoggingEvent line = lines.get(0);
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getThrowableProxy()).isNull();
            assertThat(line.getFormattedMessage())
                    .doesNotContain("\n")
                    .contains("not reloaded, keeping the previous one", manualFile.toString(), "not valid YAML")
                    .doesNotContain("$2y$");
        } finally {
            writeUsers(manualFile, users("dave", "erin", "frank"));
            assertThat(manual.reloadUsers()).isTrue();
        }
    }

    @Test
    void reloadWhenBindingFailsThenTheWarningNamesTheFieldNotTheValue() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            Files.writeString(
                    manualFile,
                    "users:\n  erin:\n    password_hash: \"" + HASHES.get("erin") + "\"\n    disabled: maybe\n");

            assertThat(manual.reloadUsers()).isFalse();

            assertThat(logs.text())
                    .contains("users.erin.disabled")
                    .doesNotContain(HASHES.get("erin"))
                    .doesNotContain("maybe");
        } finally {
            writeUsers(manualFile, users("dave", "erin", "frank"));
            assertThat(manual.reloadUsers()).isTrue();
        }
    }

    @Test
    void reloadWhenCalledAsSighupDoesThenDisabledAndRemovedUsersRefusedAtOnce() throws Exception {
        String erins = issue(manual, "erin");
        String franks = issue(manual, "frank");
        try {
            writeUsers(manualFile, users("dave", "erin!"));
            assertThat(get(manual, erins).statusCode())
                    .as("not checked until asked: this gateway's interval is a day")
                    .isEqualTo(ACCEPTED);

            assertThat(manual.reloadUsers()).isTrue();

            assertThat(get(manual, erins).statusCode()).isEqualTo(401);
            assertThat(get(manual, franks).statusCode()).isEqualTo(401);
        } finally {
            writeUsers(manualFile, users("dave", "erin", "frank"));
            assertThat(manual.reloadUsers()).isTrue();
        }
        assertThat(get(manual, erins).statusCode()).as("re-enabled, re-added").isEqualTo(ACCEPTED);
        assertThat(get(manual, franks).statusCode()).isEqualTo(ACCEPTED);
    }

    @Test
    void tokenApiWhenUserDisabledThenTheirPasswordIsRefusedAndWhenEnabledAccepted() throws Exception {
        HttpRequest list = HttpRequest.newBuilder(URI.create(manual.uri() + "/patgate/tokens"))
                .header("Authorization", dev.patgate.testsupport.Requests.basic("frank", "frank-pw"))
                .build();
        assertThat(http.send(list, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
        try {
            writeUsers(manualFile, users("dave", "erin", "frank!"));
            assertThat(manual.reloadUsers()).isTrue();

            assertThat(http.send(list, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(401);
        } finally {
            writeUsers(manualFile, users("dave", "erin", "frank"));
            assertThat(manual.reloadUsers()).isTrue();
        }
        assertThat(http.send(list, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
    }

    /** Polls until the token gets {@code status}, and fails past the promise counted from {@code since}. */
    private static HttpResponse<String> awaitStatus(Gateway gateway, String token, int status, long since)
            throws Exception {
        long deadline = since + PROMISE.toNanos();
        while (true) {
            HttpResponse<String> response = get(gateway, token);
            if (response.statusCode() == status) {
                assertThat(System.nanoTime()).as("answered within %s", PROMISE).isLessThanOrEqualTo(deadline);
                return response;
            }
            assertThat(System.nanoTime())
                    .as("still %d %s after the file changed", response.statusCode(), PROMISE)
                    .isLessThan(deadline);
            Thread.sleep(50); // real file watching: the one place these tests wait
        }
    }

    /** Logins, each enabled, or disabled when written with a trailing {@code !}. */
    private static Map<String, String> users(String... logins) {
        Map<String, String> users = new LinkedHashMap<>();
        for (String login : logins) {
            users.put(login, login);
        }
        return users;
    }

    private static void writeUsers(Path file, Map<String, String> users) throws Exception {
        Files.writeString(file, render(users), StandardCharsets.UTF_8);
    }

    /** As an editor or the CLI does it: a new file moved over the old one. */
    private static void replaceUsers(Path file, Map<String, String> users) throws Exception {
        Path temp = Files.writeString(file.resolveSibling(file.getFileName() + ".new"), render(users));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String render(Map<String, String> users) {
        StringBuilder yaml = new StringBuilder("users:\n");
        for (String entry : users.keySet()) {
            boolean disabled = entry.endsWith("!");
            String login = disabled ? entry.substring(0, entry.length() - 1) : entry;
            yaml.append("  ").append(login).append(":\n");
            yaml.append("    password_hash: \"").append(HASHES.get(login)).append("\"\n");
            if (disabled) {
                yaml.append("    disabled: true\n");
            }
        }
        return yaml.toString();
    }

    private static String issue(Gateway gateway, String login) {
        return gateway.issuer()
                .issue(new TokenRequest(login, "reload-it", "test", Duration.ofHours(1), null, List.of()))
                .plaintext();
    }

    private static HttpResponse<String> get(Gateway gateway, String token) throws Exception {
        URI uri = URI.create(gateway.uri() + "/dav/personal-files/");
        return http.send(
                HttpRequest.newBuilder(uri)
                        .method("PROPFIND", HttpRequest.BodyPublishers.noBody())
                        .header("Depth", "0")
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
