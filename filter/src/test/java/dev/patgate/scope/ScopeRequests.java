package dev.patgate.scope;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.patgate.auth.Refusal;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Request stand-ins and outcome spelling for the scope unit tests (the servlet container is the boundary). */
final class ScopeRequests {

    static final String HOST = "gw.example:8443";

    private ScopeRequests() {}

    /**
     * A request on {@code https://gw.example:8443}.
     *
     * @param headers "Name: value" lines separated by {@code ;}, or null
     * @param body the body, or null for none
     */
    static HttpServletRequest request(String method, String rawPath, String headers, String body) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        byName.computeIfAbsent("host", k -> new ArrayList<>()).add(HOST);
        if (headers != null) {
            for (String line : headers.split(";")) {
                int colon = line.indexOf(':');
                byName.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getRequestURI()).thenReturn(rawPath);
        when(request.getScheme()).thenReturn("https");
        when(request.getContentLengthLong()).thenReturn(body == null ? -1L : bytes.length);
        when(request.getHeader(anyString())).thenAnswer(call -> {
            List<String> values = byName.get(call.<String>getArgument(0).toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        });
        when(request.getHeaders(anyString()))
                .thenAnswer(call -> Collections.enumeration(
                        byName.getOrDefault(call.<String>getArgument(0).toLowerCase(Locale.ROOT), List.of())));
        try {
            when(request.getInputStream()).thenAnswer(call -> stream(bytes));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return request;
    }

    private static ServletInputStream stream(byte[] bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {}
        };
    }

    /** Something that may refuse. */
    @FunctionalInterface
    interface Check {
        String run() throws Refusal;
    }

    /**
     * What the check answered, or how it refused: the status, then the permission the challenge
     * names if any ({@code 403 write}).
     */
    static String outcome(Check check) {
        try {
            return check.run();
        } catch (Refusal e) {
            String permission = e instanceof Refusal.Forbidden forbidden ? forbidden.permission() : null;
            return e.status() + (permission == null ? "" : " " + permission);
        }
    }
}
