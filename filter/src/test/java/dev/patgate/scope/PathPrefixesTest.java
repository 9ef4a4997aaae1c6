package dev.patgate.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPrefixesTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            nullValues = "-",
            value = {
                "/dav/,true",
                "/a/b/,true",
                "/x/,true",
                "/,false",
                "//,false",
                "/dav,false",
                "dav/,false",
                "'',false",
                "-,false"
            })
    void isValidWhenPrefixThenOnlyIfItStartsAndEndsWithASlashAroundSomething(String prefix, boolean valid) {
        assertThat(PathPrefixes.isValid(prefix)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            nullValues = "-",
            value = {
                "/dav/a,/dav/",
                "/dav/,/dav/",
                "/dav,/dav/",
                "/davx,-",
                "/da,-",
                "/,-",
                "'',-",
                "/DAV/a,-",
                "/files/dav/a,/files/dav/",
                "/files/dav,/files/dav/",
                "/files/,-",
                "/files,-",
                "/dav%2f,-"
            })
    void matchingWhenRawPathThenTheFirstPrefixItIsBelowOrIsWithoutItsSlash(String rawPath, String expected) {
        assertThat(PathPrefixes.matching(List.of("/dav/", "/files/dav/"), rawPath))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            value = {
                "/dav/a,false",
                "/dav/./a,true",
                "/dav/../a,true",
                "/dav/%2e/a,true",
                "/dav/%2E%2e/a,true",
                "/dav/.%2e,true",
                "/dav/a/..,true",
                "/dav/a/../,true",
                "/dav/...,false",
                "/dav/a.,false",
                "/dav/.a,false",
                "/dav/%2e%2e%2e,false",
                "/dav/%2,false",
                "/dav/%2e%2,false",
                "/dav//a,false",
                "..,true",
                "'',false"
            })
    void hasDotSegmentWhenRawPathThenOnlyForOneOrTwoDotsSpelledAnyWay(String rawPath, boolean expected) {
        assertThat(TargetPath.hasDotSegment(rawPath)).isEqualTo(expected);
    }
}
