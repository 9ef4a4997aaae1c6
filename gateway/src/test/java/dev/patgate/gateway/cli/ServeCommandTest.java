package dev.patgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.TestHome;
import dev.patgate.testsupport.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code serve} refuses before it starts anything. */
class ServeCommandTest {

    @TempDir
    Path home;

    private CliEnvironment environment;

    @BeforeEach
    void setUp() throws Exception {
        TestHome.create(home, "http://127.0.0.1:8081");
        environment = new CliEnvironment(TestClock.atDefaultStart(), Map.of("PATGATE_HOME", home.toString()), home);
    }

    @Test
    void serveWhenShippedDemoUsersPresentThenRefusedInOneLineNamingTheWayOut() throws Exception {
        Path users = home.resolve("config/users.yaml");
        Files.copy(Path.of("..", "config", "users.yaml"), users, StandardCopyOption.REPLACE_EXISTING);

        CliRun run = CliRun.of(environment, "serve");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err())
                .startsWith("patgate serve: " + users + " still holds the demo users admin, alice, bob")
                .contains("patgate admin user passwd LOGIN", "patgate admin user remove LOGIN", "--allow-demo-users")
                .doesNotContain("$2y$")
                .doesNotContain("alice-demo", "bob-demo", "admin-demo");
        assertThat(home.resolve("var/patgate.db")).as("nothing opened").doesNotExist();
    }

    @Test
    void serveWhenOneDemoPasswordLeftThenOnlyThatUserNamed() throws Exception {
        Path users = home.resolve("config/users.yaml");
        Files.writeString(users, "users:\n  alice:\n    password_hash: \"" + TestHome.hash("alice-demo") + "\"\n");

        CliRun run = CliRun.of(environment, "serve");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("patgate serve: " + users + " still holds the demo users alice,");
    }

    @Test
    void helpWhenAskedThenSaysSighupAndTheDemoUsersFlag() {
        CliRun run = CliRun.of(environment, "serve", "-h");

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("--allow-demo-users", "SIGHUP");
    }
}
