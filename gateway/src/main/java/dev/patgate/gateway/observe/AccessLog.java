package dev.patgate.gateway.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.patgate.gateway.config.AccessLogConfig;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per finished request to the logger {@value #LOGGER}: time, client address, user,
 * token id, method, path without the query, status, body bytes in and out, duration and the time the
 * backend took. Never a header, a query string, a cookie or a body, so never a token or a password.
 *
 * <p>Text lines are {@code key=value} pairs in a fixed order, {@code -} for a missing value:
 * <pre>
 * time=2026-01-05T10:00:00.120Z client=127.0.0.1 user=alice token=AbCdEf123456 method=GET path=/dav/a.txt status=200 in=0 out=5 duration_ms=3.210 upstream_ms=2.004
 * </pre>
 * JSON lines are one object with the same fields ({@code time}, {@code client}, {@code user},
 * {@code token_id}, {@code method}, {@code path}, {@code status}, {@code bytes_in}, {@code bytes_out},
 * {@code duration_ms}, {@code upstream_ms}), {@code null} for a missing value.
 *
 * <p>{@link #open} attaches the logger's output as {@code access_log} says (stderr or a rolled file,
 * through a {@link BatchingAppender} that never blocks a request: its writer thread writes the lines
 * in batches, and when its queue is full, lines are dropped), and not to the root logger's;
 * {@link #close()} writes what is queued and detaches it.
 */
public final class AccessLog implements Consumer<Exchange>, AutoCloseable {

    /** The access logger's name. */
    public static final String LOGGER = "patgate.access";

    private static final JsonFactory JSON = new JsonFactory();

    private final Logger logger;
    private final boolean json;
    private final Runnable detach;

    private AccessLog(Logger logger, boolean json, Runnable detach) {
        this.logger = logger;
        this.json = json;
        this.detach = detach;
    }

    /**
     * Attaches the access log's output as configured.
     *
     * @return the log, or {@code null} when {@code access_log.format} is {@code off}
     */
    public static AccessLog open(AccessLogConfig config) {
        if (config.format() == AccessLogConfig.Format.OFF) {
            return null;
        }
        boolean json = config.format() == AccessLogConfig.Format.JSON;
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            // another SLF4J provider: its own configuration decides where the lines go
            return new AccessLog(LoggerFactory.getLogger(LOGGER), json, () -> {});
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> output = config.file() == null ? stderr() : rolledFile(config, context);
        output.setContext(context);
        output.setEncoder(encoder);
        output.start();
        BatchingAppender async = new BatchingAppender();
        async.setContext(context);
        async.setName("access-" + System.identityHashCode(output));
        async.setNeverBlock(true);
        async.addAppender(output);
        async.start();
        ch.qos.logback.classic.Logger logger = context.getLogger(LOGGER);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(async);
        return new AccessLog(logger, json, () -> {
            logger.detachAppender(async);
            async.stop(); // writes what is queued, then stops the output
        });
    }

    private static OutputStreamAppender<ILoggingEvent> stderr() {
        return new StderrAppender();
    }

    private static OutputStreamAppender<ILoggingEvent> rolledFile(AccessLogConfig config, LoggerContext context) {
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setFile(config.file());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(file);
        policy.setFileNamePattern(config.file() + ".%d{yyyy-MM-dd}.%i.gz");
        policy.setMaxHistory(config.maxHistory());
        policy.setMaxFileSize(FileSize.valueOf(config.maxFileSize()));
        policy.start();
        file.setRollingPolicy(policy);
        return file;
    }

    @Override
    public void accept(Exchange exchange) {
        if (logger.isInfoEnabled()) {
            logger.info(json ? json(exchange) : text(exchange));
        }
    }

    /** The text line of an exchange. */
    static String text(Exchange e) {
        StringBuilder line = new StringBuilder(200);
        line.append("time=");
        DateTimeFormatter.ISO_INSTANT.formatTo(Instant.ofEpochMilli(e.epochMillis()), line);
        line.append(" client=").append(e.client());
        line.append(" user=").append(orDash(e.user()));
        line.append(" token=").append(orDash(e.tokenId()));
        line.append(" method=").append(e.method());
        line.append(" path=").append(e.path());
        line.append(" status=").append(e.status());
        line.append(" in=").append(e.bytesIn());
        line.append(" out=").append(e.bytesOut());
        line.append(" duration_ms=");
        millis(line, e.durationNanos());
        line.append(" upstream_ms=");
        if (e.upstreamNanos() < 0) {
            line.append('-');
        } else {
            millis(line, e.upstreamNanos());
        }
        return line.toString();
    }

    /** The JSON line of an exchange. */
    static String json(Exchange e) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("time", Instant.ofEpochMilli(e.epochMillis()).toString());
            json.writeStringField("client", e.client());
            json.writeStringField("user", e.user());
            json.writeStringField("token_id", e.tokenId());
            json.writeStringField("method", e.method());
            json.writeStringField("path", e.path());
            json.writeNumberField("status", e.status());
            json.writeNumberField("bytes_in", e.bytesIn());
            json.writeNumberField("bytes_out", e.bytesOut());
            json.writeFieldName("duration_ms");
            json.writeNumber(millis(new StringBuilder(12), e.durationNanos()).toString());
            json.writeFieldName("upstream_ms");
            if (e.upstreamNanos() < 0) {
                json.writeNull();
            } else {
                json.writeNumber(
                        millis(new StringBuilder(12), e.upstreamNanos()).toString());
            }
            json.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toString();
    }

    /** Nanoseconds as milliseconds with three decimals ({@code 3.210}), without floating point. */
    private static StringBuilder millis(StringBuilder to, long nanos) {
        long micros = Math.max(0, nanos) / 1000;
        long fraction = micros % 1000;
        to.append(micros / 1000).append('.');
        if (fraction < 100) {
            to.append('0');
        }
        if (fraction < 10) {
            to.append('0');
        }
        return to.append(fraction);
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    /** Detaches the output and writes what is still queued. */
    @Override
    public void close() {
        detach.run();
    }
}
