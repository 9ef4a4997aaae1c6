package dev.patgate.gateway.api;

import dev.patgate.auth.IssuedToken;
import dev.patgate.auth.TokenIssuer;
import dev.patgate.gateway.users.UserDirectory;
import dev.patgate.store.StoreException;
import dev.patgate.store.TokenRecord;
import dev.patgate.store.TokenStore;
import dev.patgate.token.Durations;
import dev.patgate.token.Scope;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The token management API at {@value #PATH}: people list, create and revoke their own tokens with
 * their login and password (basic auth, checked against the user directory), and admins do so for
 * anyone. A token cannot manage tokens: a leaked or scoped token must not be able to mint a broader
 * or longer-lived one. See docs/token-api.md.
 *
 * <ul>
 *   <li>{@code GET {PATH}[?user=LOGIN]}: the caller's tokens (an admin: anyone's), newest first.</li>
 *   <li>{@code POST {PATH}} with a JSON object {@code {"expire", "auto", "scopes", "label", "user"}}:
 *       201 with the new token's plaintext, shown this once.</li>
 *   <li>{@code GET {PATH}/{id}}: one token; {@code DELETE {PATH}/{id}}: revoke it, at once here and
 *       within {@code tokens.revocation_poll_interval} on other gateways.</li>
 *   <li>{@code POST {PATH}/{id}/rotate}: 201 with its successor (same label, scopes and expiry
 *       settings) and the successor's plaintext; the old one is revoked as by {@code DELETE}, and a
 *       later use of it revokes the whole rotation family (docs/token-lifecycle.md).</li>
 * </ul>
 *
 * <p>Every answer is JSON with {@code Cache-Control: no-store}. Failed passwords count towards the
 * same kind of per-address limit as failed tokens (429 once exceeded). A token id the caller may
 * not see answers 404, like one that does not exist.
 */
public final class TokenApiServlet extends HttpServlet {

    /** Where the API is mounted. */
    public static final String PATH = "/patgate/tokens";

    /**
     * The request attribute that names the caller signed in on the self-service page (a login), set
     * by {@code dev.patgate.gateway.page} after it checked the session and, for a change, its CSRF
     * token; a client cannot set a request attribute. Without it the caller gives a password.
     */
    public static final String SESSION_CALLER = "dev.patgate.gateway.page.caller";

    private static final long serialVersionUID = 1L;
    private static final String ROTATE = "/rotate";

    /** Says whether a node is there for a user; throws when the backend cannot tell. */
    @FunctionalInterface
    public interface ScopeCheck {
        /** @throws RuntimeException when the backend cannot be asked (answered 502) */
        boolean reachable(String login, Scope scope);
    }

    /**
     * Whether the backend lets a user hold a token (upstream mode cells: the user exists in Cells and
     * is not locked).
     */
    @FunctionalInterface
    public interface OwnerCheck {
        /** Every owner the user directory accepts. */
        OwnerCheck NONE = login -> null;

        /**
         * @return {@code null} when the owner may hold a token, else a short reason (answered 400)
         * @throws RuntimeException when the backend cannot be asked (answered 502)
         */
        String problem(String login);
    }

    private final transient TokenActions actions;

    /**
     * @param revokedHere drops a revoked token from this gateway's cache
     * @param passwords checks the caller's login and password
     */
    public TokenApiServlet(
            UserDirectory users,
            TokenStore store,
            TokenIssuer issuer,
            ScopeCheck scopes,
            Consumer<String> revokedHere,
            PasswordCheck passwords,
            Clock clock) {
        this(users, store, issuer, scopes, revokedHere, passwords, clock, OwnerCheck.NONE);
    }

    /**
     * @param owners asked before a token is made for a user (upstream mode cells: the user at Cells)
     */
    public TokenApiServlet(
            UserDirectory users,
            TokenStore store,
            TokenIssuer issuer,
            ScopeCheck scopes,
            Consumer<String> revokedHere,
            PasswordCheck passwords,
            Clock clock,
            OwnerCheck owners) {
        this.actions = new TokenActions(users, owners, store, issuer, scopes, revokedHere, passwords, clock);
    }

    /** The rules and the store behind this API, for Cells' face of it ({@link CellsTokenApiServlet}). */
    TokenActions actions() {
        return actions;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        try {
            String caller = actions.caller(request);
            String path = request.getPathInfo();
            if (path == null || path.equals("/")) {
                switch (request.getMethod()) {
                    case "GET" -> list(request, response, caller);
                    case "POST" -> create(request, response, caller);
                    default -> throw ApiError.methodNotAllowed("GET, POST");
                }
            } else if (path.endsWith(ROTATE)) {
                if (!request.getMethod().equals("POST")) {
                    throw ApiError.methodNotAllowed("POST");
                }
                String id = path.substring(1, path.length() - ROTATE.length());
                IssuedToken issued = actions.rotate(actions.visible(id, caller), caller, request.getRemoteAddr());
                response.setHeader("Location", PATH + "/" + issued.record().id());
                JsonAnswer.write(
                        response,
                        201,
                        new TokenView.Created(
                                TokenView.of(issued.record(), actions.clock().instant()), issued.plaintext()));
            } else {
                String id = path.substring(1);
                switch (request.getMethod()) {
                    case "GET" ->
                        JsonAnswer.write(
                                response,
                                200,
                                TokenView.of(
                                        actions.visible(id, caller),
                                        actions.clock().instant()));
                    case "DELETE" -> {
                        actions.revoke(actions.visible(id, caller), caller, request.getRemoteAddr());
                        response.setStatus(204);
                    }
                    default -> throw ApiError.methodNotAllowed("GET, DELETE");
                }
            }
        } catch (ApiError e) {
            e.writeTo(response);
        } catch (StoreException e) {
            ApiError.storeUnavailable(e).writeTo(response);
        }
    }

    /**
     * {@code ?user=LOGIN} (the caller when absent) or, for an admin, {@code ?all=true}; then
     * {@code limit}, {@code cursor} and {@code state} (see {@link TokenPage}).
     */
    private void list(HttpServletRequest request, HttpServletResponse response, String caller)
            throws IOException, ApiError {
        String user = request.getParameter("user");
        String all = request.getParameter("all");
        List<TokenRecord> records;
        if (all != null) {
            if (!all.equals("true") || user != null) {
                throw ApiError.badRequest("all: give all=true alone, without user");
            }
            records = actions.listAll(caller);
        } else {
            records = actions.list(caller, user == null ? caller : user, TokenActions.Fields.PATGATE);
        }
        JsonAnswer.write(
                response,
                200,
                TokenPage.of(
                        records,
                        actions.clock().instant(),
                        request.getParameter("limit"),
                        request.getParameter("cursor"),
                        request.getParameter("state")));
    }

    private void create(HttpServletRequest request, HttpServletResponse response, String caller)
            throws IOException, ApiError {
        CreateTokenBody body = CreateTokenBody.bind(TokenActions.readObject(request));
        String owner = body.user() == null ? caller : body.user();
        Duration expire = duration("expire", body.expire());
        Duration auto = duration("auto", body.auto());
        IssuedToken issued = actions.mint(
                caller,
                owner,
                body.label(),
                expire,
                auto,
                TokenActions.scopeList("scopes", body.scopes()),
                TokenActions.Fields.PATGATE,
                request.getRemoteAddr());
        TokenRecord record = issued.record();
        response.setHeader("Location", PATH + "/" + record.id());
        JsonAnswer.write(
                response,
                201,
                new TokenView.Created(TokenView.of(record, actions.clock().instant()), issued.plaintext()));
    }

    private static Duration duration(String field, String text) throws ApiError {
        if (text == null) {
            return null;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(field + ": " + e.getMessage());
        }
    }
}
