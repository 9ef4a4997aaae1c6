package dev.patgate.gateway.page;

import dev.patgate.gateway.api.PasswordCheck;
import dev.patgate.gateway.api.TokenApiServlet;
import dev.patgate.gateway.config.PageConfig;
import dev.patgate.gateway.identity.UpstreamIdentity;
import dev.patgate.gateway.users.UserDirectory;
import jakarta.servlet.Servlet;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The self-service page at {@code /patgate/} (docs/page.md): where its servlets are mounted. The
 * token API is mounted behind {@link SessionTokenApi}, which lets the page's signed-in session in
 * and leaves basic auth as it was.
 */
public final class Page {

    private Page() {}

    /**
     * The page's path specs and servlets, the token API's ({@code /patgate/tokens},
     * {@code /patgate/tokens/*}) among them, to replace its plain mapping.
     *
     * @param upstream the backend, asked for the user's folders
     * @param webdavPrefix the WebDAV prefix the folders are listed below, like {@code /dav/}
     * @param identity how the gateway names a user to the backend
     * @param timeout how long a folder listing may take
     */
    public static Map<String, Servlet> servlets(
            PageConfig config,
            TokenApiServlet tokenApi,
            PasswordCheck passwords,
            UserDirectory users,
            URI upstream,
            String webdavPrefix,
            UpstreamIdentity identity,
            Duration timeout,
            Clock clock) {
        Sessions sessions = new Sessions(clock, config.sessionTimeout(), config.maxSessions());
        PageGuard guard = new PageGuard(sessions, users, config.sessionTimeout());
        PageServlet page =
                new PageServlet(guard, passwords, users, new FolderBrowser(upstream, webdavPrefix, identity, timeout));
        SessionTokenApi api = new SessionTokenApi(tokenApi, guard);
        Map<String, Servlet> servlets = new LinkedHashMap<>();
        servlets.put("/patgate", page);
        servlets.put(PageServlet.ROOT, page);
        servlets.put(PageServlet.ASSETS + "*", page);
        servlets.put(PageServlet.SESSION, page);
        servlets.put("/patgate/ui/*", page);
        servlets.put(TokenApiServlet.PATH, api);
        servlets.put(TokenApiServlet.PATH + "/*", api);
        return servlets;
    }
}
