package dev.patgate.testsupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records every event that reaches Logback's root logger from {@link #start()} until {@link #close()},
 * from any thread, at the levels the module's {@code logback-test.xml} lets through; the console
 * output goes on as configured. Nothing global is swapped: the capture is one more appender.
 */
public final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root;

    private LogCapture(Logger root) {
        this.root = root;
    }

    /** Attaches a new capture to the root logger. */
    public static LogCapture start() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IllegalStateException("tests must log through Logback, found "
                    + LoggerFactory.getILoggerFactory().getClass().getName());
        }
        LogCapture capture = new LogCapture(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
        capture.appender.setContext(context);
        capture.appender.setName("test-capture-" + System.identityHashCode(capture));
        capture.appender.start();
        capture.root.addAppender(capture.appender);
        return capture;
    }

    /**
     * What was logged so far, one line per event ({@code LEVEL logger - message}), each followed by
     * the text of its throwable and causes, if any.
     */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : events()) {
            text.append(event.getLevel())
                    .append(' ')
                    .append(event.getLoggerName())
                    .append(" - ")
                    .append(event.getFormattedMessage())
                    .append('\n');
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                text.append(ThrowableProxyUtil.asString(thrown)).append('\n');
            }
        }
        return text.toString();
    }

    /** The events recorded so far, in the order they were appended. */
    public List<ILoggingEvent> events() {
        synchronized (appender) { // AppenderBase appends while holding this lock
            return List.copyOf(appender.list);
        }
    }

    /** Detaches the capture; what it recorded stays readable. */
    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
