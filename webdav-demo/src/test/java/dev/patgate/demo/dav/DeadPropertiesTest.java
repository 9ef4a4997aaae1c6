package dev.patgate.demo.dav;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.demo.dav.DeadProperties.Outcome;
import dev.patgate.demo.dav.PropertyUpdate.Change;
import dev.patgate.demo.store.NodeInfo;
import dev.patgate.demo.store.NodeStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeadPropertiesTest {

    private static final QName COLOR = new QName("urn:z", "color");
    private static final QName BARE = new QName("", "bare");
    private static final QName ETAG = new QName("DAV:", "getetag");

    @TempDir
    Path data;

    NodeStore store;
    DeadProperties properties = new DeadProperties();

    @BeforeEach
    void open() throws Exception {
        store = NodeStore.open(data);
        store.onForget(properties::forget);
    }

    private static Change set(QName name, String value) {
        String element = name.getNamespaceURI().isEmpty()
                ? "<" + name.getLocalPart() + ">" + value + "</" + name.getLocalPart() + ">"
                : "<o:" + name.getLocalPart() + " xmlns:o=\"" + name.getNamespaceURI() + "\">" + value + "</o:"
                        + name.getLocalPart() + ">";
        return new Change(name, element);
    }

    private static Change remove(QName name) {
        return new Change(name, null);
    }

    private NodeResource node(String path) throws Exception {
        NodeInfo info = store.stat(store.resolve("alice", path)).orElseThrow();
        return NodeResource.of(store, info);
    }

    private NodeInfo put(String path) throws Exception {
        return store.write(store.resolve("alice", path), new ByteArrayInputStream(new byte[] {'x'}), 1L);
    }

    private Object value(NodeResource node, QName name) {
        Object value = properties.getProperty(name, node);
        return value == null ? null : ((DeadProperties.Value) value).element();
    }

    static Stream<Arguments> orders() {
        return Stream.of(
                Arguments.of(
                        "remove, set, set: the last set wins",
                        List.of(remove(COLOR), set(COLOR, "x"), set(COLOR, "y")),
                        "y"),
                Arguments.of("set, remove: gone", List.of(set(COLOR, "x"), remove(COLOR)), null),
                Arguments.of("remove what is not there: no error", List.of(remove(COLOR)), null),
                Arguments.of("set, set: the last wins", List.of(set(COLOR, "x"), set(COLOR, "y")), "y"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void applyWhenChangesThenInDocumentOrder(String name, List<Change> changes, String expected) throws Exception {
        NodeResource node = node("personal-files/welcome.txt");

        Map<QName, Outcome> outcomes = properties.apply(node.getUniqueId(), changes);

        assertThat(outcomes).containsExactly(Map.entry(COLOR, Outcome.OK));
        assertThat(value(node, COLOR))
                .isEqualTo(expected == null ? null : set(COLOR, expected).element());
        assertThat(properties.getAllPropertyNames(node)).hasSize(expected == null ? 0 : 1);
    }

    @Test
    void applyWhenNoNamespaceThenKeptAndListed() throws Exception {
        NodeResource node = node("personal-files/welcome.txt");

        assertThat(properties.apply(node.getUniqueId(), List.of(set(BARE, "v"))))
                .containsEntry(BARE, Outcome.OK);

        assertThat(value(node, BARE)).isEqualTo("<bare>v</bare>");
        assertThat(properties.getAllPropertyNames(node)).containsExactly(BARE);
        assertThat(properties.getPropertyMetaData(BARE, node).isUnknown()).isFalse();
    }

    @Test
    void applyWhenAProtectedPropertyIsNamedThenNothingChangesAndTheOthersFailedDependency() throws Exception {
        NodeResource node = node("personal-files/welcome.txt");
        properties.apply(node.getUniqueId(), List.of(set(COLOR, "old")));

        Map<QName, Outcome> outcomes = properties.apply(
                node.getUniqueId(),
                List.of(set(COLOR, "new"), set(ETAG, "x"), remove(NodeResource.UUID_PROPERTY), set(BARE, "v")));

        assertThat(outcomes)
                .containsExactly(
                        Map.entry(COLOR, Outcome.FAILED_DEPENDENCY),
                        Map.entry(ETAG, Outcome.PROTECTED),
                        Map.entry(NodeResource.UUID_PROPERTY, Outcome.PROTECTED),
                        Map.entry(BARE, Outcome.FAILED_DEPENDENCY));
        assertThat(value(node, COLOR)).isEqualTo(set(COLOR, "old").element());
        assertThat(value(node, BARE)).isNull();
    }

    @Test
    void applyWhenValueTooLongOrTooManyThenInsufficientStorage() throws Exception {
        NodeResource node = node("personal-files/welcome.txt");
        List<Change> many = new ArrayList<>();
        for (int i = 0; i < DeadProperties.MAX_PER_NODE; i++) {
            many.add(set(new QName("urn:n", "p" + i), "v"));
        }
        assertThat(properties.apply(node.getUniqueId(), many))
                .allSatisfy((name, outcome) -> assertThat(outcome).isEqualTo(Outcome.OK));

        assertThat(properties.apply(node.getUniqueId(), List.of(set(COLOR, "v"))))
                .containsExactly(Map.entry(COLOR, Outcome.INSUFFICIENT_STORAGE));
        assertThat(properties.apply(node.getUniqueId(), List.of(remove(new QName("urn:n", "p0")), set(COLOR, "v"))))
                .containsOnly(Map.entry(new QName("urn:n", "p0"), Outcome.OK), Map.entry(COLOR, Outcome.OK));
        assertThat(properties.apply(
                        node.getUniqueId(), List.of(set(COLOR, "x".repeat(DeadProperties.MAX_ELEMENT_LENGTH)))))
                .containsExactly(Map.entry(COLOR, Outcome.INSUFFICIENT_STORAGE));
        assertThat(value(node, COLOR)).isEqualTo(set(COLOR, "v").element());
    }

    @Test
    void copyTreeWhenFolderCopiedThenEveryCopyGetsItsOriginalsProperties() throws Exception {
        store.createFolder(store.resolve("alice", "personal-files/docs"), false);
        put("personal-files/docs/a.txt");
        put("personal-files/docs/b.txt");
        properties.apply(node("personal-files/docs").getUniqueId(), List.of(set(COLOR, "folder")));
        properties.apply(node("personal-files/docs/a.txt").getUniqueId(), List.of(set(COLOR, "a")));
        store.copy(store.resolve("alice", "personal-files/docs"), store.resolve("alice", "common-files/copy"));

        properties.copyTree(
                store, store.resolve("alice", "personal-files/docs"), store.resolve("alice", "common-files/copy"));
        properties.apply(node("personal-files/docs/a.txt").getUniqueId(), List.of(set(COLOR, "changed")));

        assertThat(value(node("common-files/copy"), COLOR))
                .isEqualTo(set(COLOR, "folder").element());
        assertThat(value(node("common-files/copy/a.txt"), COLOR))
                .isEqualTo(set(COLOR, "a").element());
        assertThat(value(node("common-files/copy/b.txt"), COLOR)).isNull();
    }

    @Test
    void forgetWhenStoreDeletesATreeThenItsPropertiesAreDropped() throws Exception {
        store.createFolder(store.resolve("alice", "personal-files/docs"), false);
        put("personal-files/docs/a.txt");
        String folder = node("personal-files/docs").getUniqueId();
        String file = node("personal-files/docs/a.txt").getUniqueId();
        String other = node("personal-files/welcome.txt").getUniqueId();
        for (String uuid : List.of(folder, file, other)) {
            properties.apply(uuid, List.of(set(COLOR, "c")));
        }

        store.delete(store.resolve("alice", "personal-files/docs"));

        assertThat(properties.ofNode(folder)).isEmpty();
        assertThat(properties.ofNode(file)).isEmpty();
        assertThat(properties.ofNode(other)).containsOnlyKeys(COLOR);
    }

    @Test
    void moveWhenNodeMovedThenPropertiesFollowIt() throws Exception {
        String uuid = put("personal-files/a.txt").uuid();
        properties.apply(uuid, List.of(set(COLOR, "c")));

        store.move(store.resolve("alice", "personal-files/a.txt"), store.resolve("alice", "common-files/b.txt"));

        assertThat(value(node("common-files/b.txt"), COLOR))
                .isEqualTo(set(COLOR, "c").element());
    }
}
