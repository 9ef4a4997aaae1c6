package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.auth.TokenRequest;
import dev.patgate.demo.RecordedRequest;
import dev.patgate.gateway.cli.Cli;
import dev.patgate.gateway.cli.CliEnvironment;
import dev.patgate.gateway.config.ConfigLoader;
import dev.patgate.testsupport.LogCapture;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream mode {@code cells}, edition home: the operator registers a user's Cells token with
 * {@code patgate admin user upstream-token -u LOGIN --token-stdin}; the gateway then forwards that
 * user's requests with it, and never the patgate token.
 */
class CellsHomeIT {

    private static final String STAT = "/a/tree/stat/personal-files";

    @TempDir
    Path home;

    private final TestClock clock = TestClock.atDefaultStart();
    private final HttpClient http = HttpClient.newHttpClient();
    private CellsStandIn cells;
    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        cells = CellsStandIn.start(home, clock);
        TestHome.create(home, cells.url());
        Files.writeString(home.resolve("config/gateway.yaml"), """
                listen:
                  port: 0
                upstream:
                  url: %s
                  identity: cells
                  cells:
                    edition: home
                    users_check_interval: 5s
                data_dir: var
                """.formatted(cells.url()));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        cells.close();
    }

    private record Run(int code, String out, String err) {}

    private Run cli(String stdin, String... args) {
        CliEnvironment environment = new CliEnvironment(clock, Map.of("PATGATE_HOME", home.toString()), home)
                .withInput(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), null);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(environment, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private HttpResponse<String> get(String patgateToken) throws Exception {
        return http.send(
                Requests.builder(
                                URI.create(gateway.uri() + STAT),
                                "GET",
                                null,
                                "Authorization",
                                "Bearer " + patgateToken)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void startGateway() throws Exception {
        Path file = home.resolve("config/gateway.yaml");
        gateway = Gateway.start(ConfigLoader.load(file, home, Map.of()), clock);
    }

    @Test
    void upstreamTokenWhenRegisteredFromStdinThenRequestsArriveWithIt() throws Exception {
        String cellsToken = cells.mint("alice", Duration.ofDays(30));

        Run registered = cli(cellsToken + "\n", "admin", "user", "upstream-token", "-u", "alice", "--token-stdin");

        assertThat(registered.code()).as(registered.err()).isZero();
        assertThat(registered.out() + registered.err()).doesNotContain(cellsToken);
        startGateway();
        String patgate = gateway.issuer()
                .issue(new TokenRequest("alice", "home-it", "test", Duration.ofDays(1), null, List.of()))
                .plaintext();
        assertThat(get(patgate).statusCode()).isEqualTo(200);
        RecordedRequest seen = cells.recorded(r -> r.uri().startsWith(STAT)).get(0);
        assertThat(seen.header("Authorization")).containsExactly("Bearer " + cellsToken);
        assertThat(cells.recorded())
                .noneMatch(
                        r -> r.headers().values().stream().flatMap(List::stream).anyMatch(v -> v.contains(patgate)));
        byte[] database = Files.readAllBytes(home.resolve("var/patgate.db"));
        assertThat(new String(database, StandardCharsets.ISO_8859_1)).doesNotContain(cellsToken);
    }

    @Test
    void upstreamTokenWhenCellsRefusesTheTokenThenNothingIsStoredAndTheTokenIsNotShown() throws Exception {
        String bobs = cells.mint("bob", Duration.ofDays(30));

        Run wrongUser = cli(bobs + "\n", "admin", "user", "upstream-token", "-u", "alice", "--token-stdin");
        Run garbage = cli("not-a-cells-token\n", "admin", "user", "upstream-token", "-u", "alice", "--token-stdin");
        Run noInput = cli("", "admin", "user", "upstream-token", "-u", "alice");

        assertThat(wrongUser.code()).isEqualTo(2);
        assertThat(wrongUser.err())
                .contains("Cells refused the token for alice")
                .doesNotContain(bobs);
        assertThat(garbage.code()).isEqualTo(2);
        assertThat(garbage.err()).doesNotContain("not-a-cells-token");
        assertThat(noInput.code()).isEqualTo(2);
        assertThat(noInput.err()).contains("--token-stdin");
        startGateway();
        String patgate = gateway.issuer()
                .issue(new TokenRequest("alice", "home-it", "test", Duration.ofDays(1), null, List.of()))
                .plaintext();
        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < 3; i++) {
                assertThat(get(patgate).statusCode())
                        .as("no Cells token registered for alice")
                        .isEqualTo(503);
            }
            assertThat(warnings(logs))
                    .as("one line for three requests in a minute")
                    .isEqualTo(1);
            clock.advance(Duration.ofMinutes(1));
            assertThat(get(patgate).statusCode()).isEqualTo(503);
            assertThat(warnings(logs)).as("and one more a minute later").isEqualTo(2);
        }
        assertThat(cells.recorded(r -> r.uri().startsWith(STAT))).isEmpty();
    }

    private static long warnings(LogCapture logs) {
        return logs.text()
                .lines()
                .filter(line -> line.contains("no Cells token registered for alice"))
                .count();
    }

    @Test
    void lockedWhenTheHomeUserIsLockedThenRefusedAfterTheNextUsersCheck() throws Exception {
        String cellsToken = cells.mint("alice", Duration.ofDays(30));
        assertThat(cli(cellsToken + "\n", "admin", "user", "upstream-token", "-u", "alice", "--token-stdin")
                        .code())
                .isZero();
        startGateway();
        String patgate = gateway.issuer()
                .issue(new TokenRequest("alice", "home-it", "test", Duration.ofDays(1), null, List.of()))
                .plaintext();
        assertThat(get(patgate).statusCode()).isEqualTo(200);

        cells.lock("alice");
        gateway.checkCells();

        assertThat(get(patgate).statusCode()).isEqualTo(401);
    }

    @Test
    void tokenCreateWhenTheUserIsUnknownOrLockedInCellsThenRefused() throws Exception {
        String cellsToken = cells.mint("alice", Duration.ofDays(30));
        assertThat(cli(cellsToken + "\n", "admin", "user", "upstream-token", "-u", "alice", "--token-stdin")
                        .code())
                .isZero();

        Run created = cli("", "admin", "user", "token", "-u", "alice", "-a", "1d", "-q");
        Run unregistered = cli("", "admin", "user", "token", "-u", "bob", "-a", "1d", "-q");
        cells.lock("alice");
        Run locked = cli("", "admin", "user", "token", "-u", "alice", "-a", "1d", "-q");

        assertThat(created.code()).as(created.err()).isZero();
        assertThat(unregistered.code()).isEqualTo(2);
        assertThat(unregistered.err()).contains("no Cells token is registered for bob");
        assertThat(locked.code()).isEqualTo(2);
        assertThat(locked.err()).contains("locked in Cells");
    }
}
