package dev.patgate.gateway.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.ToIntBiFunction;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, without holding a thread, the start of every request body that a blocking reader further
 * on (the scope check of a REST body, the token API) will read whole, and only then hands the
 * request on. Those readers then find their bytes already there and never wait on the client.
 *
 * <p>For a request that {@code limits} gives a limit for, and whose declared length is not above
 * it, up to {@code limit + 1} bytes (rounded up to the end of the chunk they arrived in) are read
 * asynchronously. The request handed on serves them first and then the rest of the body, if any,
 * from the connection, so an unscoped large body still streams. Refusals, each plain text with
 * {@code Connection: close}:
 * <ul>
 *   <li>{@code 408} when the bytes have not arrived within the body deadline;</li>
 *   <li>{@code 503} ({@code Retry-After: 1}) when the client address already has
 *       {@code maxPerAddress} bodies being read, or all clients together have {@code maxTotal}
 *       (not 429, which the gateway keeps for failed authentications: the token may be good);</li>
 *   <li>{@code 400} when the body breaks off or its framing is malformed.</li>
 * </ul>
 * Requests without a limit, without a body, declaring a length above the limit (the readers
 * refuse those from the header alone), or without an {@code Authorization} header (the readers
 * refuse those with 401 before reading, and so before any {@code 100 Continue}) pass through
 * untouched.
 *
 * <p>Reading the body sends {@code 100 Continue} to a client that asked for it. So that a refusal
 * still comes before any {@code 100 Continue}, a request with {@code Expect: 100-continue} is read
 * ahead only when {@code mayContinue} says its credential would be accepted; otherwise it passes
 * through untouched and the reader further on refuses it without reading. A refusal that depends on
 * the body itself (a target outside the token's scopes) necessarily comes after it.
 */
final class BodyPrefetchHandler extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(BodyPrefetchHandler.class);

    private final ToIntBiFunction<String, String> limits;
    private final Duration deadline;
    private final Scheduler scheduler;
    private final BodySlots slots;
    private final Predicate<Request> mayContinue;

    /**
     * @param limits gives, for a method and a raw path, the most bytes a reader further on reads
     *        whole, or a negative number when none does
     * @param deadline how long the client has to send those bytes
     * @param scheduler runs the deadlines
     * @param mayContinue for a request that asked for {@code 100 Continue}: whether the reader further on
     *        would accept its credential (checked without reading the body)
     */
    BodyPrefetchHandler(
            Handler next,
            ToIntBiFunction<String, String> limits,
            Duration deadline,
            Scheduler scheduler,
            int maxPerAddress,
            int maxTotal,
            Predicate<Request> mayContinue) {
        super(next);
        this.limits = Objects.requireNonNull(limits, "limits must not be null");
        this.deadline = Objects.requireNonNull(deadline, "deadline must not be null");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
        this.slots = new BodySlots(maxPerAddress, maxTotal);
        this.mayContinue = Objects.requireNonNull(mayContinue, "mayContinue must not be null");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long declared = request.getLength();
        if (declared == 0) {
            return super.handle(request, response, callback); // no body: the common GET costs no route lookup
        }
        int limit = limits.applyAsInt(request.getMethod(), request.getHttpURI().getPath());
        if (limit < 0
                || declared > limit
                || !request.getHeaders().contains(HttpHeader.AUTHORIZATION)
                || (request.getHeaders().contains(HttpHeader.EXPECT, "100-continue") && !mayContinue.test(request))) {
            return super.handle(request, response, callback);
        }
        String address = Request.getRemoteAddr(request);
        int slot = slots.acquire(address);
        if (slot != BodySlots.GRANTED) {
            LOG.info(
                    "refused a body from {}: {}",
                    address,
                    slot == BodySlots.ADDRESS_FULL
                            ? "this address has its bodies being read already"
                            : "all bodies being read are taken");
            refuse(response, callback, 503, "the gateway is busy: retry later");
            return true;
        }
        new Prefetch(request, response, callback, limit, address).start();
        return true;
    }

    /** The number of bodies being read now, for all addresses (for tests and metrics). */
    int bodiesInFlight() {
        return slots.total();
    }

    private static void refuse(Response response, Callback callback, int status, String text) {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put(HttpHeader.CONNECTION, "close");
        if (status == 503) {
            headers.put(HttpHeader.RETRY_AFTER, "1");
        }
        headers.put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /** One body being read: the read loop, its deadline, and exactly one outcome. */
    private final class Prefetch implements Runnable {

        private final Request request;
        private final Response response;
        private final Callback callback;
        private final int limit;
        private final String address;
        private final AtomicBoolean settled = new AtomicBoolean();
        private byte[] bytes = new byte[1024];
        private int size;
        private Scheduler.Task timer;

        Prefetch(Request request, Response response, Callback callback, int limit, String address) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.limit = limit;
            this.address = address;
        }

        void start() {
            timer = scheduler.schedule(this::expire, deadline.toMillis(), TimeUnit.MILLISECONDS);
            run();
        }

        /** Reads what is there; asks to be run again when more arrives. */
        @Override
        public void run() {
            while (!settled.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    broken(chunk.getFailure());
                    return;
                }
                boolean last = chunk.isLast();
                append(chunk.getByteBuffer());
                chunk.release();
                if (last || size > limit) {
                    dispatch(last);
                    return;
                }
            }
        }

        private void append(ByteBuffer content) {
            int length = content.remaining();
            if (size + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + length, bytes.length * 2));
            }
            content.get(bytes, size, length);
            size += length;
        }

        private boolean settle() {
            if (!settled.compareAndSet(false, true)) {
                return false;
            }
            if (timer != null) {
                timer.cancel();
            }
            slots.release(address);
            return true;
        }

        private void dispatch(boolean whole) {
            if (!settle()) {
                return;
            }
            Request forward =
                    new PrefetchedRequest(request, Content.Chunk.from(ByteBuffer.wrap(bytes, 0, size), whole));
            try {
                if (!BodyPrefetchHandler.super.handle(forward, response, callback)) {
                    Response.writeError(forward, response, callback, 404);
                }
            } catch (Throwable failure) {
                LOG.warn("handling a request after reading its body: {}", failure.toString());
                Response.writeError(forward, response, callback, failure);
            }
        }

        private void expire() {
            if (settle()) {
                LOG.info("a body from {} did not arrive within {} ms: 408", address, deadline.toMillis());
                refuse(response, callback, 408, "request timeout: the body did not arrive in time");
            }
        }

        private void broken(Throwable failure) {
            if (settle()) {
                boolean timeout = failure instanceof TimeoutException;
                refuse(
                        response,
                        callback,
                        timeout ? 408 : 400,
                        timeout
                                ? "request timeout: the body did not arrive in time"
                                : "bad request: the body could not be read");
            }
        }
    }

    /** The request handed on: the bytes already read, then the rest of the body from the connection. */
    private static final class PrefetchedRequest extends Request.Wrapper {

        private Content.Chunk prefix;

        PrefetchedRequest(Request request, Content.Chunk prefix) {
            super(request);
            this.prefix = prefix;
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk first = prefix;
            if (first != null) {
                prefix = null;
                return first;
            }
            return super.read();
        }

        @Override
        public void demand(Runnable demandCallback) {
            if (prefix != null) {
                demandCallback.run();
            } else {
                super.demand(demandCallback);
            }
        }

        @Override
        public boolean consumeAvailable() {
            prefix = null;
            return super.consumeAvailable();
        }
    }
}
