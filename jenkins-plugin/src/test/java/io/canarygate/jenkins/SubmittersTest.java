package io.canarygate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarygate.core.CanaryGateException;
import java.util.List;
import java.util.Locale;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

class SubmittersTest {
    private static final BiPredicate<String, String> CASE_INSENSITIVE =
            (a, b) -> a.toLowerCase(Locale.ENGLISH).equals(b.toLowerCase(Locale.ENGLISH));
    private static final BiPredicate<String, String> CASE_SENSITIVE = String::equals;

    @Test
    void theListIsCommaSeparatedAndTrimmed() {
        assertThat(Submitters.parse("alice, release-managers ,,bob"))
                .containsExactly("alice", "release-managers", "bob");
    }

    @Test
    void aListNamingNobodyIsBadInputThatSaysWhatToWrite() {
        assertThatThrownBy(() -> Submitters.parse(" , "))
                .isInstanceOf(CanaryGateException.class)
                .hasMessageStartingWith("submitter: \" , \" names no user or group")
                .hasMessageContaining("'alice,release-managers'");
    }

    @Test
    void aListedUserMayAnswerComparedAsTheRealmComparesUserIds() {
        List<String> s = Submitters.parse("Alice,release-managers");
        assertThat(Submitters.includes(s, "alice", List.of(), CASE_INSENSITIVE, CASE_SENSITIVE))
                .isTrue();
        assertThat(Submitters.includes(s, "alice", List.of(), CASE_SENSITIVE, CASE_SENSITIVE))
                .isFalse();
    }

    @Test
    void aMemberOfAListedGroupMayAnswer() {
        List<String> s = Submitters.parse("alice,release-managers");
        assertThat(Submitters.includes(
                        s, "dave", List.of("authenticated", "release-managers"), CASE_INSENSITIVE, CASE_SENSITIVE))
                .isTrue();
        assertThat(Submitters.includes(s, "dave", List.of("Release-Managers"), CASE_INSENSITIVE, CASE_SENSITIVE))
                .isFalse();
    }

    @Test
    void anyoneElseMayNot() {
        List<String> s = Submitters.parse("alice,release-managers");
        assertThat(Submitters.includes(
                        s, "mallory", List.of("authenticated", "developers"), CASE_INSENSITIVE, CASE_INSENSITIVE))
                .isFalse();
        assertThat(Submitters.includes(s, null, List.of(), CASE_INSENSITIVE, CASE_INSENSITIVE))
                .isFalse();
    }
}
