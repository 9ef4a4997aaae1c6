package dev.patgate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandLineTest {

    @Test
    void parseWhenAllFlagsGivenThenReturnsThem() throws Exception {
        CommandLine.Options options = CommandLine.parse(
                "--host", "0.0.0.0", "--port=9000", "--data", "/srv/data", "--identity-key", "/srv/identity.key");

        assertThat(options)
                .isEqualTo(new CommandLine.Options(
                        "0.0.0.0",
                        9000,
                        Path.of("/srv/data"),
                        Path.of("/srv/identity.key"),
                        DemoConfig.Auth.SIGNED_IDENTITY,
                        null));
    }

    @Test
    void parseWhenOnlyRequiredFlagsThenDefaultsHostAndPort() throws Exception {
        CommandLine.Options options = CommandLine.parse("--data", "d", "--identity-key", "k");

        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(8081);
    }

    @Test
    void parseWhenCellsModeThenNeedsNoIdentityKey() throws Exception {
        CommandLine.Options options =
                CommandLine.parse("--data", "d", "--auth", "cells", "--admin-token-file", "var/cells-admin.token");

        assertThat(options.auth()).isEqualTo(DemoConfig.Auth.CELLS);
        assertThat(options.identityKeyFile()).isNull();
        assertThat(options.adminTokenFile()).isEqualTo(Path.of("var/cells-admin.token"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--data d                                          | --identity-key FILE is required",
                "--identity-key k                                  | --data DIR is required",
                "--data d --identity-key k --port 70000            | --port must be a number from 0 to 65535",
                "--data d --identity-key k --port x                | --port must be a number from 0 to 65535",
                "--data d --identity-key k --verbose yes           | unknown option --verbose",
                "--data d --data e --identity-key k                | --data given twice",
                "--data d --identity-key                           | --identity-key needs a value",
                "--data= --identity-key k                          | --data needs a value",
                "--data d --auth jwt                               | --auth must be signed-identity or cells",
                "--data d --auth cells --identity-key k            | --identity-key is not used with --auth cells",
                "--data d --identity-key k --admin-token-file t    | --admin-token-file is used with --auth cells only"
            })
    void parseWhenCommandLineIsWrongThenSaysWhat(String line, String message) {
        assertThatThrownBy(() -> CommandLine.parse(line.trim().split(" +")))
                .isInstanceOf(CommandLine.UsageException.class)
                .hasMessage(message);
    }

    @Test
    void wantsHelpWhenHelpFlagAnywhereThenTrue() {
        assertThat(CommandLine.wantsHelp("--data", "d", "--help")).isTrue();
        assertThat(CommandLine.wantsHelp("--data", "d")).isFalse();
    }
}
