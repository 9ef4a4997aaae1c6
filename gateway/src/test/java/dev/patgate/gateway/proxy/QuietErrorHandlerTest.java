package dev.patgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.util.stream.Stream;
import org.eclipse.jetty.http.BadMessageException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuietErrorHandlerTest {

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("a bad message", new BadMessageException(400), 200, 400),
                Arguments.of(
                        "a bad message under another",
                        new IllegalStateException(new BadMessageException(413)),
                        200,
                        413),
                Arguments.of("the client's body broke off", new EOFException("early EOF"), 200, 400),
                Arguments.of("an I/O failure under another", new RuntimeException(new IOException("reset")), 200, 400),
                Arguments.of("no exception, a status set", null, 404, 404),
                Arguments.of("no exception, no status set", null, 200, 500),
                Arguments.of("a server fault, no status set", new IllegalStateException("bug"), 200, 500));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void statusWhenAnErrorReachesTheServerThenNeverThe200OfAnUnansweredResponse(
            String name, Throwable error, int current, int expected) {
        assertThat(QuietErrorHandler.ServerLevel.statusOf(error, current)).isEqualTo(expected);
    }
}
