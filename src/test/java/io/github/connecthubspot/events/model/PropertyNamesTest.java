package io.github.connecthubspot.events.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The name rule, {@code [a-z][a-z0-9_]*} of at most 50 characters, as the regular expression says it. */
class PropertyNamesTest {
  private static final Pattern RULE = Pattern.compile("[a-z][a-z0-9_]*");

  private static boolean byPattern(String name) {
    return name.length() <= PropertyNames.MAX_NAME_LENGTH && RULE.matcher(name).matches();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "z", "hs_page_title", "a_", "a0", "seats_2", "x_________"})
  void validNames(String name) {
    assertThat(PropertyNames.isValid(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "_a", "0a", "A", "aB", "a-b", "a b", "a.b", "\u00e9t\u00e9", "a\u0660",
      "a\n", "\ud835\udc1a", "page\u212a", "a\u0000"})
  void invalidNames(String name) {
    assertThat(PropertyNames.isValid(name)).isFalse();
  }

  @Test
  void fiftyCharactersAtMost() {
    assertThat(PropertyNames.isValid("a".repeat(50))).isTrue();
    assertThat(PropertyNames.isValid("a".repeat(51))).isFalse();
    assertThat(PropertyNames.isValid("a".repeat(1_000_000))).isFalse();
  }

  @Test
  void agreesWithThePatternOnRandomNames() {
    String alphabet = "abcxyz019_AZ-. \u00e9\u0131\u212a\ud835\udc1a\u0000";
    Random random = new Random(14);
    for (int i = 0; i < 50_000; i++) {
      StringBuilder b = new StringBuilder();
      int length = random.nextInt(i % 100 == 0 ? 60 : 8);
      for (int j = 0; j < length; j++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String name = b.toString();
      assertThat(PropertyNames.isValid(name)).as("'%s'", name).isEqualTo(byPattern(name));
    }
  }
}
