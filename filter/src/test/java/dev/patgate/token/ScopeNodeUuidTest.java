package dev.patgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeNodeUuidTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f10,3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f10",
        "3F1C8A52-6D4E-4B7A-9C21-0A5E7D9B4F10,3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f10",
        "00000000-0000-0000-0000-000000000000,00000000-0000-0000-0000-000000000000"
    })
    void parseNodeUuidWhenCanonicalInEitherCaseThenLowerCase(String text, String expected) {
        assertThat(Scope.parseNodeUuid(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "",
                "x",
                "3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f1",
                "3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f100",
                "3f1c8a526d4e4b7a9c210a5e7d9b4f10",
                "3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f1g",
                "3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f10:rw",
                "node:3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f10",
                " 3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f10",
                "3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f10\n",
                "{3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f10}",
                "３f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f10"
            })
    void parseNodeUuidWhenNotACanonicalUuidThenRefusedWithoutQuotingIt(String text) {
        assertThatThrownBy(() -> Scope.parseNodeUuid(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a node UUID");
    }

    @org.junit.jupiter.api.Test
    void parseNodeUuidWhenNullThenRefused() {
        assertThatThrownBy(() -> Scope.parseNodeUuid(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
