package dev.patgate.gateway.page;

import dev.patgate.gateway.api.TokenApiServlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * The token API ({@link TokenApiServlet}) as the page calls it: a request with an
 * {@code Authorization} header, or with no session cookie, goes to the API untouched (basic auth, as
 * ever). A request with the page's session cookie and no {@code Authorization} header is let in as
 * the session's user: a read with a live session, a change only with the session's CSRF token from
 * the gateway's own origin. A dead session answers 401 without a basic challenge (no browser dialog).
 */
final class SessionTokenApi extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient TokenApiServlet api;
    private final transient PageGuard guard;

    SessionTokenApi(TokenApiServlet api, PageGuard guard) {
        this.api = Objects.requireNonNull(api);
        this.guard = Objects.requireNonNull(guard);
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        api.init(config);
    }

    @Override
    public void destroy() {
        api.destroy();
        super.destroy();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (request.getHeader("Authorization") != null || !PageGuard.hasCookie(request)) {
            api.service((ServletRequest) request, (ServletResponse) response);
            return;
        }
        Sessions.Session session = guard.session(request);
        if (session == null) {
            response.setHeader("Cache-Control", "no-store");
            PageJson.error(response, 401, "signed_out", "your session has ended: sign in again");
            return;
        }
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            String refused = PageGuard.changeRefused(request, session);
            if (refused != null) {
                response.setHeader("Cache-Control", "no-store");
                PageJson.error(response, 403, "csrf", refused);
                return;
            }
        }
        request.setAttribute(TokenApiServlet.SESSION_CALLER, session.login());
        api.service((ServletRequest) request, (ServletResponse) response);
    }
}
