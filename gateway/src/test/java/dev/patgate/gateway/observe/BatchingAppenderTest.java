package dev.patgate.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchingAppenderTest {

    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("test.batching");

    BatchingAppenderTest() {
        context.setMDCAdapter(new LogbackMDCAdapter()); // as the SLF4J provider gives the real one
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    /** What the writer thread writes to: every write call counted, every byte kept. */
    private static final class CountingStream extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger flushes = new AtomicInteger();

        @Override
        public synchronized void write(int b) {
            writes.incrementAndGet();
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.incrementAndGet();
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
        }

        synchronized List<String> lines() {
            String text = bytes.toString(StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }

    private StderrAppender output(OutputStream target) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        StderrAppender output = new StderrAppender();
        output.setContext(context);
        output.setName("out");
        output.setEncoder(encoder);
        output.setTarget(target);
        output.start();
        return output;
    }

    private BatchingAppender batching(Appender<ILoggingEvent> output, int queueSize, boolean neverBlock) {
        BatchingAppender batching = new BatchingAppender();
        batching.setContext(context);
        batching.setName("batched");
        batching.setQueueSize(queueSize);
        batching.setNeverBlock(neverBlock);
        batching.addAppender(output);
        batching.start();
        logger.setAdditive(false);
        logger.setLevel(Level.INFO);
        logger.addAppender(batching);
        return batching;
    }

    @Test
    void stopWhenManyThreadsLoggedThenEveryLineIsWrittenInItsThreadsOrderWithFewerWritesThanLines() throws Exception {
        CountingStream target = new CountingStream();
        BatchingAppender batching = batching(output(target), BatchingAppender.DEFAULT_QUEUE_SIZE, false);
        int threads = 4;
        int perThread = 5_000;
        List<Thread> loggers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            loggers.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    logger.info("t{} n{}", id, i);
                }
            }));
        }
        loggers.forEach(Thread::start);
        for (Thread thread : loggers) {
            thread.join();
        }

        batching.stop();

        List<String> lines = target.lines();
        assertThat(lines).hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + " ";
            List<String> own = lines.stream().filter(l -> l.startsWith(prefix)).toList();
            assertThat(own).hasSize(perThread);
            for (int i = 0; i < perThread; i++) {
                assertThat(own.get(i)).isEqualTo(prefix + "n" + i);
            }
        }
        // one write per batch (the 64 KiB buffer), not one per line as System.err does
        assertThat(target.writes.get()).isLessThan(lines.size() / 10);
        assertThat(batching.batches()).isLessThan(lines.size());
        assertThat(batching.dropped()).isZero();
    }

    @Test
    void appendWhenQueueFullAndBlockingThenTheLoggerWaitsAndNothingIsLost() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> written = new ArrayList<>();
        Appender<ILoggingEvent> slow = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                try {
                    release.await(); // the first line holds the writer until the test lets go
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (written) {
                    written.add(event.getFormattedMessage());
                }
            }
        };
        slow.setContext(context);
        slow.start();
        BatchingAppender batching = batching(slow, 2, false);
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 50; i++) {
                logger.info("line {}", i);
            }
        });
        producer.start();

        // with the writer held and two places, the producer waits instead of dropping
        producer.join(300);
        assertThat(producer.isAlive()).as("the producer waits for room").isTrue();
        release.countDown();
        producer.join(TimeUnit.SECONDS.toMillis(30));
        batching.stop();

        assertThat(producer.isAlive()).isFalse();
        assertThat(written).hasSize(50).startsWith("line 0", "line 1").endsWith("line 49");
        assertThat(batching.dropped()).isZero();
    }

    @Test
    void appendWhenQueueFullAndNeverBlockThenLinesAreDroppedAndCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger written = new AtomicInteger();
        Appender<ILoggingEvent> slow = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.incrementAndGet();
            }
        };
        slow.setContext(context);
        slow.start();
        BatchingAppender batching = batching(slow, 4, true);

        for (int i = 0; i < 100; i++) {
            logger.info("line {}", i); // never waits: at most 4 queued plus the one being written
        }
        release.countDown();
        batching.stop();

        assertThat(written.get() + batching.dropped()).isEqualTo(100);
        assertThat(batching.dropped()).isGreaterThanOrEqualTo(100 - 5);
    }

    @Test
    void appendWhenTheWriterDiedThenLoggingThreadsDropInsteadOfWaitingForever() throws Exception {
        Appender<ILoggingEvent> fatal = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                throw new OutOfMemoryError("an output that kills the writer thread");
            }
        };
        fatal.setContext(context);
        fatal.start();
        BatchingAppender batching = batching(fatal, 2, false);
        logger.info("the line that kills the writer");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!batching.writerDead() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(batching.writerDead()).isTrue();

        Thread producer = new Thread(() -> {
            for (int i = 0; i < 50; i++) {
                logger.info("line {}", i);
            }
        });
        producer.start();
        producer.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(producer.isAlive()).as("the producer was not held").isFalse();
        assertThat(batching.dropped()).isEqualTo(48); // two places, then nothing takes lines any more
    }

    @Test
    void appendWhenTheWriterSleptThenTheNextLineWakesIt() throws Exception {
        CountingStream target = new CountingStream();
        BatchingAppender batching = batching(output(target), 16, false);
        logger.info("first");
        awaitLines(target, 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!batching.writerAsleep() && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // past the linger, the writer sleeps until a line wakes it
        }
        assertThat(batching.writerAsleep()).isTrue();

        logger.info("second");

        awaitLines(target, 2);
        assertThat(target.lines()).containsExactly("first", "second");
        assertThat(target.flushes.get()).isGreaterThanOrEqualTo(2);
        batching.stop();
    }

    private static void awaitLines(CountingStream target, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (target.lines().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(target.lines()).hasSize(n);
    }

    @Test
    void stopThenOutputsAreStoppedAndLaterLinesRefused() {
        CountingStream target = new CountingStream();
        StderrAppender output = output(target);
        BatchingAppender batching = batching(output, 16, false);
        logger.info("before");

        batching.stop();
        logger.info("after");

        assertThat(target.lines()).containsExactly("before");
        assertThat(output.isStarted()).isFalse();
        assertThat(batching.isStarted()).isFalse();
    }

    @Test
    void shippedConfigurationWhenReadThenRootWritesThroughTheBatchingAppenderToStderr() throws Exception {
        for (Path file : List.of(Path.of("../config/logback.xml"), Path.of("src/main/resources/logback.xml"))) {
            LoggerContext shipped = new LoggerContext();
            try {
                JoranConfigurator configurator = new JoranConfigurator();
                configurator.setContext(shipped);
                configurator.doConfigure(file.toFile());

                Logger root = shipped.getLogger(Logger.ROOT_LOGGER_NAME);
                List<Appender<ILoggingEvent>> attached = new ArrayList<>();
                root.iteratorForAppenders().forEachRemaining(attached::add);
                assertThat(attached).as(file.toString()).hasSize(1);
                assertThat(attached.get(0)).isInstanceOf(BatchingAppender.class);
                BatchingAppender batching = (BatchingAppender) attached.get(0);
                assertThat(batching.isStarted()).isTrue();
                Iterator<Appender<ILoggingEvent>> outputs = batching.iteratorForAppenders();
                assertThat(outputs.next()).isInstanceOf(StderrAppender.class).matches(Appender::isStarted);
                assertThat(outputs.hasNext()).isFalse();
                assertThat(shipped.getLogger("patgate.audit").getEffectiveLevel())
                        .isEqualTo(Level.INFO);
            } finally {
                shipped.stop();
            }
        }
    }
}
