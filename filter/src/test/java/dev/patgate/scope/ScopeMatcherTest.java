package dev.patgate.scope;

import static dev.patgate.scope.ScopeRequests.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.token.Access;
import dev.patgate.token.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Targets against a token's scopes. Nodes: {@code proj} is {@code /personal/proj}, {@code docs} is
 * {@code /personal/docs}, {@code gone} resolves to nothing. Scopes are written {@code node:perm}
 * separated by spaces; targets {@code ACCESS path} (ANY: inside some scope) or {@code ACCESS @node},
 * separated by {@code ;}.
 */
class ScopeMatcherTest {

    private static final Map<String, String> UUIDS = Map.of(
            "proj", "11111111-1111-4111-8111-111111111111",
            "docs", "22222222-2222-4222-8222-222222222222",
            "gone", "33333333-3333-4333-8333-333333333333",
            "file", "44444444-4444-4444-8444-444444444444");
    private static final Map<String, String> PATHS = Map.of(
            UUIDS.get("proj"), "personal/proj",
            UUIDS.get("docs"), "personal/docs",
            UUIDS.get("file"), "personal/proj/a.txt");

    private final List<String> asked = new ArrayList<>();
    private final ScopeMatcher matcher = new ScopeMatcher((uuid, user) -> {
        asked.add(uuid);
        return Optional.ofNullable(PATHS.get(uuid)).map(TargetPath::ofNodePath);
    });

    @ParameterizedTest(name = "[{index}] {0} / {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            proj:r             | READ /personal/proj                     | allowed
            proj:r             | READ /personal/proj/sub/a.txt           | allowed
            proj:r             | READ /personal/projects                 | 403 read
            proj:r             | READ /personal                          | 403 read
            proj:r             | READ /                                  | 403 read
            proj:r             | WRITE /personal/proj/a.txt              | 403 write
            proj:w             | READ /personal/proj/a.txt               | 403 read
            proj:w             | WRITE /personal/proj/a.txt              | allowed
            proj:rw            | READ /personal/proj/a;WRITE /personal/proj/b | allowed
            proj:r docs:w      | READ /personal/proj/a;WRITE /personal/docs/b | allowed
            proj:r docs:w      | READ /personal/proj/a;WRITE /personal/proj/b | 403 write
            proj:r docs:w      | WRITE /personal/proj/b;READ /personal/x | 403 write
            proj:r docs:w      | READ /personal/x;WRITE /personal/proj/b | 403 read
            gone:rw            | READ /personal/proj                     | 403 read
            gone:rw proj:r     | READ /personal/proj/a                   | allowed
            proj:w             | ANY /personal/proj/a                    | allowed
            docs:r             | ANY /personal/proj/a                    | 403 read
            gone:rw            | ANY /                                   | 403 read
            proj:r             | READ @file                              | allowed
            docs:r             | READ @file                              | 403 read
            proj:r             | READ @gone                              | 403
            proj:r             | READ /personal/x;READ @gone             | 403
            proj:rw            | WRITE @proj;WRITE @file                 | allowed
            """)
    void requireAllWhenTargetsAndScopesThenAllowedOnlyIfEveryTargetIsInAScopeWithItsAccess(
            String scopes, String targets, String expected) {
        AuthenticatedToken token = token(scopes);

        assertThat(outcome(() -> {
                    matcher.requireAll(parse(targets), token);
                    return "allowed";
                }))
                .isEqualTo(expected);
    }

    @Test
    void requireAllWhenNoTargetThenRefusedWithoutPermission() {
        assertThat(outcome(() -> {
                    matcher.requireAll(List.of(), token("proj:rw"));
                    return "allowed";
                }))
                .isEqualTo("403");
    }

    @Test
    void requireWhenTheScopeLacksTheAccessThenItsNodeIsNotResolved() throws Exception {
        matcher.require(TargetPath.ofNodePath("personal/proj/a"), Access.WRITE, token("docs:r proj:w"));

        assertThat(asked).containsExactly(UUIDS.get("proj"));
    }

    @Test
    void requireAllWhenTheBackendCannotAnswerThenTheFailureIsPassedOn() {
        ScopeMatcher failing = new ScopeMatcher((uuid, user) -> {
            throw new BackendUnavailableException("down");
        });

        assertThatThrownBy(() -> failing.requireAll(parse("READ /personal/proj"), token("proj:r")))
                .isInstanceOf(BackendUnavailableException.class);
    }

    private static AuthenticatedToken token(String scopes) {
        List<Scope> parsed = new ArrayList<>();
        for (String scope : scopes.split(" ")) {
            String[] nodeAndPermission = scope.split(":");
            parsed.add(Scope.parse("node:" + UUIDS.get(nodeAndPermission[0]) + ":" + nodeAndPermission[1]));
        }
        return new AuthenticatedToken("alice", "id", parsed, null);
    }

    private static List<RequestTargets.Target> parse(String targets) {
        List<RequestTargets.Target> parsed = new ArrayList<>();
        for (String target : targets.split(";")) {
            String[] accessAndWhere = target.split(" ");
            Access access = accessAndWhere[0].equals("ANY") ? null : Access.valueOf(accessAndWhere[0]);
            String where = accessAndWhere[1];
            parsed.add(
                    where.startsWith("@")
                            ? RequestTargets.Target.node(UUIDS.get(where.substring(1)), access)
                            : RequestTargets.Target.at(TargetPath.parse(where), access));
        }
        return parsed;
    }
}
