package dev.patgate.demo.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.demo.identity.IdentityFilter;
import dev.patgate.demo.store.NodeStore;
import dev.patgate.demo.store.StoreException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cells-like REST API, mapped to {@code /a/*} and {@code /n/*}; must sit behind the
 * {@link IdentityFilter}. Routes: {@code GET /a/tree/stat/{path}}, {@code POST /a/tree/stats},
 * {@code POST /a/tree/create}, {@code POST /a/tree/delete}, {@code GET /n/node/{uuid}}. Every answer
 * is JSON; errors are {@code {"Title": ..., "Code": status}} and never carry a stack trace.
 */
public final class RestServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(RestServlet.class);
    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final String STAT_PREFIX = "/a/tree/stat/";
    private static final String NODE_PREFIX = "/n/node/";
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final transient TreeApi api;
    private final transient CellsExtrasApi extras;
    private final transient Consumer<String> answerListener;

    public RestServlet(NodeStore store) {
        this(store, null);
    }

    /** @param answerListener called with the route once an answer is ready, before it is written; may be null */
    public RestServlet(NodeStore store, Consumer<String> answerListener) {
        this.api = new TreeApi(store);
        this.extras = new CellsExtrasApi(store, JSON);
        this.answerListener = answerListener;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object answer;
        int status = HttpServletResponse.SC_OK;
        try {
            answer = dispatch(request, response);
        } catch (ApiException e) {
            status = e.status();
            answer = new Json.Error(e.getMessage(), status);
        } catch (StoreException e) {
            status = e.kind().status();
            answer = new Json.Error(e.getMessage(), status);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
            answer = new Json.Error("internal error", status);
        }
        byte[] body = JSON.writeValueAsBytes(answer);
        if (answerListener != null) {
            answerListener.accept(
                    request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo()));
        }
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private Object dispatch(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String route = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String login = IdentityFilter.identityOf(request).login();
        if (route.startsWith(STAT_PREFIX)) {
            requireMethod("GET", request, response);
            return api.stat(login, route.substring(STAT_PREFIX.length()));
        }
        if (route.startsWith(NODE_PREFIX) && route.indexOf('/', NODE_PREFIX.length()) < 0) {
            requireMethod("GET", request, response);
            return api.node(login, route.substring(NODE_PREFIX.length()));
        }
        Object extra = extras.dispatch(route, login, request);
        if (extra != null) {
            return extra;
        }
        switch (route) {
            case "/a/tree/stats":
                requireMethod("POST", request, response);
                return api.stats(login, readBody(request, Json.StatsRequest.class));
            case "/a/tree/create":
                requireMethod("POST", request, response);
                return api.create(login, readBody(request, Json.NodesRequest.class));
            case "/a/tree/delete":
                requireMethod("POST", request, response);
                return api.delete(login, readBody(request, Json.NodesRequest.class));
            default:
                throw new ApiException(HttpServletResponse.SC_NOT_FOUND, "no such endpoint");
        }
    }

    private static void requireMethod(String method, HttpServletRequest request, HttpServletResponse response) {
        if (!method.equals(request.getMethod())) {
            response.setHeader("Allow", method);
            throw new ApiException(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method not allowed");
        }
    }

    private static <T> T readBody(HttpServletRequest request, Class<T> type) throws IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiException(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "request body too large");
        }
        try {
            return JSON.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new ApiException(
                    HttpServletResponse.SC_BAD_REQUEST, "request body is not valid JSON of the expected shape");
        }
    }
}
