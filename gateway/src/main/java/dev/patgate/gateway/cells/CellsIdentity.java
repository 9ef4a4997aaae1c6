package dev.patgate.gateway.cells;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.gateway.identity.UpstreamIdentity;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream mode {@code cells}: no {@code X-Patgate-Identity}; the user's own Cells token as
 * {@code Authorization}: basic {@code login:token} below a WebDAV prefix ({@code scopes.webdav},
 * {@code /dav/} for Cells), {@code Bearer token} everywhere else.
 *
 * <p>Both header values are made once per user and Cells token and kept until the token changes
 * (renewal, registration), so a request costs a map lookup, not an encoding.
 */
public final class CellsIdentity implements UpstreamIdentity {

    private final CellsCredentials credentials;
    private final List<String> webdavPrefixes;
    private final Map<String, Headers> headers = new ConcurrentHashMap<>();

    /** The two {@code Authorization} values for one user's current Cells token. */
    private record Headers(String token, String bearer, String basic) {

        static Headers of(String login, String token) {
            String pair = login + ":" + token;
            return new Headers(
                    token,
                    "Bearer " + token,
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
    }

    public CellsIdentity(CellsCredentials credentials, List<String> webdavPrefixes) {
        this.credentials = Objects.requireNonNull(credentials, "credentials must not be null");
        this.webdavPrefixes = List.copyOf(webdavPrefixes);
    }

    @Override
    public String assertion(AuthenticatedToken caller, String method, String target) {
        return null;
    }

    @Override
    public String authorization(AuthenticatedToken caller, String rawPath) {
        String login = caller.login();
        String token = credentials.forUser(login);
        Headers known = headers.get(login);
        if (known == null || !known.token().equals(token)) {
            known = Headers.of(login, token);
            headers.put(login, known);
        }
        return isWebDav(rawPath) ? known.basic() : known.bearer();
    }

    /** Below a WebDAV prefix, or the prefix without its trailing slash ({@code /dav}). */
    private boolean isWebDav(String rawPath) {
        for (String prefix : webdavPrefixes) {
            if (rawPath.startsWith(prefix) || (rawPath.length() == prefix.length() - 1 && prefix.startsWith(rawPath))) {
                return true;
            }
        }
        return false;
    }
}
