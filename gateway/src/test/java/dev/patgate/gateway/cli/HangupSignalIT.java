package dev.patgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A real SIGHUP, sent to this test's own JVM with {@code kill}, runs the handler that {@code serve}
 * installs (it calls {@code Gateway.reloadUsers()}, which UserDirectoryReloadIT tests). The signal is
 * sent only once the handler is installed: without one, SIGHUP would end the JVM.
 */
class HangupSignalIT {

    @Test
    void onHangupWhenTheProcessGetsSighupThenTheActionRunsAndTheProcessLives() throws Exception {
        CountDownLatch handled = new CountDownLatch(1);
        boolean installed = HangupSignal.onHangup(handled::countDown);
        Assumptions.assumeTrue(installed, "sun.misc.Signal with HUP is not available on this platform");

        Process kill = new ProcessBuilder(
                        "kill", "-HUP", Long.toString(ProcessHandle.current().pid()))
                .inheritIO()
                .start();

        assertThat(kill.waitFor()).isZero();
        assertThat(handled.await(10, TimeUnit.SECONDS)).as("the handler ran").isTrue();
    }

    @Test
    void onHangupWhenTheActionThrowsThenTheHandlerSurvivesForTheNextSignal() throws Exception {
        CountDownLatch second = new CountDownLatch(2);
        boolean installed = HangupSignal.onHangup(() -> {
            second.countDown();
            throw new IllegalStateException("boom");
        });
        Assumptions.assumeTrue(installed, "sun.misc.Signal with HUP is not available on this platform");

        for (int i = 0; i < 2; i++) {
            long before = second.getCount();
            Process kill = new ProcessBuilder(
                            "kill",
                            "-HUP",
                            Long.toString(ProcessHandle.current().pid()))
                    .inheritIO()
                    .start();
            assertThat(kill.waitFor()).isZero();
            // wait for this signal's handling before sending the next: signals do not queue
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (second.getCount() == before && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }

        assertThat(second.getCount()).isZero();
    }
}
