package dev.patgate.demo.dav;

import dev.patgate.demo.identity.IdentityFilter;
import dev.patgate.demo.lock.LockTable;
import dev.patgate.demo.store.NodePath;
import dev.patgate.demo.store.NodeStore;
import dev.patgate.demo.xml.MalformedXmlException;
import io.milton.config.HttpManagerBuilder;
import io.milton.http.AuthenticationHandler;
import io.milton.http.AuthenticationService;
import io.milton.http.HttpManager;
import io.milton.http.Request;
import io.milton.http.http11.DefaultETagGenerator;
import io.milton.http.http11.DefaultHttp11ResponseHandler;
import io.milton.http.values.ValueWriter;
import io.milton.http.values.ValueWriters;
import io.milton.http.webdav.PropertiesRequest;
import io.milton.http.webdav.WebDavResourceTypeHelper;
import io.milton.resource.Resource;
import io.milton.servlet.ServletRequest;
import io.milton.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * WebDAV class 1 and 2 under {@value #PREFIX}, served by milton over the {@link NodeStore}. Must sit
 * behind the {@link IdentityFilter}: the verified login decides what {@code personal-files} is and
 * owns the locks it takes. Downloads and uploads are streamed. Methods milton does not know get 501.
 *
 * <p>In front of milton: LOCK and UNLOCK, which milton's open edition lacks ({@link LockMethods});
 * the {@link LockGate}, which every other request passes; PROPPATCH, over the {@link DeadProperties}
 * ({@link PropPatch}); and the bodies milton would take wrongly: a MKCOL with a body is 415
 * (RFC 4918 §9.3.1) and a malformed PROPFIND body 400 ({@link PropfindBody}). After milton: a COPY
 * that succeeded copies the dead properties.
 */
public final class DavServlet extends HttpServlet {

    /** The path every WebDAV URL starts with. */
    public static final String PREFIX = "/dav";

    static final String REALM = "webdav-demo";

    /** The largest PROPFIND body read; a bigger one is refused with 413. */
    static final int PROPFIND_MAX_BODY = 64 * 1024;

    private static final Set<String> MILTON_METHODS =
            Arrays.stream(Request.Method.values()).map(Request.Method::name).collect(Collectors.toUnmodifiableSet());

    private final transient NodeStore store;
    private final transient HttpManager httpManager;
    private final transient LockGate lockGate;
    private final transient LockMethods lockMethods;
    private final transient DeadProperties deadProperties;
    private final transient PropPatch propPatch;

    /** @param clock the clock locks expire by */
    public DavServlet(NodeStore store, Clock clock) {
        this.store = store;
        LockTable locks = new LockTable(clock);
        DefaultETagGenerator etags = new DefaultETagGenerator();
        LockChecks checks = new LockChecks(store, locks, etags);
        this.lockGate = new LockGate(store, checks);
        this.lockMethods = new LockMethods(store, checks);
        this.deadProperties = new DeadProperties();
        store.onForget(deadProperties::forget);
        this.propPatch = new PropPatch(store, deadProperties);
        this.httpManager = buildHttpManager(store, locks, etags, deadProperties);
    }

    private static HttpManager buildHttpManager(
            NodeStore store, LockTable locks, DefaultETagGenerator etags, DeadProperties deadProperties) {
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
        builder.seteTagGenerator(etags);
        builder.setResourceTypeHelper(new LockingResourceTypeHelper());
        builder.setExtraPropertySources(List.of(new LockProperties(locks), deadProperties));
        List<ValueWriter> writers = new ArrayList<>(List.of(new LockProperties.Writer(), new DeadProperties.Writer()));
        writers.addAll(new ValueWriters().getValueWriters());
        ValueWriters valueWriters = new ValueWriters(writers);
        builder.setValueWriters(valueWriters);
        builder.setPropFindXmlGenerator(new PropFindXml(valueWriters));
        builder.setPropFindRequestFieldParser(DavServlet::propfindForMilton);
        return builder.buildHttpManager();
    }

    /** Milton's reading of a PROPFIND body, which {@link #checkBody} has found well-formed. */
    private static PropertiesRequest propfindForMilton(InputStream body) {
        try {
            return PropfindBody.parse(body.readAllBytes()).toMilton();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedXmlException e) {
            throw new IllegalStateException("PROPFIND body checked before: " + e.getMessage(), e);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (!MILTON_METHODS.contains(method)) {
            DavRefusal.plain(HttpServletResponse.SC_NOT_IMPLEMENTED, "method not implemented")
                    .writeTo(request, response);
            return;
        }
        Optional<String> path = DavLocator.decode(request.getRequestURI());
        if (path.isEmpty()) {
            DavRefusal.plain(HttpServletResponse.SC_BAD_REQUEST, "malformed percent-encoding")
                    .writeTo(request, response);
            return;
        }
        DavLocator caller =
                DavLocator.of(store, IdentityFilter.identityOf(request).login(), request);
        switch (method) {
            case "LOCK" -> lockMethods.lock(request, response, caller, path.get());
            case "UNLOCK" -> lockMethods.unlock(request, response, caller, path.get());
            default -> serveGated(request, response, caller, path.get());
        }
        response.flushBuffer();
    }

    /** Every method but LOCK and UNLOCK: the body check and the lock rules first, then PROPPATCH or milton. */
    private void serveGated(HttpServletRequest request, HttpServletResponse response, DavLocator caller, String path)
            throws IOException {
        Optional<NodePath> released;
        byte[] body;
        try {
            body = checkBody(request);
            checkParents(request.getMethod(), caller, path);
            released = lockGate.check(request, caller, path);
        } catch (DavRefusal refusal) {
            refusal.writeTo(request, response);
            return;
        }
        if (request.getMethod().equals("PROPPATCH")) {
            propPatch.handle(request, response, caller, path);
            return;
        }
        HttpServletRequest miltonSafe = MiltonRequest.wrap(request, body);
        boolean lockable = caller.fromDecodedPath(path).isPresent();
        HttpServletResponse headersFixed = new MiltonHeaders(response, lockable);
        CallerContext.runAs(
                caller,
                () -> httpManager.process(
                        new ServletRequest(miltonSafe, getServletContext()), new ServletResponse(headersFixed)));
        if (response.getStatus() / 100 == 2) {
            released.ifPresent(lockGate::release);
            if (request.getMethod().equals("COPY")) {
                copyDeadProperties(caller, path, request.getHeader("Destination"));
            }
        }
    }

    private void copyDeadProperties(DavLocator caller, String path, String destination) {
        Optional<NodePath> from = caller.fromDecodedPath(path);
        Optional<NodePath> to = caller.fromUrl(destination);
        if (from.isPresent() && to.isPresent()) {
            deadProperties.copyTree(store, from.get(), to.get());
        }
    }

    /**
     * Refuses the bodies milton would take wrongly: any MKCOL body (415; milton ignores it) and a
     * malformed PROPFIND body (400; milton answers 207). Returns the PROPFIND body, read here, for
     * milton to read again; null for other methods, whose bodies milton reads (or streams) itself.
     */
    private static byte[] checkBody(HttpServletRequest request) throws IOException, DavRefusal {
        switch (request.getMethod()) {
            case "MKCOL" -> {
                if (RequestBody.isPresent(request)) {
                    throw DavRefusal.plain(415, "MKCOL takes no body");
                }
                return null;
            }
            case "PROPFIND" -> {
                byte[] body = RequestBody.read(request, PROPFIND_MAX_BODY, "PROPFIND");
                try {
                    PropfindBody.parse(body);
                } catch (MalformedXmlException e) {
                    throw DavRefusal.plain(400, e.getMessage());
                }
                return body;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * A PUT below a file is 409 (RFC 4918 §9.7.1: no collection to hold it). Milton would create the
     * missing folders of a PUT, but takes a file among the ancestors for a folder and fails.
     */
    private void checkParents(String method, DavLocator caller, String path) throws DavRefusal {
        if (!method.equals("PUT")) {
            return;
        }
        Optional<NodePath> ancestor = caller.fromDecodedPath(path).flatMap(NodePath::parent);
        while (ancestor.isPresent()) {
            Optional<dev.patgate.demo.store.NodeInfo> node = store.stat(ancestor.get());
            if (node.isPresent()) {
                if (!node.get().collection()) {
                    throw DavRefusal.plain(409, "a file cannot hold another resource");
                }
                return;
            }
            ancestor = ancestor.get().parent();
        }
    }

    @Override
    public void destroy() {
        httpManager.shutdown();
    }

    /** Files and folders are class 1 and 2 (locking); {@code /dav/} itself only class 1. */
    private static final class LockingResourceTypeHelper extends WebDavResourceTypeHelper {
        @Override
        public List<String> getSupportedLevels(Resource resource) {
            return resource instanceof NodeResource ? List.of("1", "2") : super.getSupportedLevels(resource);
        }
    }

    /**
     * Fixes milton's headers: drops {@code Server} (it names milton and its version) and, for a
     * lockable resource, adds LOCK and UNLOCK to {@code Allow}, since they are served outside milton.
     */
    private static final class MiltonHeaders extends HttpServletResponseWrapper {
        private static final String SERVER = "Server";
        private static final String ALLOW = "Allow";

        private final boolean lockable;

        MiltonHeaders(HttpServletResponse response, boolean lockable) {
            super(response);
            this.lockable = lockable;
        }

        @Override
        public void setHeader(String name, String value) {
            if (!SERVER.equalsIgnoreCase(name)) {
                super.setHeader(name, fixed(name, value));
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!SERVER.equalsIgnoreCase(name)) {
                super.addHeader(name, fixed(name, value));
            }
        }

        private String fixed(String name, String value) {
            return lockable && ALLOW.equalsIgnoreCase(name) && value != null ? value + ", LOCK, UNLOCK" : value;
        }
    }
}
