package io.github.connecthubspot.events.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.connecthubspot.events.model.Completion;
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
                + HubSpotRules.CONTENT_TYPES),
        rule("touchpoint source enumeration",
            b -> b.property("hs_touchpoint_source", "INTEGRATION"),
            b -> b.property("hs_touchpoint_source", "KAFKA"),
            "property 'hs_touchpoint_source' value is not one of HubSpot's options "
                + HubSpotRules.TOUCHPOINT_SOURCES));
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
}
