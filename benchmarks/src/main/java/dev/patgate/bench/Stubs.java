package dev.patgate.bench;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of a servlet request and response for the filter's hot path, built as dynamic proxies
 * so that no container is measured. Every method the filter does not call answers a neutral value.
 */
final class Stubs {

    private Stubs() {}

    static HttpServletRequest request(String method, String uri, Map<String, String> headers) {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(
                Stubs.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "getMethod":
                            return method;
                        case "getRequestURI":
                            return uri;
                        case "getRemoteAddr":
                            return "127.0.0.1";
                        case "getScheme":
                            return "http";
                        case "getQueryString":
                            return null;
                        case "getHeader":
                            return header(headers, (String) args[0]);
                        case "getHeaders": {
                            String value = header(headers, (String) args[0]);
                            return value == null
                                    ? Collections.emptyEnumeration()
                                    : Collections.enumeration(List.of(value));
                        }
                        case "getHeaderNames":
                            return Collections.enumeration(headers.keySet());
                        case "getAttribute":
                            return attributes.get((String) args[0]);
                        case "setAttribute":
                            attributes.put((String) args[0], args[1]);
                            return null;
                        case "isAsyncStarted":
                            return false;
                        case "getContentLengthLong":
                            return -1L;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            return neutral(m.getReturnType());
                    }
                });
    }

    static HttpServletResponse response() {
        return (HttpServletResponse) Proxy.newProxyInstance(
                Stubs.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, m, args) -> neutral(m.getReturnType()));
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static Object neutral(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }
}
