package dev.patgate.scope;

import static dev.patgate.scope.ScopeRequests.outcome;
import static dev.patgate.scope.ScopeRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.token.Access;
import dev.patgate.token.Scope;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The body kinds Cells needs: job parameters (a JSON document inside a JSON string), objects naming a
 * node by Uuid or Path, a single Path field, several fields with their own kinds, and optional ones.
 * Targets are spelled as in {@link RequestTargetsTest}.
 */
class RequestTargetsCellsTest {

    private static final String UUID = "3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f10";
    private static final String UUID2 = "3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f11";
    private static final AuthenticatedToken SCOPED =
            new AuthenticatedToken("alice", "id", List.of(Scope.parse("node:" + UUID + ":rw")), null);

    private final RequestTargets targets = new RequestTargets(
            List.of("/dav/"),
            List.of(
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
                            false),
                    new RestRoute(
                            "POST", "/a/auth/token/document", "Path", RestRoute.TargetKind.PATH, Access.READ, false),
                    new RestRoute(
                            "POST",
                            "/a/meta/set/{path}",
                            "NodePath?, Metadatas[].NodeUuid?:uuid",
                            RestRoute.TargetKind.PATH,
                            Access.WRITE,
                            false)),
            4096);

    @ParameterizedTest(name = "[{index}] {0} {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            PUT  | /a/jobs/user/copy | {"JobName":"copy","JsonParameters":"{\\"nodes\\":[\\"a/x\\",\\"a/y\\"],\\"target\\":\\"b\\",\\"targetParent\\":true}"} | READ /a/x;READ /a/y;WRITE /b
            PUT  | /a/jobs/user/move | {"JobName":"move","JsonParameters":"{\\"nodes\\":[\\"a/x\\"],\\"target\\":\\"b/x2\\",\\"targetParent\\":false}"} | WRITE /a/x;WRITE /b/x2
            PUT  | /a/jobs/user/move | {"JsonParameters":"{\\"nodes\\":[\\"a/x\\"],\\"target\\":\\"b\\"}"}                            | WRITE /a/x;WRITE /b
            PUT  | /a/jobs/user/copy | {"JsonParameters":"{\\"nodes\\":[\\"a/*\\"],\\"target\\":\\"b\\"}"}                            | READ /a/*;WRITE /b
            PUT  | /a/jobs/user/copy | {"JsonParameters":"{\\"nodes\\":[\\"a\\"],\\"target\\":\\"b\\",\\"target\\":\\"c\\"}"}         | 400
            PUT  | /a/jobs/user/copy | {"JsonParameters":"{\\"nodes\\":[\\"a\\"],\\"target\\":\\"b\\",\\"Target\\":\\"c\\"}"}         | 400
            PUT  | /a/jobs/user/copy | {"JsonParameters":"{\\"nodes\\":[\\"a\\"],\\"target\\":\\"b\\",\\"params\\":{\\"target\\":\\"c\\"}}"} | 400
            PUT  | /a/jobs/user/copy | {"JsonParameters":"{\\"nodes\\":[[\\"a\\"]],\\"target\\":\\"b\\"}"}                            | 400
            PUT  | /a/jobs/user/copy | {"JsonParameters":"{\\"nodes\\":[\\"a\\"],\\"target\\":{\\"Path\\":\\"b\\"}}"}                 | 400
            PUT  | /a/jobs/user/copy | {"JsonParameters":"{\\"nodes\\":[\\"a\\"],\\"target\\":\\"b\\",\\"targetParent\\":\\"yes\\"}"} | 400
            PUT  | /a/jobs/user/copy | {"JsonParameters":"{\\"nodes\\":[],\\"target\\":\\"b\\"}"}                                     | 400
            PUT  | /a/jobs/user/copy | {"JsonParameters":"{\\"target\\":\\"b\\"}"}                                                     | 400
            PUT  | /a/jobs/user/copy | {"JsonParameters":"{\\"nodes\\":[\\"a\\"]}"}                                                    | 400
            PUT  | /a/jobs/user/copy | {"JsonParameters":"{\\"nodes\\":[\\"a/../c\\"],\\"target\\":\\"b\\"}"}                          | 400
            PUT  | /a/jobs/user/copy | {"JsonParameters":"nodes=a&target=b"}                                                            | 400
            PUT  | /a/jobs/user/copy | {"JsonParameters":"{\\"nodes\\":[\\"a\\"],\\"target\\":\\"b\\"} {}"}                            | 400
            PUT  | /a/jobs/user/copy | {"JsonParameters":"[\\"a\\"]"}                                                                   | 400
            PUT  | /a/jobs/user/copy | {"JsonParameters":"\\"{\\\\\\"nodes\\\\\\":[\\\\\\"a\\\\\\"]}\\""}                              | 400
            PUT  | /a/jobs/user/copy | {"JsonParameters":{"nodes":["a"],"target":"b"}}                                                  | 400
            PUT  | /a/jobs/user/copy | {"JsonParameters":"{\\"nodes\\":[\\"a\\"],\\"target\\":\\"b\\"}","JsonParameters":"{}"}          | 400
            PUT  | /a/jobs/user/copy | {"jsonparameters":"{}","JsonParameters":"{\\"nodes\\":[\\"a\\"],\\"target\\":\\"b\\"}"}          | 400
            PUT  | /a/jobs/user/copy | {"JobName":"copy"}                                                                               | 400
            PUT  | /a/share/link     | {"ShareLink":{"Label":"l","RootNodes":[{"Uuid":"3F1C8A52-6D4E-4B7A-9C21-0A5E7D9B4F11"},{"Path":"a/b"}]}} | WRITE uuid:3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f11;WRITE /a/b
            PUT  | /a/share/link     | {"ShareLink":{"RootNodes":[{"Uuid":"3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f11","Path":"c"}]}}    | WRITE uuid:3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f11;WRITE /c
            PUT  | /a/share/link     | {"ShareLink":{"RootNodes":[{"Label":"x"}]}}                                                    | 400
            PUT  | /a/share/link     | {"ShareLink":{"RootNodes":[{"uuid":"3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f11","Path":"c"}]}}    | 400
            PUT  | /a/share/link     | {"ShareLink":{"RootNodes":["a"]}}                                                              | 400
            PUT  | /a/share/link     | {"ShareLink":{"RootNodes":{"Path":"a"}}}                                                       | 400
            PUT  | /a/share/link     | {"ShareLink":{"RootNodes":[{"Uuid":"nope"}]}}                                                  | 400
            PUT  | /a/share/link     | {"ShareLink":{}}                                                                               | 400
            PUT  | /a/share/link     | {"sharelink":{"RootNodes":[]},"ShareLink":{"RootNodes":[{"Path":"a"}]}}                     | 400
            POST | /a/auth/token/document | {"Path":"a/b.txt"}                                                                       | READ /a/b.txt
            POST | /a/auth/token/document | {"Path":["a","b"]}                                                                       | READ /a;READ /b
            POST | /a/auth/token/document | {"Path":7}                                                                               | 400
            POST | /a/auth/token/document | {}                                                                                       | 400
            POST | /a/meta/set/a/b   | {"Metadatas":[{"Namespace":"n","JsonMeta":"1"}]}                                               | WRITE /a/b
            POST | /a/meta/set/a/b   | {}                                                                                               | WRITE /a/b
            POST | /a/meta/set/a/b   | {"NodePath":"c","Metadatas":[{"NodeUuid":"3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f11"}]}           | WRITE /a/b;WRITE /c;WRITE uuid:3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f11
            POST | /a/meta/set/a/b   | {"Metadatas":{"NodeUuid":"3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f11"}}                              | 400
            POST | /a/meta/set/a/b   | {"nodepath":"c"}                                                                                 | 400
            """)
    void restWhenCellsBodyThenTargetsFromEveryFieldAndMalformedRefused(
            String method, String rawPath, String body, String expected) {
        HttpServletRequest request = request(method, rawPath, null, body);
        RestRoute route = targets.restRoute(method, rawPath);
        assertThat(route).isNotNull();

        assertThat(outcome(() ->
                        spell(targets.rest(request, SCOPED, route, rawPath).targets())))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            A.                | body must be fields like
            A[]]              | body must be fields like
            A:weird           | body field kind must be
            A,,B              | body must be fields like
            'A, B?:uuid, C[].D' | ok
            """)
    void routeWhenBodyFieldSpelledThenParsedOrRefused(String body, String expected) {
        if (expected.equals("ok")) {
            RestRoute route = new RestRoute("POST", "/a/x", body, RestRoute.TargetKind.PATH, Access.READ, false);
            assertThat(route.bodyFields())
                    .extracting(RestRoute.BodyField::names, RestRoute.BodyField::optional, RestRoute.BodyField::kind)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(List.of("A"), false, RestRoute.TargetKind.PATH),
                            org.assertj.core.groups.Tuple.tuple(List.of("B"), true, RestRoute.TargetKind.UUID),
                            org.assertj.core.groups.Tuple.tuple(List.of("C", "D"), false, RestRoute.TargetKind.PATH));
        } else {
            assertThatThrownBy(() -> new RestRoute("POST", "/a/x", body, RestRoute.TargetKind.PATH, Access.READ, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(expected);
        }
    }

    @Test
    void routeWhenOldConstructorThenNotRefused() {
        assertThat(new RestRoute("GET", "/a/x", null, null, Access.READ, false).refused())
                .isFalse();
        assertThat(new RestRoute("GET", "/a/x", null, null, Access.READ, false, true).refused())
                .isTrue();
    }

    private static String spell(List<RequestTargets.Target> found) {
        return found.stream()
                .map(target -> target.access().name() + " "
                        + (target.path() != null ? target.path().toString() : "uuid:" + target.nodeUuid()))
                .collect(Collectors.joining(";"));
    }
}
