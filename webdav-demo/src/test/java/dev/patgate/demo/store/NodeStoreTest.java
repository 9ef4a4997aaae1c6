package dev.patgate.demo.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeStoreTest {

    @TempDir
    Path data;

    NodeStore store;

    @BeforeEach
    void open() throws Exception {
        store = NodeStore.open(data);
    }

    private NodeInfo put(String path, String content) throws Exception {
        return store.write(
                store.resolve("alice", path), new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), (long)
                        content.length());
    }

    private NodeInfo stat(String login, String path) {
        return store.stat(store.resolve(login, path)).orElseThrow();
    }

    @Test
    void openWhenFirstStartThenSeedsCommonReadme() {
        NodeInfo readme = stat("alice", "common-files/readme.txt");

        assertThat(Files.isRegularFile(data.resolve("common/readme.txt"))).isTrue();
        assertThat(UUID.fromString(readme.uuid()).version()).isEqualTo(4);
        assertThat(readme.collection()).isFalse();
    }

    @Test
    void workspaceRootWhenUserFirstSeenThenCreatesPersonalFolderWithWelcome() {
        NodeInfo welcome = stat("bob", "personal-files/welcome.txt");

        assertThat(data.resolve("personal/bob/welcome.txt")).exists();
        assertThat(welcome.path().display()).isEqualTo("personal-files/welcome.txt");
        assertThat(stat("bob", "personal-files").collection()).isTrue();
    }

    @Test
    void moveWhenRenamedOrMovedThenUuidsOfNodeAndChildrenStay() throws Exception {
        store.createFolder(store.resolve("alice", "personal-files/docs"), false);
        String fileUuid = put("personal-files/docs/a.txt", "hello").uuid();
        String folderUuid = stat("alice", "personal-files/docs").uuid();

        store.move(store.resolve("alice", "personal-files/docs"), store.resolve("alice", "personal-files/papers"));
        store.move(store.resolve("alice", "personal-files/papers"), store.resolve("alice", "common-files/papers"));

        assertThat(stat("alice", "common-files/papers").uuid()).isEqualTo(folderUuid);
        assertThat(stat("alice", "common-files/papers/a.txt").uuid()).isEqualTo(fileUuid);
        assertThat(store.stat(store.resolve("alice", "personal-files/docs"))).isEmpty();
    }

    @Test
    void openWhenRestartedThenUuidsSurvive() throws Exception {
        String uuid = put("personal-files/a.txt", "x").uuid();
        store.move(store.resolve("alice", "personal-files/a.txt"), store.resolve("alice", "personal-files/b.txt"));
        String commonRoot = stat("alice", "common-files").uuid();

        NodeStore reopened = NodeStore.open(data);

        assertThat(reopened.stat(reopened.resolve("alice", "personal-files/b.txt"))
                        .orElseThrow()
                        .uuid())
                .isEqualTo(uuid);
        assertThat(reopened.stat(reopened.resolve("alice", "common-files"))
                        .orElseThrow()
                        .uuid())
                .isEqualTo(commonRoot);
    }

    @Test
    void writeWhenReplacingContentThenUuidStaysAndSizeChanges() throws Exception {
        NodeInfo first = put("personal-files/a.txt", "x");
        NodeInfo second = put("personal-files/a.txt", "longer");

        assertThat(second.uuid()).isEqualTo(first.uuid());
        assertThat(second.size()).isEqualTo(6);
        assertThat(second.etag()).isNotEqualTo(first.etag());
    }

    @Test
    void writeWhenShorterThanAnnouncedThenRefusesAndLeavesNoFile() {
        assertThatThrownBy(() -> store.write(
                        store.resolve("alice", "personal-files/cut.txt"), new ByteArrayInputStream(new byte[3]), 10L))
                .isInstanceOf(java.io.IOException.class);

        assertThat(store.stat(store.resolve("alice", "personal-files/cut.txt"))).isEmpty();
        assertThat(data.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void deleteThenRecreateGivesNewUuidAndOldOneIsUnknown() throws Exception {
        String old = put("personal-files/a.txt", "x").uuid();

        store.delete(store.resolve("alice", "personal-files/a.txt"));
        String fresh = put("personal-files/a.txt", "x").uuid();

        assertThat(fresh).isNotEqualTo(old);
        assertThat(store.findByUuid("alice", old)).isEmpty();
    }

    @Test
    void copyWhenFolderCopiedThenEveryCopyHasANewUuid() throws Exception {
        store.createFolder(store.resolve("alice", "personal-files/src"), false);
        String fileUuid = put("personal-files/src/a.txt", "x").uuid();

        store.copy(store.resolve("alice", "personal-files/src"), store.resolve("alice", "personal-files/dst"));

        assertThat(stat("alice", "personal-files/dst").uuid())
                .isNotEqualTo(stat("alice", "personal-files/src").uuid());
        assertThat(stat("alice", "personal-files/dst/a.txt").uuid()).isNotEqualTo(fileUuid);
        assertThat(stat("alice", "personal-files/src/a.txt").uuid()).isEqualTo(fileUuid);
    }

    @Test
    void moveOrCopyWhenTargetInsideSourceThenConflict() {
        store.createFolder(store.resolve("alice", "personal-files/a"), false);

        assertThatThrownBy(() -> store.move(
                        store.resolve("alice", "personal-files/a"), store.resolve("alice", "personal-files/a/b")))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));
        assertThatThrownBy(() -> store.copy(
                        store.resolve("alice", "personal-files"), store.resolve("alice", "personal-files/a/b")))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));
    }

    @Test
    void deleteOrMoveWhenWorkspaceRootThenForbidden() {
        assertThatThrownBy(() -> store.delete(store.resolve("alice", "common-files")))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.FORBIDDEN));
        assertThatThrownBy(() ->
                        store.move(store.resolve("alice", "personal-files"), store.resolve("alice", "common-files/x")))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.FORBIDDEN));
    }

    @Test
    void findByUuidWhenOtherUsersPersonalNodeThenEmpty() throws Exception {
        String aliceFile = put("personal-files/secret.txt", "x").uuid();
        String aliceRoot = stat("alice", "personal-files").uuid();
        String readme = stat("alice", "common-files/readme.txt").uuid();

        assertThat(store.findByUuid("alice", aliceFile)).isPresent();
        assertThat(store.findByUuid("bob", aliceFile)).isEmpty();
        assertThat(store.findByUuid("bob", aliceRoot)).isEmpty();
        assertThat(store.findByUuid("bob", readme)).isPresent();
        assertThat(stat("bob", "personal-files").uuid()).isNotEqualTo(aliceRoot);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "/",
                "personal-files//a",
                "personal-files/../common-files",
                "personal-files/./a",
                "common-files/a\\b"
            })
    void resolveWhenMalformedThenBadPath(String path) {
        assertThatThrownBy(() -> store.resolve("alice", path))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.BAD_PATH));
    }

    @Test
    void statOrCreateWhenAFileIsInThePathThenAbsentAndConflict() throws Exception {
        put("personal-files/a.txt", "x");

        assertThat(store.stat(store.resolve("alice", "personal-files/a.txt/b"))).isEmpty();
        assertThatThrownBy(() -> store.createFolder(store.resolve("alice", "personal-files/a.txt/b/c"), true))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));
        assertThatThrownBy(() -> store.createFile(store.resolve("alice", "personal-files/a.txt/b"), false))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));
    }

    @Test
    void resolveWhenUnknownWorkspaceThenNotFound() {
        assertThatThrownBy(() -> store.resolve("alice", "other-files/a"))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"..", ".", "a/b", "", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ü"})
    void ownerFolderWhenLoginIsNotPlainThenHashed(String login) {
        assertThat(NodeStore.ownerFolder(login)).startsWith("~").hasSize(33);
    }

    @Test
    void ownerFolderWhenLoginIsPlainThenItself() {
        assertThat(NodeStore.ownerFolder("alice.b-c_d@example.org")).isEqualTo("alice.b-c_d@example.org");
    }
}
