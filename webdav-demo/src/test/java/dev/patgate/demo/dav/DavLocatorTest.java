package dev.patgate.demo.dav;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.demo.store.NodePath;
import dev.patgate.demo.store.NodeStore;
import dev.patgate.demo.store.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DavLocatorTest {

    @TempDir
    Path data;

    DavLocator alice;

    @BeforeEach
    void open() throws Exception {
        alice = new DavLocator(NodeStore.open(data), "alice", "https://gw.example/dav/");
    }

    private static NodePath common(String... names) {
        return new NodePath(Workspace.COMMON, null, List.of(names));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/dav/a%20b|/dav/a b",
                "/dav/%C3%A9t%C3%A9|/dav/été",
                "/dav/a+b|/dav/a+b",
                "/dav/%2f|/dav//",
                "/plain|/plain"
            })
    void decodeWhenWellFormedThenUtf8Text(String raw, String decoded) {
        assertThat(DavLocator.decode(raw)).contains(decoded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dav/%", "/dav/%2", "/dav/%zz", "/dav/%C3", "/dav/%FF"})
    void decodeWhenMalformedThenEmpty(String raw) {
        assertThat(DavLocator.decode(raw)).isEmpty();
    }

    @Test
    void fromUrlWhenAbsoluteUrlOrPathThenNodeIgnoringHostQueryAndFragment() {
        assertThat(alice.fromUrl("http://elsewhere:8080/dav/common-files/a%20b/c.txt?x=1#f"))
                .contains(common("a b", "c.txt"));
        assertThat(alice.fromUrl("/dav/common-files/")).contains(common());
        assertThat(alice.fromUrl("http://h/dav/personal-files/x").map(NodePath::owner))
                .contains("alice");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://h/dav/",
                "http://h/dav",
                "http://h/other/common-files/a",
                "http://h/dav/nope/a",
                "relative/dav/common-files/a",
                "http://h/dav/common-files/a%5Cb",
                "http://h/dav/common-files/%"
            })
    void fromUrlWhenNotANodeThenEmpty(String url) {
        assertThat(alice.fromUrl(url)).isEmpty();
    }

    @Test
    void fromUrlWhenNullThenEmpty() {
        assertThat(alice.fromUrl(null)).isEqualTo(Optional.empty());
    }

    @Test
    void hrefWhenNodeThenAbsoluteEncodedAndSlashForFolders() {
        assertThat(alice.href(common("été report.txt")))
                .isEqualTo("https://gw.example/dav/common-files/%C3%A9t%C3%A9%20report.txt");
        assertThat(alice.href(common())).isEqualTo("https://gw.example/dav/common-files/");
    }
}
