package dev.patgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.TestHome;
import dev.patgate.gateway.observe.BatchingAppender;
import dev.patgate.testsupport.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code patgate serve} process with the shipped {@code logback.xml}, which writes its lines
 * in batches on a thread of their own: a SIGTERM right after a burst of requests still leaves every
 * audit line and every access line on stderr, before the last line, {@code patgate stopped}.
 */
class LogLinesOnStopIT {

    private static final Pattern LISTENING = Pattern.compile("patgate listening on (http://[^,\\s]+)");
    private static final int REQUESTS = 300;

    @TempDir
    Path home;

    private Process process;

    @AfterEach
    void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void serveWhenStoppedBySigtermRightAfterABurstThenEveryAuditAndAccessLineIsWritten() throws Exception {
        TestHome.create(home, "http://127.0.0.1:9"); // refusals only: the backend is never reached
        // the shipped logging, with lines held a whole second between batches: only the stop's
        // drain can write the last ones before the process ends
        String logback = Files.readString(Path.of("..", "config", "logback.xml"));
        String batched = "<appender name=\"BATCHED\" class=\"" + BatchingAppender.class.getName() + "\">";
        assertThat(logback).contains(batched);
        Files.writeString(
                home.resolve("config/logback.xml"),
                logback.replace(batched, batched + "<lingerMillis>1000</lingerMillis>"));
        CliEnvironment environment =
                new CliEnvironment(TestClock.atDefaultStart(), Map.of("PATGATE_HOME", home.toString()), home);
        assertThat(CliRun.of(environment, "keys", "init").code()).isZero();
        Path stderr = home.resolve("stderr.log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "serve")
                .redirectOutput(home.resolve("stdout.log").toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("PATGATE_HOME", home.toString());
        process = builder.start();
        URI base = awaitListening(stderr);

        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < REQUESTS; i++) {
            HttpResponse<Void> answer = http.send(
                    HttpRequest.newBuilder(base.resolve("/dav/file-" + i + ".txt"))
                            .header("Authorization", "Bearer not-a-token-" + i)
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(answer.statusCode()).isIn(401, 429);
        }
        process.destroy(); // SIGTERM at once: the last lines may still be queued
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped").isTrue();

        List<String> lines = Files.readAllLines(stderr);
        List<String> audit =
                lines.stream().filter(l -> l.contains(" audit - outcome=")).toList();
        List<String> access = lines.stream()
                .filter(l -> l.startsWith("time=") && l.contains(" path=/dav/file-"))
                .toList();
        assertThat(audit).hasSize(REQUESTS);
        assertThat(access).hasSize(REQUESTS);
        assertThat(access.get(REQUESTS - 1)).contains("path=/dav/file-" + (REQUESTS - 1) + ".txt");
        assertThat(String.join("\n", lines)).doesNotContain("not-a-token");
        assertThat(lines.get(lines.size() - 1)).endsWith("patgate stopped");
    }

    private URI awaitListening(Path stderr) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(stderr)) {
                Matcher matcher = LISTENING.matcher(Files.readString(stderr));
                if (matcher.find()) {
                    return URI.create(matcher.group(1));
                }
            }
            assertThat(process.isAlive()).as("serve runs: %s", stderr).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("serve did not say where it listens: " + Files.readString(stderr));
    }
}
