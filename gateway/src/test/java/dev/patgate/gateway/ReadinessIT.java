package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.patgate.gateway.config.ConfigLoader;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.UpstreamConfig;
import dev.patgate.testsupport.TestClock;
import dev.patgate.testsupport.TestPostgres;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /healthz} and {@code /readyz} on real gateways: readiness follows the store (a PostgreSQL
 * database that stops accepting connections, and accepts them again) and the backend (a listening
 * socket closed and opened again on the same port). The probe's cache runs on the gateway's clock:
 * the test moves it instead of sleeping.
 */
class ReadinessIT {

    private static final TestPostgres POSTGRES = TestPostgres.server();
    private static final String DATABASE = TestPostgres.uniqueName("patgate_readyz_it");
    private static final String USER = POSTGRES.user();

    @TempDir
    Path home;

    private final TestClock clock = TestClock.atDefaultStart();
    private final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(Gateway gateway, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(gateway.uri() + path))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A backend that accepts TCP connections (into its backlog) on a port that stays the same. */
    private static ServerSocket listen(int port) throws Exception {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    @Test
    void readyzWhenBackendGoesAndComesBackThen503Then200() throws Exception {
        ServerSocket backend = listen(0);
        int port = backend.getLocalPort();
        TestHome.create(home, "http://127.0.0.1:" + port);
        try (Gateway gateway = Gateway.start(
                GatewayConfig.defaults(home)
                        .withListen(ListenConfig.DEFAULT.withPort(0))
                        .withUpstream(UpstreamConfig.DEFAULT.withUrl(URI.create("http://127.0.0.1:" + port))),
                clock)) {
            HttpResponse<String> ready = get(gateway, "/readyz");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("ready\n");

            backend.close();
            // within a second of the last check the answer is the cached one
            assertThat(get(gateway, "/readyz").statusCode()).isEqualTo(200);
            clock.advance(Duration.ofMillis(1001));
            HttpResponse<String> down = get(gateway, "/readyz");

            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body())
                    .startsWith("not ready: backend: cannot connect to 127.0.0.1:" + port + " (")
                    .endsWith("\n")
                    .hasLineCount(1);
            assertThat(down.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
            assertThat(get(gateway, "/healthz").statusCode()).isEqualTo(200);

            backend = listen(port);
            assertThat(get(gateway, "/readyz").statusCode()).isEqualTo(503);
            clock.advance(Duration.ofSeconds(1));

            assertThat(get(gateway, "/readyz").statusCode()).isEqualTo(200);
        } finally {
            backend.close();
        }
    }

    @Test
    void readyzWhenStoreStopsAcceptingConnectionsThen503ThenBackTo200() throws Exception {
        try (ServerSocket backend = listen(0)) {
            String upstream = "http://127.0.0.1:" + backend.getLocalPort();
            TestHome.create(home, upstream);
            createDatabase();
            GatewayConfig config = ConfigLoader.fromText(
                            "store: {url: '" + POSTGRES.url(DATABASE) + "', user: " + USER + "}",
                            "test",
                            home,
                            Map.of())
                    .withListen(ListenConfig.DEFAULT.withPort(0))
                    .withUpstream(UpstreamConfig.DEFAULT.withUrl(URI.create(upstream)));
            try (Gateway gateway = Gateway.start(config, clock)) {
                assertThat(get(gateway, "/readyz").statusCode()).isEqualTo(200);

                admin(
                        "ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS false",
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + DATABASE + "'");
                clock.advance(Duration.ofSeconds(2));
                HttpResponse<String> down = get(gateway, "/readyz");

                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).startsWith("not ready: store: ").hasLineCount(1);
                assertThat(get(gateway, "/healthz").statusCode()).isEqualTo(200);

                admin("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS true");
                // the pool reconnects once its pending attempt gives up: ask until it has (bounded)
                int status = 503;
                for (int attempt = 0; attempt < 20 && status != 200; attempt++) {
                    clock.advance(Duration.ofSeconds(2));
                    status = get(gateway, "/readyz").statusCode();
                }
                assertThat(status).isEqualTo(200);
            } finally {
                admin("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS true");
                admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            }
        }
    }

    private static void createDatabase() throws SQLException {
        try (Connection c = connect()) {
            c.isValid(2);
        } catch (SQLException e) {
            if ("1".equals(System.getenv("PATGATE_SKIP_POSTGRES"))) {
                Assumptions.abort("PostgreSQL unreachable and PATGATE_SKIP_POSTGRES=1: " + e.getMessage());
            }
            fail("PostgreSQL at " + POSTGRES.url() + " is unreachable (set PATGATE_SKIP_POSTGRES=1 to skip): "
                    + e.getMessage());
        }
        admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)", "CREATE DATABASE " + DATABASE);
    }

    private static void admin(String... statements) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static Connection connect() throws SQLException {
        return POSTGRES.connect();
    }
}
