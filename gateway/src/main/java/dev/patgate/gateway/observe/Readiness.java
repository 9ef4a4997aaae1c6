package dev.patgate.gateway.observe;

import dev.patgate.store.TokenStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the gateway can serve: the token store answers a lookup by id (one indexed query) and the
 * backend accepts a TCP connection. Each answer is kept for {@link #CACHED} by the injected clock, so
 * that a flood of probes costs at most one check of each per second; a check that takes longer than
 * {@link #WAIT} counts as failed, and is not started again while it still runs.
 */
public final class Readiness implements AutoCloseable {

    /** How long a check's answer is reused. */
    public static final Duration CACHED = Duration.ofSeconds(1);

    /** How long a probe waits for a check. */
    public static final Duration WAIT = Duration.ofSeconds(2);

    /** The id looked up in the store: never issued (an id has 12 base62 characters, never a dash). */
    private static final String PROBE_ID = "-readiness-";

    private final ExecutorService checks = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "patgate-readiness");
        thread.setDaemon(true);
        return thread;
    });
    private final Probe store;
    private final Probe backend;

    /**
     * @param upstream the backend's base URL: its host and port (by default 80 or 443) are connected to
     * @param connectTimeout the longest wait for the backend's connection (capped at {@link #WAIT})
     */
    public Readiness(TokenStore store, URI upstream, Duration connectTimeout, Clock clock) {
        Objects.requireNonNull(store, "store must not be null");
        Objects.requireNonNull(clock, "clock must not be null");
        String host = upstream.getHost();
        int port = upstream.getPort() >= 0
                ? upstream.getPort()
                : "https".equalsIgnoreCase(upstream.getScheme()) ? 443 : 80;
        int timeout = (int) Math.min(connectTimeout.toMillis(), WAIT.toMillis());
        this.store = new Probe("store", () -> store.findById(PROBE_ID), clock);
        this.backend = new Probe("backend", () -> connect(host, port, timeout), clock);
    }

    private static void connect(String host, int port, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        } catch (IOException e) {
            throw new IOException("cannot connect to " + host + ":" + port + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @return {@code null} when ready, else one line saying what does not answer, like
     *         {@code store: no answer within 2s}
     */
    public String notReadyReason() {
        String reason = store.failure();
        return reason != null ? reason : backend.failure();
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }

    /** One check, its last answer and when it was got. */
    private final class Probe {

        private final String name;
        private final Check check;
        private final Clock clock;
        private Instant checkedAt;
        private String failure;
        private Future<String> running;

        Probe(String name, Check check, Clock clock) {
            this.name = name;
            this.check = check;
            this.clock = clock;
        }

        synchronized String failure() {
            Instant now = clock.instant();
            if (checkedAt != null && now.isBefore(checkedAt.plus(CACHED)) && !now.isBefore(checkedAt)) {
                return failure;
            }
            if (running == null) {
                running = checks.submit(this::run);
            }
            try {
                failure = running.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                running = null;
            } catch (TimeoutException e) {
                failure = name + ": no answer within " + WAIT.toSeconds() + "s";
            } catch (ExecutionException e) {
                failure = name + ": " + oneLine(e.getCause());
                running = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return name + ": interrupted";
            }
            checkedAt = now;
            return failure;
        }

        private String run() {
            try {
                check.run();
                return null;
            } catch (Exception e) {
                return name + ": " + oneLine(e);
            }
        }
    }

    /** A message of a failure and its first cause, on one line. */
    private static String oneLine(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        Throwable cause = failure.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message = message + ": " + cause.getMessage();
        }
        return message.replaceAll("[\\r\\n]+", " ").strip();
    }

    @FunctionalInterface
    private interface Check {
        void run() throws Exception;
    }
}
