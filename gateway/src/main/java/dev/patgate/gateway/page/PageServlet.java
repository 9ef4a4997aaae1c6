package dev.patgate.gateway.page;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patgate.gateway.api.PasswordCheck;
import dev.patgate.gateway.users.User;
import dev.patgate.gateway.users.UserDirectory;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-service page (docs/page.md): its three static files, and the JSON calls that are not the
 * token API's: signing in and out ({@value #SESSION}) and, for the scope picker, the user's folders
 * ({@value #FOLDERS}) and, for an admin, the users ({@value #USERS}).
 */
final class PageServlet extends HttpServlet {

    static final String ROOT = "/patgate/";
    static final String SESSION = "/patgate/session";
    static final String FOLDERS = "/patgate/ui/folders";
    static final String USERS = "/patgate/ui/users";
    static final String ASSETS = "/patgate/assets/";

    private static final long serialVersionUID = 1L;
    private static final Logger AUDIT = LoggerFactory.getLogger("patgate.audit");

    /** A static file of the page: its bytes and type. */
    private record Asset(byte[] bytes, String type) {}

    private final transient Map<String, Asset> assets;
    private final transient PageGuard guard;
    private final transient PasswordCheck passwords;
    private final transient UserDirectory users;
    private final transient FolderBrowser folders;

    PageServlet(PageGuard guard, PasswordCheck passwords, UserDirectory users, FolderBrowser folders) {
        this.guard = Objects.requireNonNull(guard);
        this.passwords = Objects.requireNonNull(passwords);
        this.users = Objects.requireNonNull(users);
        this.folders = Objects.requireNonNull(folders);
        this.assets = Map.of(
                ROOT,
                asset("index.html", "text/html;charset=utf-8"),
                ASSETS + "page.js",
                asset("page.js", "text/javascript;charset=utf-8"),
                ASSETS + "page.css",
                asset("page.css", "text/css;charset=utf-8"),
                ASSETS + "icon.svg",
                asset("icon.svg", "image/svg+xml"));
    }

    private static Asset asset(String name, String type) {
        try (InputStream in = PageServlet.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the page's file " + name + " is missing from the jar");
            }
            return new Asset(in.readAllBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PageGuard.secureHeaders(response);
        String path = request.getRequestURI();
        String method = request.getMethod();
        if (path.equals("/patgate")) {
            response.setStatus(308);
            response.setHeader("Location", ROOT);
            return;
        }
        Asset asset = assets.get(path);
        if (asset != null) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                response.setHeader("Allow", "GET, HEAD");
                PageJson.error(response, 405, "method_not_allowed", "allowed here: GET, HEAD");
                return;
            }
            response.setStatus(200);
            response.setContentType(asset.type());
            response.setContentLength(asset.bytes().length);
            if (method.equals("GET")) {
                response.getOutputStream().write(asset.bytes());
            }
            return;
        }
        switch (path) {
            case SESSION -> session(request, response, method);
            case FOLDERS -> folders(request, response, method);
            case USERS -> users(request, response, method);
            default -> PageJson.error(response, 404, "not_found", "no such page");
        }
    }

    /** The session's answer: who is signed in, whether an admin, the CSRF token for changes. */
    record SessionView(String login, boolean admin, String csrf, long timeoutSeconds, String webdav) {}

    private void session(HttpServletRequest request, HttpServletResponse response, String method) throws IOException {
        switch (method) {
            case "GET" -> {
                Sessions.Session session = guard.session(request);
                if (session == null) {
                    PageJson.error(response, 401, "signed_out", "sign in with your login and password");
                } else {
                    PageJson.write(response, 200, view(session));
                }
            }
            case "POST" -> signIn(request, response);
            case "DELETE" -> signOut(request, response);
            default -> {
                response.setHeader("Allow", "GET, POST, DELETE");
                PageJson.error(response, 405, "method_not_allowed", "allowed here: GET, POST, DELETE");
            }
        }
    }

    private SessionView view(Sessions.Session session) {
        return new SessionView(
                session.login(),
                passwords.isAdmin(session.login()),
                session.csrf(),
                guard.timeout().toSeconds(),
                folders.prefix());
    }

    private void signIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String refused = PageGuard.changeRefused(request, null);
        if (refused != null) {
            PageJson.error(response, 403, "csrf", refused);
            return;
        }
        JsonNode body = PageJson.readObject(request);
        JsonNode login = body == null ? null : body.get("login");
        JsonNode password = body == null ? null : body.get("password");
        if (login == null || !login.isTextual() || password == null || !password.isTextual() || body.size() != 2) {
            PageJson.error(
                    response,
                    400,
                    "invalid_request",
                    "send a JSON object with exactly login and password, both strings");
            return;
        }
        char[] secret = password.textValue().toCharArray();
        PasswordCheck.SignIn outcome;
        try {
            outcome = passwords.signIn(request, login.textValue(), secret);
        } finally {
            Arrays.fill(secret, '\0');
        }
        if (!outcome.accepted()) {
            if (outcome.retryAfterSeconds() >= 0) {
                response.setHeader("Retry-After", Long.toString(outcome.retryAfterSeconds()));
            }
            PageJson.error(response, outcome.status(), outcome.error(), outcome.message());
            return;
        }
        guard.sessions().end(PageGuard.cookieValue(request));
        Sessions.Session session = guard.sessions().open(outcome.login());
        guard.setCookie(request, response, session.id());
        AUDIT.info("outcome=signed_in api=page user={} client={}", session.login(), request.getRemoteAddr());
        PageJson.write(response, 200, view(session));
    }

    private void signOut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Sessions.Session session = guard.session(request);
        if (session != null) {
            String refused = PageGuard.changeRefused(request, session);
            if (refused != null) {
                PageJson.error(response, 403, "csrf", refused);
                return;
            }
            guard.sessions().end(session.id());
            AUDIT.info("outcome=signed_out api=page user={} client={}", session.login(), request.getRemoteAddr());
        }
        guard.clearCookie(request, response);
        response.setStatus(204);
    }

    private void folders(HttpServletRequest request, HttpServletResponse response, String method) throws IOException {
        if (!method.equals("GET")) {
            response.setHeader("Allow", "GET");
            PageJson.error(response, 405, "method_not_allowed", "allowed here: GET");
            return;
        }
        Sessions.Session session = guard.session(request);
        if (session == null) {
            PageJson.error(response, 401, "signed_out", "your session has ended: sign in again");
            return;
        }
        String path = request.getParameter("path");
        List<String> segments = FolderBrowser.segments(path == null ? "" : path);
        if (segments == null) {
            PageJson.error(response, 400, "invalid_request", "path: a folder's path, like personal-files/projects");
            return;
        }
        try {
            FolderBrowser.Listing listing = folders.list(session.login(), segments);
            if (listing == null) {
                PageJson.error(response, 404, "not_found", "no such folder, or you cannot reach it");
            } else {
                PageJson.write(response, 200, listing);
            }
        } catch (FolderBrowser.Unavailable e) {
            LoggerFactory.getLogger(PageServlet.class).warn("folder listing for the page failed: {}", e.getMessage());
            PageJson.error(response, 502, "upstream_unavailable", "the backend could not list this folder");
        }
    }

    /** The answer for an admin's user picker. */
    record UserList(List<String> users) {}

    private void users(HttpServletRequest request, HttpServletResponse response, String method) throws IOException {
        if (!method.equals("GET")) {
            response.setHeader("Allow", "GET");
            PageJson.error(response, 405, "method_not_allowed", "allowed here: GET");
            return;
        }
        Sessions.Session session = guard.session(request);
        if (session == null) {
            PageJson.error(response, 401, "signed_out", "your session has ended: sign in again");
            return;
        }
        if (!passwords.isAdmin(session.login())) {
            PageJson.error(response, 403, "forbidden", "only an admin sees the users");
            return;
        }
        List<String> logins = users.users().stream()
                .filter(user -> !user.disabled())
                .map(User::login)
                .toList();
        PageJson.write(response, 200, new UserList(logins));
    }
}
