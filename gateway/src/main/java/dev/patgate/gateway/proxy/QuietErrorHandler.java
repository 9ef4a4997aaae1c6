package dev.patgate.gateway.proxy;

import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a malformed request line, an exception in a servlet) keep their status
 * but carry no body, so that no error page ever quotes the request back. The gateway's own answers
 * are written by {@link PlainText}.
 */
final class QuietErrorHandler extends ErrorHandler {

    @Override
    public boolean errorPageForMethod(String method) {
        return false;
    }

    /**
     * The same for errors raised before a request reaches the servlet context: the request could not
     * be parsed. Jetty answers some of those with a 5xx ({@code 505} for HTTP/0.9 or an unknown
     * version, {@code 501} for what it does not implement); the fault is the client's, so the gateway
     * says {@code 400}. Any other status is kept.
     */
    static final class ServerLevel extends org.eclipse.jetty.server.handler.ErrorHandler {
        @Override
        public boolean errorPageForMethod(String method) {
            return false;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            generateCacheControl(response);
            int status = statusOf(request.getAttribute(ERROR_EXCEPTION), response.getStatus());
            response.setStatus(status == 501 || status == 505 ? 400 : status);
            callback.succeeded();
            return true;
        }

        /**
         * The status an error is answered with: that of an {@link HttpException} anywhere in its
         * causes; 400 when the cause is the client's connection or body (an I/O failure while
         * reading it); else the status already set, and 500 when none was, never the 200 of a
         * response no one answered.
         */
        static int statusOf(Object error, int current) {
            for (Throwable cause = error instanceof Throwable t ? t : null; cause != null; cause = cause.getCause()) {
                if (cause instanceof HttpException failure) {
                    return failure.getCode();
                }
                if (cause instanceof java.io.IOException) {
                    return 400;
                }
            }
            return current >= 400 ? current : 500;
        }
    }
}
