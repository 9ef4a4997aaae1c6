package dev.patgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private static String uuid(TestServer server, String login, String path) throws Exception {
        return JSON.readTree(
                        server.send(login, "GET", "/a/tree/stat/" + path, null).body())
                .at("/Node/Uuid")
                .asText();
    }

    @Test
    void uuidWhenMovedAndServerRestartedThenStillTheSame() throws Exception {
        try (TestServer server = TestServer.start(data)) {
            server.send("alice", "PUT", "/dav/personal-files/a.txt", "x");
            String file = uuid(server, "alice", "personal-files/a.txt");
            String root = uuid(server, "alice", "personal-files");
            String readme = uuid(server, "alice", "common-files/readme.txt");
            server.send(
                    "alice",
                    "MOVE",
                    "/dav/personal-files/a.txt",
                    null,
                    "Destination",
                    server.uri("/dav/common-files/b.txt").toString());

            server.restart();

            assertThat(uuid(server, "alice", "common-files/b.txt")).isEqualTo(file);
            assertThat(uuid(server, "alice", "personal-files")).isEqualTo(root);
            assertThat(uuid(server, "alice", "common-files/readme.txt")).isEqualTo(readme);
            assertThat(server.send("alice", "GET", "/n/node/" + file, null).statusCode())
                    .isEqualTo(200);
        }
    }
}
