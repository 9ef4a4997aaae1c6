package dev.patgate.gateway.cells;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.gateway.identity.UpstreamIdentity;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Upstream mode {@code cells}: no {@code X-Patgate-Identity}; the user's own Cells token as
 * {@code Authorization}: basic {@code login:token} below a WebDAV prefix ({@code scopes.webdav},
 * {@code /dav/} for Cells), {@code Bearer token} everywhere else.
 */
public final class CellsIdentity implements UpstreamIdentity {

    private final CellsCredentials credentials;
    private final List<String> webdavPrefixes;

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
        String token = credentials.forUser(caller.login());
        for (String prefix : webdavPrefixes) {
            if (rawPath.startsWith(prefix) || rawPath.equals(prefix.substring(0, prefix.length() - 1))) {
                String pair = caller.login() + ":" + token;
                return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
            }
        }
        return "Bearer " + token;
    }
}
