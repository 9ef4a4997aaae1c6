package dev.patgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CellsTokenApiTest {

    private static final Path HOME = Path.of("/srv/patgate");

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({
        "auto, signed-identity, false",
        "auto, none,            false",
        "auto, cells,           true",
        "on,   signed-identity, true",
        "on,   none,            true",
        "off,  signed-identity, false",
        "off,  none,            false",
        "'on', signed-identity, true",
        "'off', signed-identity, false",
        "'auto', signed-identity, false"
    })
    void answeredInWhenSwitchAndModeThenOnOnlyWhereDocumented(String value, String mode, boolean answered) {
        CellsTokenApi api = ConfigLoader.fromText(
                        "upstream: {identity: " + mode + cellsSection(mode) + "}\ntokens:\n  cells_api: " + value
                                + "\n",
                        "gateway.yaml",
                        HOME,
                        Map.of())
                .tokens()
                .cellsApi();

        assertThat(api.toString()).isEqualTo(value.replace("'", ""));
        assertThat(api.answeredIn(IdentityMode.parse(mode))).isEqualTo(answered);
    }

    private static String cellsSection(String mode) {
        return mode.equals("cells") ? ", cells: {edition: enterprise, admin_token_file: var/cells-admin.token}" : "";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "cells_api: maybe | tokens.cells_api must be auto, on or off",
                "cells_api: 1     | tokens.cells_api must be auto, on or off",
                "cells_api: ''    | tokens.cells_api must be auto, on or off",
                "cells_api: [on]  | tokens.cells_api"
            })
    void loadWhenSwitchUnknownThenRefusedNamingTheKey(String line, String message) {
        assertThatThrownBy(() -> ConfigLoader.fromText("tokens: {" + line + "}", "gateway.yaml", HOME, Map.of()))
                .hasMessageStartingWith("gateway.yaml: " + message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"AUTO, auto", "On, on", "' off ', off"})
    void parseWhenAnyCaseOrSpacesThenTheValue(String text, String expected) {
        assertThat(CellsTokenApi.parse(text).toString()).isEqualTo(expected);
    }
}
