package dev.patgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Section {@code page}: its defaults, its keys, and one-line refusals of bad values. */
class PageConfigTest {

    private static final Path HOME = Path.of("/srv/patgate");

    private static GatewayConfig load(String yaml) {
        return ConfigLoader.fromText(yaml, "gateway.yaml", HOME, Map.of());
    }

    @Test
    void defaultsAreOnFifteenMinutesTenThousandSessions() {
        PageConfig page = load("{}").page();
        assertThat(page).isEqualTo(PageConfig.DEFAULT);
        assertThat(page.enabled()).isTrue();
        assertThat(page.sessionTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(page.maxSessions()).isEqualTo(10_000);
    }

    @Test
    void keysAreRead() {
        PageConfig page = load("""
                page:
                  enabled: false
                  session_timeout: 5m
                  max_sessions: 20
                """).page();
        assertThat(page).isEqualTo(new PageConfig(false, Duration.ofMinutes(5), 20));
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> load("page:\n  session_timeout: 0s\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("page.session_timeout");
        assertThatThrownBy(() -> load("page:\n  session_timeout: 2d\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("page.session_timeout must be at most 24h");
        assertThatThrownBy(() -> load("page:\n  max_sessions: 0\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("page.max_sessions must be at least 1");
        assertThatThrownBy(() -> load("page:\n  colour: red\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("colour");
    }
}
