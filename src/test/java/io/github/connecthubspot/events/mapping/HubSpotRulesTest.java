package io.github.connecthubspot.events.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.connecthubspot.events.model.Completion;
import io.github.connecthubspot.events.model.PropertyRules;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of NOTES.md: an occurrence that keeps it, and one that breaks it with the exact message. */
class HubSpotRulesTest {
  private static final HubSpotRules RULES = new HubSpotRules(Optional.of("1234567"));

  private static Completion.Builder valid() {
    return Completion.builder()
        .eventName("pe1234567_manually_tracked_event")
        .objectId("6091051")
        .property("hs_page_title", "Sweepstakes Sign Up");
  }

  private static Map<String, String> props(int count) {
    Map<String, String> p = new LinkedHashMap<>();
    IntStream.range(0, count).forEach(i -> p.put("p" + i, "v"));
    return p;
  }

  private static Arguments rule(String name, UnaryOperator<Completion.Builder> passing,
      UnaryOperator<Completion.Builder> failing, String message) {
    return Arguments.of(name, passing, failing, message);
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        rule("event name present",
            b -> b, b -> b.eventName(" "), "event name is missing"),
        rule("event name lower case",
            b -> b.eventName("pe1234567_login"), b -> b.eventName("pe1234567_Login"),
            "event name 'pe1234567_Login' must be lower case (HubSpot internal names are)"),
        rule("event name prefixed by the portal",
            b -> b.eventName("pe1234567_login"), b -> b.eventName("pe7654321_login"),
            "event name 'pe7654321_login' must start with 'pe1234567_' (hubspot.portal.id=1234567)"),
        rule("an identifier",
            b -> b.objectId(null).utk("0a1b2c"), b -> b.objectId(null).email("  "),
            "no identifier: HubSpot needs one of email, objectId or utk"),
        rule("email shape",
            b -> b.email("ada.lovelace+news@example.co.uk"), b -> b.email("ada at example.com"),
            "email is not a valid email address"),
        rule("at most 50 properties",
            b -> Completion.builder().eventName("pe1234567_x").objectId("1").properties(props(50)),
            b -> Completion.builder().eventName("pe1234567_x").objectId("1").properties(props(51)),
            "51 properties: HubSpot accepts at most 50 per occurrence"),
        rule("names equal after lower-casing",
            b -> b.property("page_title", "a").property("page_titles", "b"),
            b -> b.property("Page_Title", "a").property("page_title", "b"),
            "properties 'Page_Title' and 'page_title' are the same name after lower-casing and"
                + " HubSpot would keep only one of them: rename or exclude one"
                + " (properties.rename, properties.exclude)"),
        rule("internal name pattern",
            b -> b.property("page_title_2", "a"), b -> b.property("Page_Title", "a"),
            "property 'Page_Title' is not a valid HubSpot internal name (must match"
                + " [a-z][a-z0-9_]*, at most 50 characters)"),
        rule("internal name starts with a letter",
            b -> b.property("a1", "a"), b -> b.property("1a", "a"),
            "property '1a' is not a valid HubSpot internal name (must match [a-z][a-z0-9_]*,"
                + " at most 50 characters)"),
        rule("internal name at most 50 characters",
            b -> b.property("a".repeat(50), "a"), b -> b.property("a".repeat(51), "a"),
            "property '" + "a".repeat(51) + "' is not a valid HubSpot internal name (must match"
                + " [a-z][a-z0-9_]*, at most 50 characters)"),
        rule("value at most 256 characters",
            b -> b.property("hs_page_title", "x".repeat(256)),
            b -> b.property("hs_page_title", "x".repeat(257)),
            "property 'hs_page_title' value has 257 characters: HubSpot accepts at most 256"),
        rule("url, referrer and link values at most 1024 characters",
            b -> b.property("hs_page_url", "x".repeat(1024)).property("hs_referrer", "x".repeat(1024))
                .property("cta_link", "x".repeat(1024)),
            b -> b.property("hs_referrer", "x".repeat(1025)),
            "property 'hs_referrer' value has 1025 characters: HubSpot accepts at most 1024 for"
                + " url, referrer and link properties"),
        rule("content type enumeration",
            b -> b.property("hs_page_content_type", "LANDING_PAGE").property("hs_asset_type", "pe1234567_login"),
            b -> b.property("hs_page_content_type", "landing_page"),
            "property 'hs_page_content_type' value is not one of HubSpot's options "
                + PropertyRules.CONTENT_TYPES),
        rule("touchpoint source enumeration",
            b -> b.property("hs_touchpoint_source", "INTEGRATION"),
            b -> b.property("hs_touchpoint_source", "KAFKA"),
            "property 'hs_touchpoint_source' value is not one of HubSpot's options "
                + PropertyRules.TOUCHPOINT_SOURCES));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void ruleKeptAndBroken(String rule, UnaryOperator<Completion.Builder> passing,
      UnaryOperator<Completion.Builder> failing, String message) {
    assertThat(RULES.check(passing.apply(valid()).build())).as("passing case of " + rule).isEmpty();
    assertThat(RULES.check(failing.apply(valid()).build())).as("failing case of " + rule).contains(message);
  }

  @org.junit.jupiter.api.Test
  void withoutPortalIdAnyPrefixIsAccepted() {
    assertThat(new HubSpotRules(Optional.empty()).check(valid().eventName("pe42_login").build())).isEmpty();
  }

  /** The pattern the email check replaced: quadratic on "a@" followed by many dots. */
  private static final java.util.regex.Pattern OLD_EMAIL =
      java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final java.util.regex.Pattern OLD_EVENT_INTERNAL_NAME =
      java.util.regex.Pattern.compile("pe[0-9]+_[a-z0-9_]+");

  @org.junit.jupiter.api.Test
  void oneEmailCheckSaysWhatTheOldPatternSaidOnEveryShortString() {
    // Every string of up to 6 characters over the alphabet that matters: exhaustive, not sampled.
    char[] alphabet = {'a', '@', '.', ' ', '\t', '\u000B'};
    int checked = 0;
    for (int length = 0; length <= 6; length++) {
      int[] digits = new int[length];
      for (long n = 0; n < (long) Math.pow(alphabet.length, length); n++) {
        long rest = n;
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
          chars[i] = alphabet[(int) (rest % alphabet.length)];
          rest /= alphabet.length;
        }
        String s = new String(chars);
        assertThat(HubSpotRules.isEmail(s)).as("'%s'", s).isEqualTo(OLD_EMAIL.matcher(s).matches());
        checked++;
      }
    }
    assertThat(checked).isEqualTo(55_987);
  }

  @org.junit.jupiter.api.Test
  void oneEventNameCheckSaysWhatTheOldPatternSaidOnEveryShortString() {
    char[] alphabet = {'p', 'e', '1', '_', 'a', 'A'};
    for (int length = 0; length <= 7; length++) {
      for (long n = 0; n < (long) Math.pow(alphabet.length, length); n++) {
        long rest = n;
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
          chars[i] = alphabet[(int) (rest % alphabet.length)];
          rest /= alphabet.length;
        }
        String s = new String(chars);
        assertThat(PropertyRules.isEventInternalName(s)).as("'%s'", s)
            .isEqualTo(OLD_EVENT_INTERNAL_NAME.matcher(s).matches());
      }
    }
  }

  @org.junit.jupiter.api.Test
  void everyIdentifierIsMeasuredBeforeItIsChecked() {
    String local = "a".repeat(64);
    String longestEmail = local + "@" + "b".repeat(185) + ".com";
    assertThat(longestEmail).hasSize(HubSpotRules.MAX_EMAIL_LENGTH);
    assertThat(RULES.check(valid().email(longestEmail).build())).isEmpty();
    // One past the bound is refused by its length, before any check of its shape.
    assertThat(RULES.check(valid().email("@" + longestEmail).build()))
        .contains("email has 255 characters: HubSpot accepts at most 254");
    assertThat(RULES.check(valid().uuid("u".repeat(257)).build()))
        .contains("uuid has 257 characters: HubSpot accepts at most 256");
    assertThat(RULES.check(valid().eventName("pe1234567_" + "e".repeat(119)).build()))
        .contains("event name has 129 characters: HubSpot internal names are at most 128");
    assertThat(RULES.check(valid().eventName("pe1234567_" + "e".repeat(118)).build())).isEmpty();
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
  void megabyteEmailOfDotsIsRefusedByItsLength() {
    String email = "a@" + ".".repeat(1 << 20) + "@";
    assertThat(RULES.check(valid().email(email).build()))
        .contains("email has 1048579 characters: HubSpot accepts at most 254");
    // Even were it not bounded, the one-pass check answers at once.
    assertThat(HubSpotRules.isEmail(email)).isFalse();
    assertThat(HubSpotRules.isEmail("a@" + ".".repeat(1 << 20) + "b.c")).isTrue();
  }

  /** The event name is checked once and remembered: only the very name that passed skips it. */
  @org.junit.jupiter.api.Test
  void anEventNameThatPassedOnceIsNotTakenForAnotherName() {
    HubSpotRules rules = new HubSpotRules(Optional.of("1234567"));
    for (int round = 0; round < 3; round++) {
      assertThat(rules.checkEventName("pe1234567_login")).isEmpty();
      assertThat(rules.checkEventName(new String("pe1234567_login"))).isEmpty();
      assertThat(rules.checkEventName("pe1234567_Login")).contains(
          "event name 'pe1234567_Login' must be lower case (HubSpot internal names are)");
      assertThat(rules.checkEventName("pe7654321_login")).contains("event name 'pe7654321_login'"
          + " must start with 'pe1234567_' (hubspot.portal.id=1234567)");
      assertThat(rules.checkEventName(null)).contains("event name is missing");
      assertThat(rules.check(valid().eventName("pe1234567_Login").build())).isPresent();
      assertThat(rules.check(valid().eventName("pe1234567_login").build())).isEmpty();
    }
  }

  /**
   * Names equal after lower-casing are reported before any property's own rule, wherever the two
   * are in the occurrence (the properties are checked in one pass).
   */
  @org.junit.jupiter.api.Test
  void namesEqualAfterLowerCasingComeBeforeTheFirstPropertyBroken() {
    String duplicates = "properties 'Plan' and 'plan' are the same name after lower-casing and"
        + " HubSpot would keep only one of them: rename or exclude one (properties.rename,"
        + " properties.exclude)";
    Completion brokenFirst = valid().property("hs_page_content_type", "NOT_AN_OPTION")
        .property("Plan", "a").property("plan", "b").build();
    assertThat(RULES.check(brokenFirst)).contains(duplicates);
    Completion brokenLast = valid().property("Plan", "a").property("plan", "b")
        .property("seats", "x".repeat(257)).build();
    assertThat(RULES.check(brokenLast)).contains(duplicates);
    // without the duplicate, the first property broken in order
    assertThat(RULES.check(valid().property("hs_page_content_type", "NOT_AN_OPTION")
        .property("Plan", "a").build()).orElseThrow()).startsWith("property 'hs_page_content_type'");
    assertThat(RULES.check(valid().property("Plan", "a")
        .property("hs_page_content_type", "NOT_AN_OPTION").build()).orElseThrow())
        .startsWith("property 'Plan' is not a valid HubSpot internal name");
  }

  /**
   * A name that kept the rule is remembered (per thread) and not checked char by char again; a
   * name of the same hash code, or one of hundreds more, is still checked.
   */
  @org.junit.jupiter.api.Test
  void aRememberedValidNameVouchesForNoOtherName() {
    assertThat("aa".hashCode()).isEqualTo("bB".hashCode());
    for (int round = 0; round < 2; round++) { // the second round: "aa" and many others remembered
      assertThat(RULES.check(valid().property("aa", "1").build())).isEmpty();
      assertThat(RULES.check(valid().property(new String("aa"), "1").build())).isEmpty();
      assertThat(RULES.check(valid().property("bB", "1").build()).orElseThrow())
          .startsWith("property 'bB' is not a valid HubSpot internal name");
      for (int i = 0; i < 600; i++) {
        assertThat(RULES.check(valid().property("p" + i, "1").build())).isEmpty();
        assertThat(RULES.check(valid().property("P" + i, "1").build()).orElseThrow())
            .startsWith("property 'P" + i + "' is not a valid HubSpot internal name");
      }
    }
  }
}
