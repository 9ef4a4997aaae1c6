package dev.patgate.filter;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link Patgate}'s periodic work: writing sliding uses and polling revocations. The default is
 * one daemon thread; tests pass their own, to run the tasks when they choose instead of waiting.
 */
public interface BackgroundTasks extends AutoCloseable {

    /** Runs {@code task} every {@code interval}, the first time one interval from now. */
    void every(Duration interval, Runnable task);

    /** Stops the tasks, waiting briefly for one that is running. */
    @Override
    void close();

    /** One daemon thread named {@code name}. */
    static BackgroundTasks daemonThread(String name) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        return new BackgroundTasks() {
            @Override
            public void every(Duration interval, Runnable task) {
                executor.scheduleWithFixedDelay(task, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public void close() {
                executor.shutdownNow();
                try {
                    executor.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
