package dev.patgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RawPathsTest {

    private static final List<String> ROUTES = List.of("/dav/", "/a/", "/api/v2/");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            /dav/,                                    true
            /dav,                                     true
            /dav/personal-files/a%20b/%C3%A9.txt,     true
            /a/tree/stat/personal-files,              true
            /api/v2/x,                                true
            /dav/a..b/c.,                             true
            /dav/.hidden/...,                         true
            /davx/a,                                  false
            /api/v2,                                  true
            /api/,                                    false
            /foo/../dav/x,                            false
            /dav/../a/tree/delete,                    false
            /dav/./x,                                 false
            /dav/x/..,                                false
            /dav/x/.,                                 false
            /dav/%2e%2e/x,                            false
            /dav/%2E./x,                              false
            /dav/.%2e,                                false
            /dav;p=1/x,                               false
            /,                                        false
            '',                                       false
            """)
    void isForwardableWhenRawPathGivenThenOnlyDotFreePathsUnderARoute(String rawPath, boolean expected) {
        assertThat(RawPaths.isForwardable(rawPath, ROUTES)).isEqualTo(expected);
    }
}
