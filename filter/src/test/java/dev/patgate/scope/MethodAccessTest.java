package dev.patgate.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.token.Access;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MethodAccessTest {

    static Stream<Arguments> table() {
        Set<Access> none = Set.of();
        Set<Access> read = Set.of(Access.READ);
        Set<Access> write = Set.of(Access.WRITE);
        return Stream.of(
                Arguments.of("GET", read, none),
                Arguments.of("HEAD", read, none),
                Arguments.of("PROPFIND", read, none),
                Arguments.of("REPORT", read, none),
                Arguments.of("PUT", write, none),
                Arguments.of("DELETE", write, none),
                Arguments.of("MKCOL", write, none),
                Arguments.of("PROPPATCH", write, none),
                Arguments.of("LOCK", write, none),
                Arguments.of("UNLOCK", write, none),
                Arguments.of("POST", write, none),
                Arguments.of("PATCH", write, none),
                Arguments.of("COPY", read, write),
                Arguments.of("MOVE", write, write),
                Arguments.of("OPTIONS", none, none));
    }

    @ParameterizedTest(name = "{0}: target {1}, destination {2}")
    @MethodSource("table")
    void requiredWhenKnownMethodThenDesignTable(String method, Set<Access> target, Set<Access> destination) {
        assertThat(MethodAccess.required(method)).isEqualTo(target);
        assertThat(MethodAccess.destinationAccess(method)).isEqualTo(destination);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void requiredWhenKnownMethodThenImmutable(String method) {
        assertThatThrownBy(() -> MethodAccess.required(method).add(Access.WRITE))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> MethodAccess.destinationAccess(method).add(Access.READ))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest(name = "[{0}]")
    @NullSource
    @ValueSource(
            strings = {
                "",
                " ",
                "get",
                "Get",
                "propfind",
                "copy",
                "GET ",
                " GET",
                "TRACE",
                "CONNECT",
                "SEARCH",
                "ACL",
                "BIND",
                "UNBIND",
                "REBIND",
                "MKCALENDAR",
                "MKWORKSPACE",
                "VERSION-CONTROL",
                "CHECKOUT",
                "CHECKIN",
                "UNCHECKOUT",
                "MERGE",
                "UPDATE",
                "LABEL",
                "ORDERPATCH",
                "BASELINE-CONTROL",
                "MKACTIVITY",
                "FOO",
                "GET\u0000"
            })
    void requiredWhenUnknownMethodThenRefused(String method) {
        assertThatThrownBy(() -> MethodAccess.required(method))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("method is not supported for scoped tokens");
        assertThatThrownBy(() -> MethodAccess.destinationAccess(method))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("method is not supported for scoped tokens");
    }
}
