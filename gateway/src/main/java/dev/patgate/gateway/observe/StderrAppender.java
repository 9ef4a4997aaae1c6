package dev.patgate.gateway.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes lines to the process's stderr through a 64 KiB buffer of its own, not through
 * {@code System.err} (which writes every line at once). Alone it flushes every line, like Logback's
 * {@code ConsoleAppender}; inside a {@link BatchingAppender} it is flushed once per batch. Stopping it
 * flushes, and never closes stderr.
 */
public final class StderrAppender extends OutputStreamAppender<ILoggingEvent> {

    static final int BUFFER_BYTES = 64 * 1024;

    private OutputStream target = new FileOutputStream(FileDescriptor.err);

    /** For tests: where the bytes go instead of stderr (set before {@link #start()}). */
    void setTarget(OutputStream target) {
        this.target = target;
    }

    @Override
    public void start() {
        setOutputStream(new BufferedOutputStream(new KeepOpen(target), BUFFER_BYTES));
        super.start();
    }

    /** Flushes on close instead of closing: stderr outlives the appender. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
