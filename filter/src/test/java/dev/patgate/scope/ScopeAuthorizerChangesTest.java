package dev.patgate.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.testsupport.TestClock;
import dev.patgate.token.Access;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which requests announce a change to the resolver (and so make every cached resolution and
 * decision stale), for an unscoped token, which passes every request on: anything that can move,
 * remove or replace a node does; reads and pure creations do not.
 */
class ScopeAuthorizerChangesTest {

    private final CachingNodeResolver resolver = new CachingNodeResolver(
            (uuid, user) -> Optional.empty(), Duration.ofSeconds(10), 100, TestClock.atDefaultStart());
    private final ScopeAuthorizer authorizer = new ScopeAuthorizer(
            List.of("/dav/"),
            List.of(
                    new RestRoute("GET", "/a/tree/stat/{path}", null, null, Access.READ, false),
                    new RestRoute(
                            "POST", "/a/tree/create", "Nodes[].Path", RestRoute.TargetKind.PATH, Access.WRITE, false),
                    new RestRoute(
                            "POST", "/a/tree/delete", "Nodes[].Path", RestRoute.TargetKind.PATH, Access.WRITE, true)),
            resolver,
            1024);

    @ParameterizedTest(name = "[{index}] {0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            MOVE      | /dav/a/       | -                            | true
            DELETE    | /dav/a        | -                            | true
            COPY      | /dav/a        | -                            | true
            COPY      | /dav/a        | Overwrite: T                 | true
            COPY      | /dav/a        | Overwrite: t                 | true
            COPY      | /dav/a        | Overwrite: F                 | false
            COPY      | /dav/a        | Overwrite:  F                | false
            COPY      | /dav/a        | Overwrite: f                 | true
            COPY      | /dav/a        | Overwrite: yes               | true
            PUT       | /dav/a.txt    | -                            | true
            POST      | /dav/a        | -                            | true
            PATCH     | /dav/a        | -                            | true
            REBIND    | /dav/a        | -                            | true
            UNBIND    | /dav/a        | -                            | true
            BIND      | /dav/a        | -                            | true
            ACL       | /dav/a        | -                            | true
            get       | /dav/a        | -                            | true
            GET       | /dav/a        | -                            | false
            HEAD      | /dav/a        | -                            | false
            OPTIONS   | /dav/a        | -                            | false
            PROPFIND  | /dav/a        | -                            | false
            REPORT    | /dav/a        | -                            | false
            PROPPATCH | /dav/a        | -                            | false
            MKCOL     | /dav/a        | -                            | false
            LOCK      | /dav/a        | -                            | false
            UNLOCK    | /dav/a        | -                            | false
            GET       | /dav/a        | X-HTTP-Method-Override: MOVE | true
            PROPFIND  | /dav/a        | X-HTTP-Method: DELETE        | true
            GET       | /dav/a        | X-Method-Override: DELETE    | true
            GET       | /dav          | -                            | false
            DELETE    | /dav          | -                            | true
            POST      | /a/tree/delete | -                           | true
            POST      | /a/tree/create | -                           | false
            GET       | /a/tree/stat/x | -                           | false
            POST      | /a/tree/move   | -                           | true
            DELETE    | /a/tree/x      | -                           | true
            PUT       | /n/node/x      | -                           | true
            GET       | /a/tree/other  | -                           | false
            HEAD      | /a/tree/other  | -                           | false
            OPTIONS   | /a/tree/other  | -                           | false
            """)
    void authorizeWhenUnscopedThenChangesAnnouncedForWhatCanMoveRemoveOrReplace(
            String method, String path, String header, boolean changes) throws Exception {
        HttpServletRequest request = request(method, path, header);
        AuthenticatedToken unscoped = new AuthenticatedToken("alice", "id", List.of(), null);
        long before = resolver.changes().generation();

        HttpServletRequest forward = authorizer.authorize(request, unscoped);
        Authorizer.Completion completion = authorizer.forwarding(forward);

        assertThat(forward).isSameAs(request);
        assertThat(resolver.changes().generation() != before).isEqualTo(changes);
        long afterStart = resolver.changes().generation();
        completion.completed();
        assertThat(resolver.changes().generation() != afterStart).isEqualTo(changes);
        completion.completed();
        assertThat(resolver.changes().generation()).isEqualTo(changes ? afterStart + 1 : before);
    }

    private static HttpServletRequest request(String method, String path, String header) {
        Map<String, List<String>> headers = new HashMap<>();
        if (header != null) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).toLowerCase(), List.of(header.substring(colon + 2)));
        }
        Map<String, Object> attributes = new HashMap<>();
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getRequestURI()).thenReturn(path);
        when(request.getHeader(anyString())).thenAnswer(call -> {
            List<String> values = headers.get(call.<String>getArgument(0).toLowerCase());
            return values == null ? null : values.get(0);
        });
        when(request.getHeaders(anyString()))
                .thenAnswer(call -> Collections.enumeration(
                        headers.getOrDefault(call.<String>getArgument(0).toLowerCase(), List.of())));
        org.mockito.Mockito.doAnswer(call -> attributes.put(call.getArgument(0), call.getArgument(1)))
                .when(request)
                .setAttribute(anyString(), org.mockito.ArgumentMatchers.any());
        when(request.getAttribute(anyString())).thenAnswer(call -> attributes.get(call.<String>getArgument(0)));
        org.mockito.Mockito.doAnswer(call -> attributes.remove(call.<String>getArgument(0)))
                .when(request)
                .removeAttribute(anyString());
        return request;
    }
}
