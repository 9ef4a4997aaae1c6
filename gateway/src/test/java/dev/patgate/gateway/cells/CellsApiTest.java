package dev.patgate.gateway.cells;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CellsApiTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            '"[\\"logout\\"]"'              | LOCKED
            '"[]"'                          | ACTIVE
            '""'                            | ACTIVE
            'null'                          | ACTIVE
            '"[\\"other\\"]"'               | ACTIVE
            '"[\\"other\\",\\"logout\\"]"'  | LOCKED
            '["logout"]'                    | LOCKED
            '"not json"'                    | LOCKED
            '"{\\"logout\\":true}"'         | LOCKED
            """)
    void lockStateWhenAttributeLocksThenLockedOnlyWithLogout(String locks, CellsApi.UserState expected)
            throws Exception {
        assertThat(CellsApi.lockState(new ObjectMapper().readTree(locks))).isEqualTo(expected);
    }
}
