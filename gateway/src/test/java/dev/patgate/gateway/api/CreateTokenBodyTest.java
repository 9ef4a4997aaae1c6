package dev.patgate.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.json.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CreateTokenBodyTest {

    private static CreateTokenBody bind(String json) throws Exception {
        return CreateTokenBody.bind(StrictJson.read(json.getBytes(StandardCharsets.UTF_8), 16 * 1024));
    }

    @Test
    void bindWhenEveryFieldGivenThenEveryValueRead() throws Exception {
        CreateTokenBody body = bind("{\"user\": \"bob\", \"label\": \"ci\", \"expire\": \"1h\", \"auto\": \"10m\","
                + " \"scopes\": [\"node:6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab:r\"]}");

        assertThat(body)
                .isEqualTo(new CreateTokenBody(
                        "bob", "ci", "1h", "10m", List.of("node:6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab:r")));
    }

    @Test
    void bindWhenNothingOrNullsGivenThenAbsentValuesAndNoScopes() throws Exception {
        assertThat(bind("{}")).isEqualTo(new CreateTokenBody(null, null, null, null, List.of()));
        assertThat(bind("{\"user\": null, \"label\": null, \"scopes\": null}"))
                .isEqualTo(new CreateTokenBody(null, null, null, null, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"auto": 600}                                | auto: must be a string
            {"expire": 1.5}                              | expire: must be a string
            {"label": true}                              | label: must be a string
            {"user": ["bob"]}                            | user: must be a string
            {"user": {"login": "bob"}}                   | user: must be a string
            {"scopes": "node:x"}                         | scopes: must be a list of at most 20 strings like "node:<uuid>:rw"
            {"scopes": {"a": 1}}                         | scopes: must be a list of at most 20 strings like "node:<uuid>:rw"
            {"scopes": [1]}                              | scopes: must be a list of strings like "node:<uuid>:rw"
            {"scopes": [["x"]]}                          | scopes: must be a list of strings like "node:<uuid>:rw"
            {"owner": "alice"}                           | unknown field: the fields are user, label, expire, auto and scopes
            {"Expire": "1h"}                             | unknown field: the fields are user, label, expire, auto and scopes
            """)
    void bindWhenFieldIsWrongThenRefusedNamingIt(String json, String message) {
        assertThatThrownBy(() -> bind(json))
                .isInstanceOfSatisfying(
                        ApiError.class, e -> assertThat(e.getMessage()).isEqualTo(message));
    }

    @Test
    void bindWhenMoreThanTwentyScopesThenRefused() throws Exception {
        String scope = "\"node:6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab:r\"";
        assertThat(bind("{\"scopes\": [" + String.join(",", Collections.nCopies(20, scope)) + "]}")
                        .scopes())
                .hasSize(20);
        assertThatThrownBy(() -> bind("{\"scopes\": [" + String.join(",", Collections.nCopies(21, scope)) + "]}"))
                .hasMessage("scopes: must be a list of at most 20 strings like \"node:<uuid>:rw\"");
    }
}
