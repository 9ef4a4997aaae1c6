package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.testsupport.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway tests' {@link CellsStandIn} works as they will use it. */
class CellsStandInSmokeIT {

    @TempDir
    Path home;

    @Test
    void standInWritesItsAdminTokenUnderTheHomeAndEnforcesItsTokens() throws Exception {
        TestClock clock = TestClock.atDefaultStart();
        try (CellsStandIn cells = CellsStandIn.start(home, clock)) {
            assertThat(Files.readString(home.resolve(CellsStandIn.ADMIN_TOKEN_FILE))
                            .strip())
                    .isEqualTo(cells.adminToken());
            assertThat(cells.bearer(cells.adminToken(), "GET", "/a/user/alice", null)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(cells.as("alice", "PROPFIND", "/dav/personal-files/", null)
                            .statusCode())
                    .isEqualTo(207);

            String token = cells.mint("bob", Duration.ofMinutes(5));
            clock.advance(Duration.ofMinutes(5));
            assertThat(cells.bearer(token, "GET", "/a/tree/stat/personal-files", null)
                            .statusCode())
                    .isEqualTo(401);
            assertThat(cells.recorded()).isNotEmpty();
        }
    }
}
