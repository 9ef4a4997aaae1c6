package dev.patgate.demo.identity;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through only when it carries exactly one valid {@code X-Patgate-Identity}
 * assertion, made for this request's method and target (see {@link #target}); otherwise answers 401 with a short plain-text body and does nothing else. The verified
 * {@link Identity} is stored as the request attribute {@link #ATTRIBUTE}.
 */
public final class IdentityFilter implements Filter {

    /** Request attribute holding the verified {@link Identity}. */
    public static final String ATTRIBUTE = Identity.class.getName();

    private static final Logger LOG = LoggerFactory.getLogger(IdentityFilter.class);

    private final IdentityVerifier verifier;

    public IdentityFilter(IdentityVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** The verified identity of a request that passed this filter. */
    public static Identity identityOf(HttpServletRequest request) {
        Object identity = request.getAttribute(ATTRIBUTE);
        if (!(identity instanceof Identity)) {
            throw new IllegalStateException("request did not pass the identity filter");
        }
        return (Identity) identity;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) resp;
        Identity identity;
        try {
            identity = verifier.verify(singleHeader(request), request.getMethod(), target(request));
        } catch (InvalidIdentityException e) {
            LOG.info(
                    "refused {} {} from {}: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    request.getRemoteAddr(),
                    e.getMessage());
            refuse(response);
            return;
        }
        request.setAttribute(ATTRIBUTE, identity);
        chain.doFilter(request, response);
    }

    /** The request target as on the request line: raw path, and {@code ?} + raw query when there is one. */
    static String target(HttpServletRequest request) {
        String query = request.getQueryString();
        return query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
    }

    private static String singleHeader(HttpServletRequest request) throws InvalidIdentityException {
        Enumeration<String> values = request.getHeaders(IdentityVerifier.HEADER);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String value = values.nextElement();
        if (values.hasMoreElements()) {
            throw new InvalidIdentityException(InvalidIdentityException.Reason.MULTIPLE);
        }
        return value;
    }

    private static void refuse(HttpServletResponse response) throws IOException {
        byte[] body = "missing or invalid gateway identity\n".getBytes(StandardCharsets.US_ASCII);
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("text/plain;charset=us-ascii");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
