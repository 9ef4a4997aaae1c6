package dev.patgate.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.gateway.config.ConfigException;
import dev.patgate.gateway.config.MetricsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsListenerTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void secretWhenNeitherFileNorVariableThenNone() {
        assertThat(MetricsListener.secret(MetricsConfig.DEFAULT, Map.of("X", SECRET)))
                .isNull();
    }

    @Test
    void secretWhenFileThenItsContentWithoutSurroundingWhiteSpace() throws Exception {
        Path file = Files.writeString(dir.resolve("m.token"), "  " + SECRET + "\n");

        assertThat(MetricsListener.secret(new MetricsConfig(file.toString(), null, null), Map.of()))
                .isEqualTo(SECRET);
    }

    @Test
    void secretWhenVariableThenItsValue() {
        assertThat(MetricsListener.secret(
                        new MetricsConfig(null, "PATGATE_METRICS_TOKEN", null),
                        Map.of("PATGATE_METRICS_TOKEN", SECRET)))
                .isEqualTo(SECRET);
    }

    @Test
    void secretWhenFileMissingThenOneLineNamingIt() {
        Path missing = dir.resolve("nope");

        assertThatThrownBy(() -> MetricsListener.secret(new MetricsConfig(missing.toString(), null, null), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.token_file " + missing + ": cannot be read (NoSuchFileException)");
    }

    @Test
    void secretWhenVariableUnsetThenOneLineNamingIt() {
        assertThatThrownBy(() -> MetricsListener.secret(new MetricsConfig(null, "PM_TOKEN", null), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.token_env PM_TOKEN: the variable is not set");
    }

    @Test
    void secretWhenTooShortOrWithSpacesThenRefusedWithoutShowingIt() {
        for (String bad : new String[] {"short-secret", "0123456789 abcdef0123", ""}) {
            assertThatThrownBy(() ->
                            MetricsListener.secret(new MetricsConfig(null, "PM_TOKEN", null), Map.of("PM_TOKEN", bad)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("metrics.token_env PM_TOKEN: the secret must be at least 16")
                    .satisfies(e -> {
                        if (!bad.isEmpty()) {
                            assertThat(e.getMessage()).doesNotContain(bad);
                        }
                    });
        }
    }
}
