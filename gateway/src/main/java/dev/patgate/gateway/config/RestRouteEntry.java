package dev.patgate.gateway.config;

import com.fasterxml.jackson.databind.util.StdConverter;
import dev.patgate.scope.RestRoute;
import dev.patgate.token.Access;
import java.util.Locale;

/**
 * One entry of {@code scopes.rest} (or of the file {@code scopes.rest_file} names) as written, e.g.
 * {@code {method: POST, path: /a/tree/delete, body: "Nodes[].Path", access: write, invalidates: true}}.
 * {@code body_kind} ({@code path}, {@code uuid}, {@code uuid_or_path}, {@code job_parameters}; see
 * {@link RestRoute}) defaults to {@code path} when {@code body} is given; {@code invalidates} and
 * {@code refused} to false.
 */
record RestRouteEntry(
        String method, String path, String body, String bodyKind, String access, Boolean invalidates, Boolean refused) {

    static final StdConverter<RestRoute, RestRouteEntry> FROM_ROUTE = new StdConverter<>() {
        @Override
        public RestRouteEntry convert(RestRoute route) {
            return new RestRouteEntry(
                    route.method(),
                    route.pathTemplate(),
                    route.bodyField(),
                    route.bodyKind() == null ? null : route.bodyKind().name().toLowerCase(Locale.ROOT),
                    route.access().name().toLowerCase(Locale.ROOT),
                    route.invalidates(),
                    route.refused() ? Boolean.TRUE : null);
        }
    };

    static final StdConverter<RestRouteEntry, RestRoute> TO_ROUTE = new StdConverter<>() {
        @Override
        public RestRoute convert(RestRouteEntry entry) {
            return entry.route();
        }
    };

    /**
     * @throws IllegalArgumentException naming the key at fault (the caller adds the entry's path)
     */
    RestRoute route() {
        if (method == null || path == null || access == null) {
            throw new IllegalArgumentException("method, path and access are required");
        }
        String kind = bodyKind == null && body != null ? "path" : bodyKind;
        return new RestRoute(
                method,
                path,
                body,
                kind == null
                        ? null
                        : value(
                                RestRoute.TargetKind.class,
                                kind,
                                "body_kind must be path, uuid, uuid_or_path or job_parameters"),
                value(Access.class, access, "access must be read or write"),
                Boolean.TRUE.equals(invalidates),
                Boolean.TRUE.equals(refused));
    }

    private static <E extends Enum<E>> E value(Class<E> type, String text, String refusal) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(refusal);
        }
    }
}
