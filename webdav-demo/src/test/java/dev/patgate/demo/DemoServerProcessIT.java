package dev.patgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.testsupport.IdentityJws;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded jar as the command line would. The upload is {@code demo.bigPutMiB} MiB (default
 * 128) against a 32 MiB heap, so any buffering of the body in memory fails; run with
 * {@code -Ddemo.bigPutMiB=1024} for the full 1 GiB.
 */
class DemoServerProcessIT {

    private static final Pattern STARTED =
            Pattern.compile("webdav-demo listening on (http://127\\.0\\.0\\.1:\\d+/dav/)");
    private static final long BIG_PUT_BYTES = Long.getLong("demo.bigPutMiB", 128) * 1024 * 1024;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    private Process launch(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("demo.jar", "target/patgate-webdav-demo-0.1.0-SNAPSHOT-all.jar"));
        assertThat(jar).as("the shaded jar (built by mvn package)").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m", "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        processes.add(process);
        return process;
    }

    @Test
    void jarWhenRunWithSmallHeapThenStreamsABigUploadAndStopsOnSigterm() throws Exception {
        byte[] key = IdentityJws.newKey();
        Path keyFile = Files.writeString(
                dir.resolve("identity.key"), Base64.getEncoder().encodeToString(key) + "\n");
        Process process =
                launch("--port", "0", "--data", dir.resolve("data").toString(), "--identity-key", keyFile.toString());
        String line =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).as("stderr: %s", stderr()).isNotNull();
        Matcher started = STARTED.matcher(line);
        assertThat(started.matches()).as(line).isTrue();
        URI file = URI.create(started.group(1)).resolve("personal-files/big.bin");
        IdentityJws signer = new IdentityJws(key);
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        AtomicReference<MessageDigest> sent = new AtomicReference<>();
        HttpRequest put = HttpRequest.newBuilder(file)
                .header(IdentityJws.HEADER, signer.sign("alice", Instant.now(), "PUT", IdentityJws.target(file)))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> {
                            sent.set(sha256());
                            return new DigestInputStream(new PatternStream(BIG_PUT_BYTES), sent.get());
                        }),
                        BIG_PUT_BYTES))
                .build();
        assertThat(http.send(put, HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(201);
        assertThat(dir.resolve("data/personal/alice/big.bin")).hasSize(BIG_PUT_BYTES);

        HttpRequest get = HttpRequest.newBuilder(file)
                .header(IdentityJws.HEADER, signer.sign("alice", Instant.now(), "GET", IdentityJws.target(file)))
                .build();
        HttpResponse<InputStream> response = http.send(get, HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest received = sha256();
        long length;
        try (InputStream body = new DigestInputStream(response.body(), received)) {
            length = body.transferTo(OutputStream.nullOutputStream());
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(length).isEqualTo(BIG_PUT_BYTES);
        assertThat(received.digest()).isEqualTo(sent.get().digest());

        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .as("stopped on SIGTERM")
                .isTrue();
        assertThat(process.exitValue()).isEqualTo(143);
        assertThat(stderr()).doesNotContain("Exception").doesNotContain(IdentityJws.HEADER);
    }

    @Test
    void jarWithAuthCellsWritesTheAdminTokenOwnerOnlyAndAcceptsOnlyItsTokens() throws Exception {
        Path tokenFile = dir.resolve("var/cells-admin.token");
        Process process = launch(
                "--port",
                "0",
                "--data",
                dir.resolve("data").toString(),
                "--auth",
                "cells",
                "--admin-token-file",
                tokenFile.toString());
        String line =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).as("stderr: %s", stderr()).isNotNull();
        Matcher started = Pattern.compile(
                        "webdav-demo \\(Cells stand-in\\) listening on (http://127\\.0\\.0\\.1:\\d+/dav/);"
                                + " admin token in .*")
                .matcher(line);
        assertThat(started.matches()).as(line).isTrue();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
                .isEqualTo("rw-------");
        String admin = Files.readString(tokenFile).strip();
        URI user = URI.create(started.group(1)).resolve("/a/user/alice");
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        HttpResponse<String> withToken = http.send(
                HttpRequest.newBuilder(user)
                        .header("Authorization", "Bearer " + admin)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> signed = http.send(
                HttpRequest.newBuilder(user)
                        .header(
                                IdentityJws.HEADER,
                                new IdentityJws(IdentityJws.newKey())
                                        .sign("admin", Instant.now(), "GET", IdentityJws.target(user)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.body()).contains("\"Login\":\"alice\"");
        assertThat(signed.statusCode()).isEqualTo(401);
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(stderr()).doesNotContain(admin).doesNotContain("Exception");
    }

    @Test
    void jarWhenKeyFileMissingThenOneLineAndExitStatus1() throws Exception {
        Process process = launch(
                "--data",
                dir.resolve("data").toString(),
                "--identity-key",
                dir.resolve("absent.key").toString());

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(stderr()).isEqualTo("webdav-demo: identity key file not found: " + dir.resolve("absent.key") + "\n");
        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEmpty();
    }

    private String stderr() throws Exception {
        Path file = dir.resolve("stderr.txt");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code length} bytes cycling through a fixed block of a prime length, generated on the fly. */
    private static final class PatternStream extends InputStream {
        private static final byte[] BLOCK = block(65_521);
        private final long length;
        private long position;

        PatternStream(long length) {
            this.length = length;
        }

        private static byte[] block(int size) {
            byte[] block = new byte[size];
            new java.util.Random(42).nextBytes(block);
            return block;
        }

        @Override
        public int read() {
            return position < length ? BLOCK[(int) (position++ % BLOCK.length)] & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (position >= length) {
                return -1;
            }
            int start = (int) (position % BLOCK.length);
            int n = (int) Math.min(Math.min(count, length - position), BLOCK.length - start);
            System.arraycopy(BLOCK, start, buffer, offset, n);
            position += n;
            return n;
        }
    }
}
