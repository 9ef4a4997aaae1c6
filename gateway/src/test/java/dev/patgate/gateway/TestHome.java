package dev.patgate.gateway;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.config.ConfigLoader;
import dev.patgate.testsupport.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A PATGATE_HOME in a temporary folder: config/gateway.yaml (port 0, the given upstream) and
 * config/users.yaml with alice, bob (password {@code <login>-pw}) and admin (an admin).
 */
public final class TestHome {

    private TestHome() {}

    public static Path create(Path dir, String upstreamUrl) throws IOException {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("gateway.yaml"), """
                listen:
                  port: 0
                upstream:
                  url: %s
                data_dir: var
                """.formatted(upstreamUrl));
        Files.writeString(
                config.resolve("users.yaml"), """
                users:
                  alice:
                    password_hash: "%s"
                  bob:
                    password_hash: "%s"
                  admin:
                    password_hash: "%s"
                    admin: true
                """.formatted(hash("alice-pw"), hash("bob-pw"), hash("admin-pw")));
        return dir;
    }

    /**
     * A new home in {@code dir} whose {@code config/gateway.yaml} is {@code gatewayYaml}, loaded and
     * started on the default test clock.
     */
    public static Gateway startGateway(Path dir, String gatewayYaml) throws IOException {
        create(dir, "http://unused.invalid");
        Path file = dir.resolve("config/gateway.yaml");
        Files.writeString(file, gatewayYaml);
        return Gateway.start(ConfigLoader.load(file, dir, Map.of()), TestClock.atDefaultStart());
    }

    /** A new unscoped 24-hour token of alice's, as its plaintext. */
    public static String aliceToken(Gateway gateway) {
        return gateway.issuer()
                .issue(new TokenRequest("alice", "it", "test", Duration.ofHours(24), null, List.of()))
                .plaintext();
    }

    /** A cheap bcrypt hash (cost 4) for tests. */
    public static String hash(String password) {
        return BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(4, password.toCharArray());
    }
}
