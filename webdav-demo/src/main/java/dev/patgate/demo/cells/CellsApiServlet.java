package dev.patgate.demo.cells;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patgate.demo.store.NodeInfo;
import dev.patgate.demo.store.NodeStore;
import dev.patgate.demo.store.StoreException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cells' token and user endpoints, as the stand-in answers them (mapped to {@code /a/auth/*} and
 * {@code /a/user/*}, behind the {@link CellsAuthFilter}):
 * <ul>
 *   <li>{@code POST /a/auth/token/personal}: the caller mints a token for itself;
 *   <li>{@code POST /a/auth/token/impersonate}: an admin mints a token for {@code UserLogin} (403 for others);
 *   <li>{@code POST /a/auth/token/document} {@code {Path}}: the caller mints a DOCUMENT token scoped to
 *       the node, sliding for 30 minutes (open-source Cells' only token endpoint);
 *   <li>{@code POST /a/auth/tokens} {@code {ByUser, Type}}: an admin lists anyone's, a user its own;
 *   <li>{@code DELETE /a/auth/tokens/{TokenId}}: an admin deletes any, a user its own;
 *   <li>{@code GET /a/user/{Login}} (admin or the user itself), {@code PUT} and {@code DELETE} (admin).
 * </ul>
 * Errors are Cells' {@code {"Code", "Title", "Detail"}}; nothing here answers 500 for a client's input.
 */
public final class CellsApiServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(CellsApiServlet.class);
    private static final int MAX_BODY_BYTES = 1 << 16;
    private static final String TOKENS_PREFIX = "/a/auth/tokens/";
    private static final String USER_PREFIX = "/a/user/";

    /** The sliding window of a document token, as in Cells. */
    static final int DOCUMENT_WINDOW_SECONDS = 30 * 60;

    private final transient CellsAccounts accounts;
    private final transient NodeStore store;

    public CellsApiServlet(CellsAccounts accounts, NodeStore store) {
        this.accounts = accounts;
        this.store = store;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonNode answer;
        int status = HttpServletResponse.SC_OK;
        try {
            answer = dispatch(request, response);
        } catch (CellsException e) {
            write(response, e.status(), CellsJson.error(e.status(), title(e.status()), e.getMessage()));
            return;
        } catch (StoreException e) {
            int code = e.kind().status();
            write(response, code, CellsJson.error(code, title(code), e.getMessage()));
            return;
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            write(response, 500, CellsJson.error(500, "Internal Server Error", "internal error"));
            return;
        }
        write(response, status, CellsJson.bytes(answer));
    }

    private static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Request Entity Too Large";
            default -> "Error";
        };
    }

    private JsonNode dispatch(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String route = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        CellsAccounts.Accepted caller = CellsAuthFilter.acceptedOf(request);
        switch (route) {
            case "/a/auth/token/personal" -> {
                requireMethod("POST", request, response);
                return personal(caller, body(request));
            }
            case "/a/auth/token/impersonate" -> {
                requireMethod("POST", request, response);
                return impersonate(caller, body(request));
            }
            case "/a/auth/token/document" -> {
                requireMethod("POST", request, response);
                return document(caller, body(request));
            }
            case "/a/auth/tokens" -> {
                requireMethod("POST", request, response);
                return list(caller, body(request));
            }
            default -> {
                // below
            }
        }
        if (route.startsWith(TOKENS_PREFIX) && route.length() > TOKENS_PREFIX.length()) {
            requireMethod("DELETE", request, response);
            return deleteToken(caller, route.substring(TOKENS_PREFIX.length()));
        }
        if (route.startsWith(USER_PREFIX) && route.length() > USER_PREFIX.length()) {
            String login = route.substring(USER_PREFIX.length());
            return switch (request.getMethod()) {
                case "GET" -> getUser(caller, login);
                case "PUT" -> putUser(caller, login, body(request));
                case "DELETE" -> deleteUser(caller, login);
                default -> {
                    response.setHeader("Allow", "GET, PUT, DELETE");
                    throw new CellsException(405, "method not allowed");
                }
            };
        }
        throw new CellsException(404, "no such endpoint");
    }

    private JsonNode personal(CellsAccounts.Accepted caller, JsonNode body) {
        String login = CellsJson.string(body, "UserLogin");
        String self = caller.user().login();
        if (login != null && !login.isEmpty() && !login.equals(self)) {
            throw new CellsException(403, "a personal token is made for the caller only; use impersonate");
        }
        return mint(self, self, body);
    }

    private JsonNode impersonate(CellsAccounts.Accepted caller, JsonNode body) {
        requireAdmin(caller);
        String login = CellsJson.string(body, "UserLogin");
        if (login == null || login.isEmpty()) {
            throw new CellsException(400, "UserLogin is required");
        }
        return mint(login, caller.user().login(), body);
    }

    private JsonNode document(CellsAccounts.Accepted caller, JsonNode body) {
        String path = CellsJson.string(body, "Path");
        if (path == null || path.isEmpty()) {
            throw new CellsException(400, "Path is required");
        }
        String login = caller.user().login();
        NodeInfo node =
                store.stat(store.resolve(login, path)).orElseThrow(() -> new CellsException(404, "node not found"));
        String token = accounts.mint(
                login,
                CellsToken.DOCUMENT,
                "Document " + node.path().display(),
                0,
                DOCUMENT_WINDOW_SECONDS,
                List.of("node:" + node.uuid() + ":rw"),
                login);
        ObjectNode answer = CellsJson.MAPPER.createObjectNode();
        answer.put("AccessToken", token);
        return answer;
    }

    private JsonNode mint(String login, String createdBy, JsonNode body) {
        String label = CellsJson.string(body, "Label");
        long expiresAt = CellsJson.int64(body, "ExpiresAt");
        int autoRefresh = CellsJson.int32(body, "AutoRefresh");
        List<String> scopes = CellsJson.strings(body, "Scopes");
        String token = accounts.mint(login, label, expiresAt, autoRefresh, scopes, createdBy);
        ObjectNode answer = CellsJson.MAPPER.createObjectNode();
        answer.put("AccessToken", token);
        return answer;
    }

    private JsonNode list(CellsAccounts.Accepted caller, JsonNode body) {
        String byUser = CellsJson.string(body, "ByUser");
        String type = CellsJson.string(body, "Type");
        if (type != null
                && !List.of("ANY", CellsToken.PERSONAL, CellsToken.DOCUMENT).contains(type)) {
            throw new CellsException(400, "Type must be ANY, PERSONAL or DOCUMENT");
        }
        String self = caller.user().login();
        String who;
        if (caller.user().admin()) {
            who = byUser == null || byUser.isEmpty() ? null : byUser;
        } else {
            if (byUser != null && !byUser.isEmpty() && !byUser.equals(self)) {
                throw new CellsException(403, "only an admin lists the tokens of another user");
            }
            who = self;
        }
        ObjectNode answer = CellsJson.MAPPER.createObjectNode();
        ArrayNode tokens = answer.putArray("Tokens");
        for (CellsToken token : accounts.tokens(who)) {
            if (type == null || type.equals("ANY") || type.equals(token.type())) {
                tokens.add(CellsJson.token(token));
            }
        }
        return answer;
    }

    private JsonNode deleteToken(CellsAccounts.Accepted caller, String tokenId) {
        CellsToken token = accounts.token(tokenId).orElseThrow(() -> new CellsException(404, "token not found"));
        if (!caller.user().admin() && !token.userLogin().equals(caller.user().login())) {
            throw new CellsException(403, "only an admin deletes the tokens of another user");
        }
        accounts.deleteToken(tokenId);
        return success();
    }

    private JsonNode getUser(CellsAccounts.Accepted caller, String login) {
        if (!caller.user().admin() && !caller.user().login().equals(login)) {
            throw new CellsException(403, "only an admin reads another user");
        }
        return CellsJson.user(accounts.user(login).orElseThrow(() -> new CellsException(404, "user not found")));
    }

    private JsonNode putUser(CellsAccounts.Accepted caller, String login, JsonNode body) {
        requireAdmin(caller);
        String bodyLogin = CellsJson.string(body, "Login");
        if (bodyLogin != null && !bodyLogin.equals(login)) {
            throw new CellsException(400, "Login in the body differs from the path");
        }
        String groupPath = CellsJson.string(body, "GroupPath");
        Map<String, String> attributes = CellsJson.stringMap(body, "Attributes");
        return CellsJson.user(accounts.putUser(login, groupPath, attributes));
    }

    private JsonNode deleteUser(CellsAccounts.Accepted caller, String login) {
        requireAdmin(caller);
        if (!accounts.deleteUser(login)) {
            throw new CellsException(404, "user not found");
        }
        return success();
    }

    private static JsonNode success() {
        ObjectNode answer = CellsJson.MAPPER.createObjectNode();
        answer.put("Success", true);
        return answer;
    }

    private static void requireAdmin(CellsAccounts.Accepted caller) {
        if (!caller.user().admin()) {
            throw new CellsException(403, "admin role required");
        }
    }

    private static void requireMethod(String method, HttpServletRequest request, HttpServletResponse response) {
        if (!method.equals(request.getMethod())) {
            response.setHeader("Allow", method);
            throw new CellsException(405, "method not allowed");
        }
    }

    private static JsonNode body(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new CellsException(413, "request body too large");
        }
        return CellsJson.object(body);
    }
}
