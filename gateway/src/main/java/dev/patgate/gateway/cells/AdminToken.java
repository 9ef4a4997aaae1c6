package dev.patgate.gateway.cells;

import dev.patgate.gateway.config.CellsConfig;
import dev.patgate.gateway.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

/**
 * Reads the Cells admin token (Enterprise) from {@code upstream.cells.admin_token_file} or
 * {@code admin_token_env}, never from the configuration's text. A file that others may read
 * ({@code o+r}) is refused: the token can impersonate every user. Every refusal is one line that
 * names the key and the file or variable, never the value.
 */
final class AdminToken {

    private AdminToken() {}

    /**
     * @throws ConfigException when the file is missing, unreadable or readable by others, the
     *     variable is unset, or the value is empty or not one printable word
     */
    static String read(CellsConfig config, Map<String, String> env) {
        String value;
        String source;
        if (config.adminTokenFile() != null) {
            Path file = Path.of(config.adminTokenFile());
            source = "upstream.cells.admin_token_file " + file;
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            try {
                if (posix != null) {
                    Set<PosixFilePermission> permissions =
                            posix.readAttributes().permissions();
                    if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
                        throw new ConfigException(source + ": others may read it; make it owner-only (chmod 600)");
                    }
                }
                value = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new ConfigException(source + ": no such file");
            } catch (IOException | RuntimeException e) {
                if (e instanceof ConfigException config1) {
                    throw config1;
                }
                throw new ConfigException(
                        source + ": cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        } else if (config.adminTokenEnv() != null) {
            source = "upstream.cells.admin_token_env " + config.adminTokenEnv();
            value = env.get(config.adminTokenEnv());
            if (value == null) {
                throw new ConfigException(source + ": the variable is not set");
            }
        } else {
            throw new ConfigException("upstream.cells: edition enterprise needs admin_token_file or admin_token_env");
        }
        value = value.strip();
        if (value.isEmpty() || value.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw new ConfigException(source + ": must hold the Cells admin token, one word of printable ASCII");
        }
        return value;
    }
}
