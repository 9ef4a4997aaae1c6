package dev.patgate.gateway.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Takes log lines off the request threads and writes them in batches: the logging thread only
 * queues the event, and one writer thread hands what has gathered to the attached appenders, then
 * flushes their streams once. So a busy gateway makes one {@code write} for many lines instead of
 * one per line, and no request thread waits for stderr or a disk.
 *
 * <p>How it differs from Logback's {@code AsyncAppender}:
 * <ul>
 *   <li>No wake-up per line. After each batch the writer waits {@code lingerMillis} (10 ms) and then
 *       takes everything that came meanwhile; only when it finds nothing does it sleep until the next
 *       line wakes it. Under load no logging thread ever signals it.
 *   <li>Nothing is dropped by default. When {@code queueSize} lines wait (8192), the logging thread
 *       waits for room. {@code neverBlock} drops the line instead and counts it; the access log uses
 *       that, so that a stalled disk never holds a request.
 *   <li>Attached {@link OutputStreamAppender}s are switched to {@code immediateFlush=false} and
 *       flushed once per batch, so lines still reach the output within a few milliseconds.
 *   <li>{@link #stop()} writes every queued line before it returns (waiting at most
 *       {@code maxFlushMillis}, 10 s), then stops the attached appenders. patgate stops Logback at
 *       its end, so a clean stop loses nothing; {@code kill -9} loses what was queued.
 * </ul>
 *
 * <p>Usage in {@code logback.xml}: attach the real output with {@code <appender-ref>}, and do not also
 * attach that output to a logger (it would then be written from two threads).
 */
public final class BatchingAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
        implements AppenderAttachable<ILoggingEvent> {

    /** Lines that may wait before a logging thread waits (or, with {@code neverBlock}, drops). */
    public static final int DEFAULT_QUEUE_SIZE = 8192;

    private final AppenderAttachableImpl<ILoggingEvent> outputs = new AppenderAttachableImpl<>();
    private final ConcurrentLinkedQueue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    /** Set by the writer just before it sleeps without a deadline; the next line clears it and wakes it. */
    private final AtomicBoolean writerIdle = new AtomicBoolean();

    private int queueSize = DEFAULT_QUEUE_SIZE;
    private boolean neverBlock;
    private long lingerMillis = 10;
    private long maxFlushMillis = 10_000;
    private volatile boolean draining;
    private volatile Thread writer;

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public void setNeverBlock(boolean neverBlock) {
        this.neverBlock = neverBlock;
    }

    public void setLingerMillis(long lingerMillis) {
        this.lingerMillis = lingerMillis;
    }

    public void setMaxFlushMillis(long maxFlushMillis) {
        this.maxFlushMillis = maxFlushMillis;
    }

    /** Lines dropped because the queue was full ({@code neverBlock} only). */
    public long dropped() {
        return dropped.get();
    }

    /** Batches written so far: each is one pass over the queue and one flush per output. */
    public long batches() {
        return batches.get();
    }

    /** For tests: whether the writer sleeps until the next line wakes it. */
    boolean writerAsleep() {
        return writerIdle.get() && queue.isEmpty();
    }

    /** For tests: whether the writer thread has ended while the appender still runs. */
    boolean writerDead() {
        return isStarted() && !writer.isAlive();
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (queueSize < 1) {
            addError("queueSize must be at least 1, not " + queueSize);
            return;
        }
        if (lingerMillis < 0) {
            addError("lingerMillis must not be negative, not " + lingerMillis);
            return;
        }
        Thread thread = new Thread(this::writeUntilDrained, "patgate-log-writer-" + getName());
        thread.setDaemon(true);
        writer = thread;
        draining = false;
        super.start();
        thread.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        // the writer formats the line later, on its own thread: fix what it reads from this one now
        event.prepareForDeferredProcessing();
        if (!reserveRoom()) {
            dropped.incrementAndGet();
            return;
        }
        queue.add(event);
        if (writerIdle.get() && writerIdle.compareAndSet(true, false)) {
            LockSupport.unpark(writer);
        }
    }

    /** Takes one place in the queue, waiting for room unless {@code neverBlock}; false to drop. */
    private boolean reserveRoom() {
        while (true) {
            int n = queued.get();
            if (n < queueSize) {
                if (queued.compareAndSet(n, n + 1)) {
                    return true;
                }
            } else if (neverBlock || draining || Thread.currentThread() == writer || !writer.isAlive()) {
                return false; // a dead writer would otherwise hold every logging thread for good
            } else {
                writerIdle.set(false);
                LockSupport.unpark(writer);
                LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(100));
            }
        }
    }

    private void writeUntilDrained() {
        long lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMillis);
        while (true) {
            boolean wrote = writeBatch();
            if (draining) {
                if (queue.isEmpty()) {
                    return;
                }
            } else if (wrote) {
                // let the next lines gather instead of being woken for each of them
                LockSupport.parkNanos(this, lingerNanos);
            } else {
                writerIdle.set(true);
                if (queue.isEmpty() && !draining) {
                    LockSupport.park(this);
                }
                writerIdle.set(false);
            }
        }
    }

    /**
     * Hands the queued lines to the outputs, at most {@code queueSize} of them (so that a steady flow
     * is still flushed batch by batch), and flushes them; false when there was none.
     */
    private boolean writeBatch() {
        ILoggingEvent event = queue.poll();
        if (event == null) {
            return false;
        }
        int taken = 0;
        do {
            queued.decrementAndGet();
            try {
                outputs.appendLoopOnAppenders(event);
            } catch (RuntimeException e) {
                addError("an output failed on a line", e);
            }
            event = ++taken < queueSize ? queue.poll() : null;
        } while (event != null);
        flushOutputs();
        batches.incrementAndGet();
        return true;
    }

    private void flushOutputs() {
        for (Iterator<Appender<ILoggingEvent>> it = outputs.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> output && output.isStarted()) {
                OutputStream stream = output.getOutputStream();
                if (stream != null) {
                    try {
                        stream.flush();
                    } catch (IOException e) {
                        addError("cannot flush " + output.getName(), e);
                    }
                }
            }
        }
    }

    /** Writes every queued line, then stops the attached outputs. */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop(); // refuses new lines from here on
        draining = true;
        Thread thread = writer;
        LockSupport.unpark(thread);
        try {
            thread.join(maxFlushMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            addWarn("lines still queued after " + maxFlushMillis + " ms were not written: " + queued.get());
        }
        outputs.detachAndStopAllAppenders();
    }

    @Override
    public void addAppender(Appender<ILoggingEvent> appender) {
        if (appender instanceof OutputStreamAppender<ILoggingEvent> output) {
            output.setImmediateFlush(false); // flushed once per batch instead
        }
        outputs.addAppender(appender);
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return outputs.iteratorForAppenders();
    }

    @Override
    public Appender<ILoggingEvent> getAppender(String name) {
        return outputs.getAppender(name);
    }

    @Override
    public boolean isAttached(Appender<ILoggingEvent> appender) {
        return outputs.isAttached(appender);
    }

    @Override
    public void detachAndStopAllAppenders() {
        outputs.detachAndStopAllAppenders();
    }

    @Override
    public boolean detachAppender(Appender<ILoggingEvent> appender) {
        return outputs.detachAppender(appender);
    }

    @Override
    public boolean detachAppender(String name) {
        return outputs.detachAppender(name);
    }
}
