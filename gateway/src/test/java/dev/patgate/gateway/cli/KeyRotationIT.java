package dev.patgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.DemoBackend;
import dev.patgate.gateway.Gateway;
import dev.patgate.gateway.TestHome;
import dev.patgate.gateway.config.ConfigLoader;
import dev.patgate.testsupport.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What rotating {@code token.key} does today (docs/operations.md, "Rotating token.key"): the store
 * keeps an HMAC of each secret under the one key, with no key id, so a new key makes every existing
 * token fail to match and only tokens made under it work; the old key brings the old tokens back.
 * {@code keys init} never replaces a key that exists.
 */
class KeyRotationIT {

    @TempDir
    Path home;

    private final TestClock clock = TestClock.atDefaultStart();
    private final HttpClient http = HttpClient.newHttpClient();
    private CliEnvironment environment;
    private DemoBackend backend;

    @BeforeEach
    void setUp() throws Exception {
        backend = DemoBackend.start(home, clock, null);
        TestHome.create(home, backend.url());
        environment = new CliEnvironment(clock, Map.of("PATGATE_HOME", home.toString()), home);
        assertThat(CliRun.of(environment, "keys", "init").code()).isZero();
    }

    @AfterEach
    void tearDown() {
        backend.close();
    }

    @Test
    void keysInitWhenTheKeysExistThenLeavesThemAsTheyAre() throws Exception {
        byte[] tokenKey = Files.readAllBytes(tokenKey());
        byte[] identityKey = Files.readAllBytes(home.resolve("var/identity.key"));

        CliRun run = CliRun.of(environment, "keys", "init");

        assertThat(run.code()).isZero();
        assertThat(Files.readAllBytes(tokenKey())).isEqualTo(tokenKey);
        assertThat(Files.readAllBytes(home.resolve("var/identity.key"))).isEqualTo(identityKey);
    }

    @Test
    void tokenKeyWhenReplacedThenEveryEarlierTokenIsRefusedAndTheOldKeyBringsThemBack() throws Exception {
        String before = token("alice");
        String beforeBob = token("bob");
        assertThat(status(before)).isEqualTo(207);
        Path oldKey = Files.move(tokenKey(), home.resolve("token.key.old"));

        assertThat(CliRun.of(environment, "keys", "init").code()).isZero();
        assertThat(Files.readAllBytes(tokenKey())).isNotEqualTo(Files.readAllBytes(oldKey));
        String after = token("alice");

        assertThat(status(before)).isEqualTo(401);
        assertThat(status(beforeBob)).isEqualTo(401);
        assertThat(status(after)).isEqualTo(207);

        Files.move(oldKey, tokenKey(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(status(before)).isEqualTo(207);
        assertThat(status(beforeBob)).isEqualTo(207);
        assertThat(status(after)).isEqualTo(401);
    }

    private Path tokenKey() {
        return home.resolve("var/token.key");
    }

    private String token(String login) {
        CliRun run = CliRun.of(environment, "admin", "user", "token", "-u", login, "-e", "1h", "-q");
        assertThat(run.code()).as(run.err()).isZero();
        return run.out().strip();
    }

    /** PROPFIND of the user's folder through a gateway started now, with the key on disk now. */
    private int status(String token) throws Exception {
        try (Gateway gateway =
                Gateway.start(ConfigLoader.load(home.resolve("config/gateway.yaml"), home, Map.of()), clock)) {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.port() + "/dav/personal-files/"))
                    .header("Authorization", "Bearer " + token)
                    .header("Depth", "0")
                    .method("PROPFIND", HttpRequest.BodyPublishers.noBody())
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
