package dev.patgate.gateway.proxy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes an HTTP/1 connection whose request head (request line and headers) is still incomplete
 * {@code timeout} after the gateway first saw it begin. Jetty reads heads without a thread, so a
 * trickled head costs no thread; this bounds how long it can keep its connection, which the idle
 * timeout alone does not when each byte comes just before it.
 *
 * <p>Each connection is looked at every quarter of the timeout, so a head is cut between
 * {@code timeout} and {@code 1.25 × timeout} after it began. A connection waiting between requests
 * (keep-alive) or on the backend is not in a head and is left to the idle timeout.
 */
final class HeaderDeadline implements Connection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

    private final long timeoutNanos;
    private final long periodMillis;
    private final Scheduler scheduler;
    private final LongSupplier nanoTime;

    /**
     * @param nanoTime the monotonic clock the timeout is measured on ({@code System::nanoTime})
     */
    HeaderDeadline(Duration timeout, Scheduler scheduler, LongSupplier nanoTime) {
        this.timeoutNanos = timeout.toNanos();
        this.periodMillis = Math.max(1, timeout.toMillis() / 4);
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            new Watch(http).schedule();
        }
    }

    /** Whether the parser is inside a request head. */
    static boolean inHead(HttpParser.State state) {
        return state.ordinal() >= HttpParser.State.METHOD.ordinal()
                && state.ordinal() <= HttpParser.State.HEADER.ordinal();
    }

    private final class Watch implements Runnable {

        private final HttpConnection connection;
        private long headNumber = -1;
        private long headSince;

        Watch(HttpConnection connection) {
            this.connection = connection;
        }

        void schedule() {
            scheduler.schedule(this, periodMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            if (!connection.getEndPoint().isOpen()) {
                return;
            }
            long now = nanoTime.getAsLong();
            if (!inHead(connection.getParser().getState())) {
                headNumber = -1;
            } else if (headNumber != connection.getMessagesIn()) {
                headNumber = connection.getMessagesIn();
                headSince = now;
            } else if (now - headSince >= timeoutNanos) {
                LOG.info(
                        "closed a connection from {}: its request head did not arrive in time",
                        connection.getEndPoint().getRemoteSocketAddress());
                connection.getEndPoint().close();
                return;
            }
            schedule();
        }
    }
}
