package dev.patgate.gateway.proxy;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * Copies the backend's answer to the client with non-blocking writes: a chunk is written when the
 * client connection can take it, and the next chunk is asked of the backend only once it has been
 * written. A client that reads slowly therefore slows the backend download down, as a blocking copy
 * would, but holds no thread while it does; one that stops reading is cut by the client idle
 * timeout.
 *
 * <p>Created once per answer, on its first chunk, while the request is in async mode. Chunks come
 * one at a time: {@link #write} is not called again before the previous call's {@code next} ran.
 */
final class ResponseCopy implements WriteListener {

    private final ServletOutputStream output;
    private final Consumer<Throwable> onFailure;
    private ByteBuffer toWrite;
    private Runnable next;
    private boolean inFlight;
    private boolean failed;

    /**
     * @param onFailure told once when writing to the client fails (it went away or timed out)
     */
    ResponseCopy(ServletOutputStream output, Consumer<Throwable> onFailure) {
        this.output = output;
        this.onFailure = onFailure;
    }

    /** Starts listening; Jetty then calls {@link #onWritePossible()} when the output is ready. */
    void start() {
        output.setWriteListener(this);
    }

    /**
     * Writes {@code content} as soon as the client can take it, then runs {@code next}. The buffer
     * must stay valid until {@code next} runs.
     */
    void write(ByteBuffer content, Runnable next) {
        synchronized (this) {
            this.toWrite = content;
            this.next = next;
        }
        onWritePossible();
    }

    @Override
    public void onWritePossible() {
        Runnable done;
        while ((done = step()) != null) {
            done.run();
        }
    }

    /**
     * Writes the pending chunk if the output is ready, or finds the last write finished.
     *
     * @return what to run now (the chunk's {@code next}, or the failure report), {@code null} when
     *         there is nothing to do until Jetty calls {@link #onWritePossible()} or a chunk comes
     */
    private synchronized Runnable step() {
        while (!failed && (inFlight || toWrite != null) && output.isReady()) {
            if (inFlight) {
                inFlight = false;
                Runnable done = next;
                next = null;
                return done;
            }
            ByteBuffer content = toWrite;
            toWrite = null;
            inFlight = true;
            try {
                send(content);
            } catch (IOException | RuntimeException e) {
                failed = true;
                return () -> onFailure.accept(e);
            }
        }
        return null;
    }

    @Override
    public void onError(Throwable failure) {
        synchronized (this) {
            if (failed) {
                return;
            }
            failed = true;
        }
        onFailure.accept(failure);
    }

    private void send(ByteBuffer content) throws IOException {
        if (output instanceof HttpOutput jetty) {
            jetty.write(content);
        } else {
            byte[] copy = new byte[content.remaining()];
            content.get(copy);
            output.write(copy);
        }
    }
}
