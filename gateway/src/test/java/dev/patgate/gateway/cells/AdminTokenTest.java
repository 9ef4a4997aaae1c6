package dev.patgate.gateway.cells;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.gateway.config.CellsConfig;
import dev.patgate.gateway.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

    private static final String TOKEN = "c3VwZXItc2VjcmV0LWFkbWlu";

    @TempDir
    Path dir;

    private Path file(String content, String permissions) throws Exception {
        Path file = dir.resolve("admin.token");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private static CellsConfig env(String name) {
        return new CellsConfig(CellsConfig.Edition.ENTERPRISE, null, name, null, null);
    }

    @Test
    void readWhenOwnerOnlyFileThenTheTokenWithoutWhiteSpace() throws Exception {
        Path file = file("  " + TOKEN + "\n", "rw-------");

        assertThat(AdminToken.read(CellsConfig.enterprise(file.toString()), Map.of()))
                .isEqualTo(TOKEN);
    }

    @Test
    void readWhenGroupMayReadThenAccepted() throws Exception {
        Path file = file(TOKEN, "rw-r-----");

        assertThat(AdminToken.read(CellsConfig.enterprise(file.toString()), Map.of()))
                .isEqualTo(TOKEN);
    }

    @Test
    void readWhenOthersMayReadThenRefusedWithoutTheToken() throws Exception {
        Path file = file(TOKEN, "rw-r--r--");

        assertThatThrownBy(() -> AdminToken.read(CellsConfig.enterprise(file.toString()), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("upstream.cells.admin_token_file " + file + ": others may read it; make it owner-only"
                        + " (chmod 600)");
    }

    @Test
    void readWhenFileMissingEmptyOrNotOneWordThenOneLineNamingTheFile() throws Exception {
        Path missing = dir.resolve("none.token");
        Path empty = file("\n", "rw-------");

        assertThatThrownBy(() -> AdminToken.read(CellsConfig.enterprise(missing.toString()), Map.of()))
                .hasMessage("upstream.cells.admin_token_file " + missing + ": no such file");
        assertThatThrownBy(() -> AdminToken.read(CellsConfig.enterprise(empty.toString()), Map.of()))
                .hasMessageContaining("must hold the Cells admin token");
        Path twoWords = file(TOKEN + " " + TOKEN, "rw-------");
        assertThatThrownBy(() -> AdminToken.read(CellsConfig.enterprise(twoWords.toString()), Map.of()))
                .hasMessageContaining("must hold the Cells admin token")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void readWhenEnvironmentVariableThenItsValueOrOneLineWhenUnset() {
        assertThat(AdminToken.read(env("CELLS_ADMIN"), Map.of("CELLS_ADMIN", TOKEN + "\n")))
                .isEqualTo(TOKEN);
        assertThatThrownBy(() -> AdminToken.read(env("CELLS_ADMIN"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("upstream.cells.admin_token_env CELLS_ADMIN: the variable is not set");
    }
}
