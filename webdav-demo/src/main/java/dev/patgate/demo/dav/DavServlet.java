package dev.patgate.demo.dav;

import dev.patgate.demo.identity.IdentityFilter;
import dev.patgate.demo.store.NodeStore;
import io.milton.config.HttpManagerBuilder;
import io.milton.http.AuthenticationHandler;
import io.milton.http.AuthenticationService;
import io.milton.http.HttpManager;
import io.milton.http.Request;
import io.milton.http.http11.DefaultHttp11ResponseHandler;
import io.milton.servlet.ServletRequest;
import io.milton.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * WebDAV under {@value #PREFIX}, served by milton over the {@link NodeStore}. Must sit behind the
 * {@link IdentityFilter}: the verified login decides what {@code personal-files} is. Downloads and
 * uploads are streamed; LOCK is not supported (milton answers 405) and methods milton does not know
 * get 501.
 */
public final class DavServlet extends HttpServlet {

    /** The path every WebDAV URL starts with. */
    public static final String PREFIX = "/dav";

    static final String REALM = "webdav-demo";

    private static final Set<String> MILTON_METHODS = Arrays.stream(Request.Method.values())
            .map(Request.Method::name)
            .collect(Collectors.toUnmodifiableSet());

    private final transient HttpManager httpManager;

    public DavServlet(NodeStore store) {
        this.httpManager = buildHttpManager(store);
    }

    private static HttpManager buildHttpManager(NodeStore store) {
        HttpManagerBuilder builder = new HttpManagerBuilder();
        builder.setMainResourceFactory(new DavResourceFactory(store));
        List<AuthenticationHandler> handlers = new ArrayList<>(List.of(new GatewayAuthHandler()));
        builder.setAuthenticationService(new AuthenticationService(handlers));
        builder.setEnableBasicAuth(false);
        builder.setEnableDigestAuth(false);
        builder.setEnableFormAuth(false);
        builder.setEnableCookieAuth(false);
        builder.setEnableOAuth2(false);
        builder.setEnabledJson(false);
        builder.setEnableCompression(false);
        builder.setBuffering(DefaultHttp11ResponseHandler.BUFFERING.never);
        return builder.buildHttpManager();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!MILTON_METHODS.contains(request.getMethod())) {
            byte[] body = "method not implemented\n".getBytes(StandardCharsets.US_ASCII);
            response.setStatus(HttpServletResponse.SC_NOT_IMPLEMENTED);
            response.setContentType("text/plain;charset=us-ascii");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        String login = IdentityFilter.identityOf(request).login();
        HttpServletRequest miltonSafe = IgnoreSuffixRanges.wrap(request);
        HttpServletResponse anonymous = new WithoutServerHeader(response);
        CallerContext.runAs(login, () -> httpManager.process(
                new ServletRequest(miltonSafe, getServletContext()), new ServletResponse(anonymous)));
        response.flushBuffer();
    }

    @Override
    public void destroy() {
        httpManager.shutdown();
    }

    /** Drops the {@code Server} header milton always sets (it names milton and its version). */
    private static final class WithoutServerHeader extends HttpServletResponseWrapper {
        private static final String SERVER = "Server";

        WithoutServerHeader(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            if (!SERVER.equalsIgnoreCase(name)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!SERVER.equalsIgnoreCase(name)) {
                super.addHeader(name, value);
            }
        }
    }
}
