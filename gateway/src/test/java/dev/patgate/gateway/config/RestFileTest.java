package dev.patgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.scope.RestRoute;
import dev.patgate.token.Access;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code scopes.rest_file}: the shipped Cells table loads, and every fault in a file names the file and the row. */
class RestFileTest {

    @TempDir
    Path home;

    @Test
    void loadWhenShippedCellsRoutesThenTheyReplaceTheInlineTable() {
        Path module = Path.of("").toAbsolutePath();

        GatewayConfig config = ConfigLoader.fromText(
                "scopes: {resolve_path: \"/a/n/node/{uuid}\", rest_file: ../config/cells-routes.yaml}\n",
                "gateway.yaml",
                module,
                Map.of());

        ScopesConfig scopes = config.scopes();
        assertThat(scopes.restFile())
                .isEqualTo(module.resolve("../config/cells-routes.yaml")
                        .normalize()
                        .toString());
        assertThat(scopes.resolvePath()).isEqualTo(ScopesConfig.CELLS_RESOLVE_PATH);
        assertThat(scopes.rest())
                .contains(
                        new RestRoute("GET", "/a/tree/stat/{path}", null, null, Access.READ, false),
                        new RestRoute(
                                "PUT",
                                "/a/jobs/user/copy",
                                "JsonParameters",
                                RestRoute.TargetKind.JOB_PARAMETERS,
                                Access.READ,
                                true),
                        new RestRoute(
                                "PUT",
                                "/a/jobs/user/move",
                                "JsonParameters",
                                RestRoute.TargetKind.JOB_PARAMETERS,
                                Access.WRITE,
                                true),
                        new RestRoute(
                                "PUT",
                                "/a/share/link",
                                "ShareLink.RootNodes[]",
                                RestRoute.TargetKind.UUID_OR_PATH,
                                Access.WRITE,
                                false,
                                true),
                        new RestRoute("POST", "/a/search/nodes", null, null, Access.READ, false, true))
                .noneMatch(route -> route.pathTemplate().startsWith("/n/"));
        assertThat(scopes.rest().stream().map(r -> r.method() + " " + r.pathTemplate()))
                .doesNotHaveDuplicates()
                .contains(
                        "POST /a/tree/stats",
                        "POST /a/tree/create",
                        "POST /a/tree/delete",
                        "POST /a/tree/restore",
                        "POST /a/tree/selection",
                        "POST /a/meta/bulk/get",
                        "POST /a/meta/get/{path}",
                        "POST /a/meta/set/{path}",
                        "POST /a/meta/delete/{path}",
                        "PUT /a/share/cell",
                        "POST /a/auth/token/document",
                        "GET /a/n/node/{uuid}");
    }

    @Test
    void loadWhenRestFileWrittenBackThenSameConfig() {
        GatewayConfig config = ConfigLoader.fromText(
                "scopes: {rest_file: ../config/cells-routes.yaml}\n",
                "gateway.yaml",
                Path.of("").toAbsolutePath(),
                Map.of());

        String written = YamlBinding.write(Map.of("rest", config.scopes().rest()));

        assertThat(written).contains("refused: true").contains("body_kind: job_parameters");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', textBlock = """
            'rest: [{method: GET, path: /a/x, access: read}, {method: GET, path: /a/y, access: exec}]' | rest[1]: access must be read or write
            'rest: [{method: GET, path: /a/x, access: read, verb: GET}]'                              | unknown key 'rest[0].verb'
            'rest: [{method: POST, path: /a/x, body: "J", body_kind: json, access: read}]'           | rest[0]: body_kind must be path, uuid, uuid_or_path or job_parameters
            'rest: x'                                                                                 | rest must be a list
            'routes: []'                                                                              | must be a mapping with the key rest
            '[1, 2]'                                                                                  | must be a mapping with the key rest
            'rest: []\\nrest: []'                                                                     | a key appears twice (line 2
            """)
    void loadWhenRestFileIsBadThenMessageNamesTheFileAndTheRow(String text, String expected) throws Exception {
        Path file = home.resolve("routes.yaml");
        Files.writeString(file, text.replace("\\n", "\n"));

        assertThatThrownBy(() ->
                        ConfigLoader.fromText("scopes: {rest_file: routes.yaml}\n", "gateway.yaml", home, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("gateway.yaml: scopes.rest_file " + file + ": " + expected)
                .message()
                .doesNotContain("\n");
    }

    @Test
    void loadWhenRestFileIsMissingThenMessageNamesIt() {
        assertThatThrownBy(
                        () -> ConfigLoader.fromText("scopes: {rest_file: nope.yaml}\n", "gateway.yaml", home, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("gateway.yaml: scopes.rest_file " + home.resolve("nope.yaml") + ": no such file");
    }
}
