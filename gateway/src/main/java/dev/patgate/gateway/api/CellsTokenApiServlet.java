package dev.patgate.gateway.api;

import dev.patgate.auth.IssuedToken;
import dev.patgate.store.StoreException;
import dev.patgate.store.TokenRecord;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Cells' token API, answered by the gateway itself so that Cells Enterprise clients and scripts
 * manage patgate tokens unchanged (docs/cells-token-api.md). The same rules as {@link TokenApiServlet}
 * (it shares its {@link TokenActions}): the caller's login and password, never a token; an admin may
 * act for anyone. Mounted on {@link #PATHS}, which then never reach the backend.
 *
 * <ul>
 *   <li>{@code POST /a/auth/token/personal} {@code {"UserLogin", "Label", "ExpiresAt", "AutoRefresh",
 *       "Scopes"}}: a token for the caller, {@code {"AccessToken": "..."}};</li>
 *   <li>{@code POST /a/auth/token/impersonate}, the same body: an admin mints for {@code UserLogin};</li>
 *   <li>{@code POST /a/auth/tokens} {@code {"ByUser", "Type"}}: {@code {"Tokens": [...]}};</li>
 *   <li>{@code DELETE /a/auth/tokens/{TokenId}}: {@code {"Success": true}}.</li>
 * </ul>
 *
 * <p>Refusals have the statuses and headers of {@link TokenApiServlet}'s, and a body that also carries
 * Cells' {@code Code}, {@code Title} and {@code Detail}.
 */
public final class CellsTokenApiServlet extends HttpServlet {

    static final String PERSONAL = "/a/auth/token/personal";
    static final String IMPERSONATE = "/a/auth/token/impersonate";
    static final String TOKENS = "/a/auth/tokens";

    /**
     * The servlet path specs to mount this servlet on: each path and everything below it, so that no
     * variant of them ({@code /a/auth/token/personal/}) slips through to the backend.
     */
    public static final List<String> PATHS = List.of(PERSONAL + "/*", IMPERSONATE + "/*", TOKENS + "/*");

    /** The most bytes of a request body this API reads; a longer body is answered 413. */
    public static final int MAX_BODY = TokenActions.MAX_BODY;

    private static final long serialVersionUID = 1L;

    private final transient TokenActions actions;

    /** @param tokenApi the token API whose credentials, limits and store this one shares */
    public CellsTokenApiServlet(TokenApiServlet tokenApi) {
        this.actions = Objects.requireNonNull(tokenApi).actions();
    }

    /** Whether a request's raw path is one this API answers: one of its paths, or below one. */
    public static boolean answers(String rawPath) {
        return isOrIsBelow(rawPath, PERSONAL) || isOrIsBelow(rawPath, IMPERSONATE) || isOrIsBelow(rawPath, TOKENS);
    }

    private static boolean isOrIsBelow(String rawPath, String path) {
        return rawPath.startsWith(path) && (rawPath.length() == path.length() || rawPath.charAt(path.length()) == '/');
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        try {
            String caller = actions.caller(request);
            String path = request.getServletPath();
            String below = request.getPathInfo();
            String method = request.getMethod();
            if (path.equals(TOKENS) && below != null) {
                if (!method.equals("DELETE")) {
                    throw ApiError.methodNotAllowed("DELETE");
                }
                TokenRecord record = actions.visible(below.substring(1), caller);
                actions.revoke(record, caller, request.getRemoteAddr());
                JsonAnswer.write(response, 200, new CellsTokenBodies.Success(true));
                return;
            }
            if (below != null) {
                throw new ApiError(404, "not_found", "no such endpoint");
            }
            if (!method.equals("POST")) {
                throw ApiError.methodNotAllowed("POST");
            }
            switch (path) {
                case PERSONAL -> mint(request, response, caller, false);
                case IMPERSONATE -> mint(request, response, caller, true);
                default -> list(request, response, caller);
            }
        } catch (ApiError e) {
            e.writeCellsTo(response);
        } catch (StoreException e) {
            ApiError.storeUnavailable(e).writeCellsTo(response);
        }
    }

    private void mint(HttpServletRequest request, HttpServletResponse response, String caller, boolean impersonate)
            throws IOException, ApiError {
        if (impersonate && !actions.isAdmin(caller)) {
            throw new ApiError(403, "forbidden", "only an admin may mint a token for another user");
        }
        CellsTokenBodies.Mint body = CellsTokenBodies.Mint.bind(TokenActions.readObject(request));
        String owner;
        if (impersonate) {
            if (body.userLogin().isEmpty()) {
                throw ApiError.badRequest("UserLogin: whose token to mint is needed");
            }
            owner = body.userLogin();
        } else {
            if (!body.userLogin().isEmpty() && !body.userLogin().equals(caller)) {
                throw new ApiError(
                        403,
                        "forbidden",
                        "a personal token is for the caller only; an admin mints for another user at " + IMPERSONATE);
            }
            owner = caller;
        }
        Instant now = actions.clock().instant();
        long expiresAt = body.expiresAtSeconds();
        Duration expire = null;
        if (expiresAt > 0) {
            expire = Duration.between(now, Instant.ofEpochSecond(expiresAt));
            if (expire.isZero() || expire.isNegative()) {
                throw ApiError.badRequest("ExpiresAt: must be in the future");
            }
        }
        long autoRefresh = body.autoRefreshSeconds();
        Duration auto = autoRefresh > 0 ? Duration.ofSeconds(autoRefresh) : null;
        String label = body.label() == null || body.label().isEmpty() ? null : body.label();
        IssuedToken issued = actions.mint(
                caller,
                owner,
                label,
                expire,
                auto,
                TokenActions.scopeList("Scopes", body.scopes()),
                TokenActions.Fields.CELLS,
                request.getRemoteAddr());
        JsonAnswer.write(response, 200, new CellsTokenBodies.AccessToken(issued.plaintext()));
    }

    private void list(HttpServletRequest request, HttpServletResponse response, String caller)
            throws IOException, ApiError {
        CellsTokenBodies.Listing body = CellsTokenBodies.Listing.bind(TokenActions.readObject(request));
        String owner = body.byUser() == null || body.byUser().isEmpty() ? caller : body.byUser();
        boolean personal = body.wantsPersonal();
        List<CellsTokenBodies.Token> tokens = actions.list(caller, owner, TokenActions.Fields.CELLS).stream()
                .filter(record -> personal && record.revokedAt() == null)
                .map(CellsTokenBodies.Token::of)
                .toList();
        JsonAnswer.write(response, 200, new CellsTokenBodies.Tokens(tokens));
    }
}
