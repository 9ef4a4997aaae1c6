package dev.patgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the token format, {@link PersonalToken} (docs/fuzzing.md). */
class PersonalTokenFuzzTest {

    private static final Pattern SHAPE = Pattern.compile("patg_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}");
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    @Provide
    Arbitrary<PersonalToken> tokens() {
        Arbitrary<String> id = Arbitraries.strings().withChars(BASE62).ofLength(PersonalToken.ID_LENGTH);
        Arbitrary<String> secret = Arbitraries.strings().withChars(BASE62).ofLength(PersonalToken.SECRET_LENGTH);
        return Combinators.combine(id, secret).as(PersonalToken::new);
    }

    /** One edit of a token's text: replace, insert, delete or swap characters, possibly several times. */
    record Edit(int kind, int position, char c) {
        String applyTo(String text) {
            int at = Math.floorMod(position, text.length());
            return switch (kind) {
                case 0 -> text.substring(0, at) + c + text.substring(at + 1);
                case 1 -> text.substring(0, at) + c + text.substring(at);
                case 2 -> text.substring(0, at) + text.substring(at + 1);
                default ->
                    at + 1 < text.length()
                            ? text.substring(0, at) + text.charAt(at + 1) + text.charAt(at) + text.substring(at + 2)
                            : text;
            };
        }
    }

    @Provide
    Arbitrary<java.util.List<Edit>> edits() {
        Arbitrary<Character> chars = Arbitraries.oneOf(
                Arbitraries.chars().with(BASE62 + "_-="),
                Arbitraries.chars(),
                Arbitraries.chars().range('\u0100', '\u01ff'));
        Arbitrary<Edit> edit = Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 200),
                        chars)
                .as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(3);
    }

    @Property
    void parseWhenRenderedThenTheSameTokenAndToStringHidesTheSecret(@ForAll("tokens") PersonalToken token)
            throws Exception {
        String text = token.value();

        assertThat(text).matches(SHAPE);
        assertThat(PersonalToken.parse(text)).isEqualTo(token);
        assertThat(PersonalToken.looksLikeToken(text)).isTrue();
        assertThat(token.toString()).doesNotContain(token.secret()).doesNotContain(text.substring(18));
    }

    @Property
    void parseWhenTokenEditedThenRefusedUnlessTheTextIsUnchanged(
            @ForAll("tokens") PersonalToken token, @ForAll("edits") java.util.List<Edit> edits) {
        String original = token.value();
        String edited = original;
        for (Edit edit : edits) {
            edited = edit.applyTo(edited);
            if (edited.isEmpty()) {
                break;
            }
        }
        String candidate = edited;

        Throwable thrown = catchThrowable(() -> PersonalToken.parse(candidate));

        if (candidate.equals(original)) {
            assertThat(thrown).isNull();
        } else {
            assertThat(thrown).as("edited token accepted").isExactlyInstanceOf(MalformedTokenException.class);
            assertThat(thrown.getMessage())
                    .doesNotContain(token.secret().substring(0, 8))
                    .doesNotContain(token.id());
        }
    }

    @Provide
    Arbitrary<String> tokenLike() {
        Arbitrary<String> shaped = Arbitraries.strings()
                .withChars(BASE62 + "_")
                .ofLength(PersonalToken.LENGTH - 5)
                .map(rest -> "patg_" + rest);
        return Arbitraries.oneOf(
                shaped,
                Arbitraries.strings().ofMaxLength(70),
                Arbitraries.strings().withChars(BASE62 + "_").ofMinLength(50).ofMaxLength(60));
    }

    @Property
    void parseWhenAnyTextThenOnlyMalformedTokenAndAcceptedOnlyInShapeWithItsChecksum(@ForAll("tokenLike") String text) {
        Throwable thrown = catchThrowable(() -> {
            PersonalToken parsed = PersonalToken.parse(text);
            assertThat(text).matches(SHAPE);
            assertThat(parsed.value()).isEqualTo(text);
        });

        if (thrown != null) {
            assertThat(thrown).isExactlyInstanceOf(MalformedTokenException.class);
            if (text.length() >= 8) {
                assertThat(thrown.getMessage()).doesNotContain(text);
            }
        }
    }
}
