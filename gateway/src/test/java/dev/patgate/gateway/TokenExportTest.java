package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code admin store import} accepts of the rotation families in a file. */
class TokenExportTest {

    @TempDir
    Path dir;

    /** One token's line; {@code family} and {@code to} are left out when null, as version 1 wrote them. */
    static String token(String id, String login, boolean revoked, String family, String to) {
        return "{\"id\":\"" + id + "\",\"login\":\"" + login
                + "\",\"label\":\"\",\"created_at\":\"2026-01-01T00:00:00Z\","
                + "\"created_by\":\"admin\",\"expires_at\":\"2027-01-01T00:00:00Z\",\"refresh_window_s\":null,"
                + "\"last_used_at\":null,\"last_used_ip\":null,\"scopes\":[],"
                + "\"revoked_at\":" + (revoked ? "\"2026-02-01T00:00:00Z\"" : "null")
                + ",\"secret_digest\":\"AAAA\""
                + (family == null ? "" : ",\"family_id\":\"" + family + "\"")
                + (to == null ? "" : ",\"rotated_to\":\"" + to + "\"")
                + "}";
    }

    Path file(int version, String... tokens) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("{\"format\":\"patgate-tokens\",\"version\":" + version + "}");
        lines.addAll(List.of(tokens));
        lines.add("{\"end\":true,\"count\":" + tokens.length + "}");
        Path file = Files.createTempFile(dir, "export", ".jsonl");
        Files.write(file, lines);
        return file;
    }

    @Test
    void readWhenARotationChainOfOneLoginThenEveryLinkKept() throws Exception {
        TokenExport.Contents contents = TokenExport.read(file(
                2,
                token("aaaaaaaaaaa1", "alice", true, "aaaaaaaaaaa1", "aaaaaaaaaaa2"),
                token("aaaaaaaaaaa2", "alice", false, "aaaaaaaaaaa1", null),
                token("bbbbbbbbbbb1", "bob", false, null, null)));

        assertThat(contents.records()).hasSize(3);
        assertThat(contents.links()).hasSize(2);
        assertThat(contents.links().get("aaaaaaaaaaa1").rotatedTo()).isEqualTo("aaaaaaaaaaa2");
        assertThat(contents.links().get("aaaaaaaaaaa2").familyId()).isEqualTo("aaaaaaaaaaa1");
    }

    @Test
    void readWhenAVersionOneFileThenTokensInNoFamily() throws Exception {
        TokenExport.Contents contents = TokenExport.read(file(1, token("aaaaaaaaaaa1", "alice", false, null, null)));

        assertThat(contents.records()).hasSize(1);
        assertThat(contents.links()).isEmpty();
    }

    @Test
    void readWhenAFamilyMixesLoginsThenRefused() throws Exception {
        // an edited file that puts bob's token in alice's family: a reuse of alice's old secret
        // would otherwise revoke bob's token
        Path mixed = file(
                2,
                token("aaaaaaaaaaa1", "alice", true, "aaaaaaaaaaa1", "aaaaaaaaaaa2"),
                token("aaaaaaaaaaa2", "alice", false, "aaaaaaaaaaa1", null),
                token("bbbbbbbbbbb1", "bob", false, "aaaaaaaaaaa1", null));

        assertThatThrownBy(() -> TokenExport.read(mixed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 5: token bbbbbbbbbbb1 has a rotation family no rotation can have made");
    }

    @Test
    void readWhenAnActiveTokenIsMarkedRotatedAwayThenRefused() throws Exception {
        Path active = file(
                2,
                token("aaaaaaaaaaa1", "alice", false, "aaaaaaaaaaa1", "aaaaaaaaaaa2"),
                token("aaaaaaaaaaa2", "alice", false, "aaaaaaaaaaa1", null));

        assertThatThrownBy(() -> TokenExport.read(active))
                .hasMessage("line 4: token aaaaaaaaaaa1 has a rotation family no rotation can have made");
    }

    @Test
    void readWhenAFamilyIdIsNotATokenIdThenRefusedNamingTheLine() throws Exception {
        Path bad = file(2, token("aaaaaaaaaaa1", "alice", false, "x'; DROP", null));

        assertThatThrownBy(() -> TokenExport.read(bad)).hasMessage("line 2: family_id is not a token id");
    }

    @Test
    void readWhenAVersionThisPatgateDoesNotKnowThenRefused() throws Exception {
        Path newer = file(3, token("aaaaaaaaaaa1", "alice", false, null, null));

        assertThatThrownBy(() -> TokenExport.read(newer))
                .hasMessage("line 1: not a patgate token export (format patgate-tokens, version 1 to 2)");
    }
}
