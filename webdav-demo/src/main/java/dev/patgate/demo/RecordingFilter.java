package dev.patgate.demo;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands every incoming request, before any check, to the configured listener. */
final class RecordingFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingFilter.class);

    private final Consumer<RecordedRequest> listener;

    RecordingFilter(Consumer<RecordedRequest> listener) {
        this.listener = listener;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        String query = request.getQueryString();
        String uri = request.getRequestURI() + (query == null ? "" : "?" + query);
        try {
            listener.accept(new RecordedRequest(request.getMethod(), uri, headers));
        } catch (RuntimeException e) {
            LOG.warn("request listener failed", e);
        }
        chain.doFilter(req, resp);
    }
}
