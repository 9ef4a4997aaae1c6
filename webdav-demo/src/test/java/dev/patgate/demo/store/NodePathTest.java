package dev.patgate.demo.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodePathTest {

    @ParameterizedTest
    @ValueSource(strings = {"a.txt", "a b", "été.txt", "...", ".hidden", "x..y", "名前"})
    void isValidNameWhenOrdinaryThenTrue(String name) {
        assertThat(NodePath.isValidName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "a\\b", "a\u0000b", "a\nb", "tab\t", "del\u007f"})
    void isValidNameWhenSpecialThenFalse(String name) {
        assertThat(NodePath.isValidName(name)).isFalse();
    }

    @Test
    void isValidNameWhenLongerThan255ThenFalse() {
        assertThat(NodePath.isValidName("x".repeat(255))).isTrue();
        assertThat(NodePath.isValidName("x".repeat(256))).isFalse();
    }

    @Test
    void isSameOrBelowWhenComparedThenUsesWholeNames() {
        NodePath a = new NodePath(Workspace.COMMON, null, List.of("a"));
        NodePath ab = new NodePath(Workspace.COMMON, null, List.of("a", "b"));
        NodePath abc = new NodePath(Workspace.COMMON, null, List.of("abc"));
        NodePath personalA = new NodePath(Workspace.PERSONAL, "alice", List.of("a"));

        assertThat(ab.isSameOrBelow(a)).isTrue();
        assertThat(a.isSameOrBelow(a)).isTrue();
        assertThat(a.isSameOrBelow(ab)).isFalse();
        assertThat(abc.isSameOrBelow(a)).isFalse();
        assertThat(personalA.isSameOrBelow(a)).isFalse();
    }

    @Test
    void displayWhenRootOrBelowThenStartsWithSlug() {
        NodePath root = new NodePath(Workspace.PERSONAL, "alice", List.of());

        assertThat(root.display()).isEqualTo("personal-files");
        assertThat(root.child("docs").child("a.txt").display()).isEqualTo("personal-files/docs/a.txt");
        assertThat(root.child("docs").storageKey()).isEqualTo("personal/alice/docs");
    }

    @Test
    void constructWhenOwnerDoesNotMatchWorkspaceThenRefuses() {
        assertThatThrownBy(() -> new NodePath(Workspace.PERSONAL, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodePath(Workspace.COMMON, "alice", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodePath(Workspace.COMMON, null, List.of("..")))
                .isInstanceOf(StoreException.class);
    }
}
