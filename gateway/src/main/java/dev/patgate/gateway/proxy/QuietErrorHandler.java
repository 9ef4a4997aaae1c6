package dev.patgate.gateway.proxy;

import org.eclipse.jetty.ee10.servlet.ErrorHandler;

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

    /** The same for errors raised before a request reaches the servlet context. */
    static final class ServerLevel extends org.eclipse.jetty.server.handler.ErrorHandler {
        @Override
        public boolean errorPageForMethod(String method) {
            return false;
        }
    }
}
