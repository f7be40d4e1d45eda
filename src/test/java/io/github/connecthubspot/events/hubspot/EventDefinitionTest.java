package io.github.connecthubspot.events.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventDefinitionTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final String EVENT = "pe1234567_signed_up";
  private static final EventDefinition SIGNED_UP =
      EventDefinition.builder(EVENT)
          .string("referral_code")
          .number("amount")
          .date("trial_end")
          .datetime("signed_at")
          .enumeration("plan", "free", "pro", "enterprise")
          .build();

  private final CompletionValidator rejecting = new CompletionValidator(List.of(SIGNED_UP), true, true, null);
  private final CompletionValidator accepting = new CompletionValidator(List.of(SIGNED_UP), false, false, null);

  private static ObjectNode completion(String event, String prop, String value) {
    ObjectNode n = M.createObjectNode();
    n.put("eventName", event);
    ObjectNode p = n.putObject("properties");
    if (prop != null) {
      p.put(prop, value);
    }
    n.put("email", "jane@example.com");
    return n;
  }

  private List<Violation> check(String prop, String value) {
    return rejecting.validate(completion(EVENT, prop, value), "");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "42", "-42", "3.14", "-0.5", "10.", ".5", "007"})
  void validNumbers(String v) {
    assertThat(check("amount", v)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e5", "1,000", "1.2.3", "+1", "-", "", " 1", "NaN", "0x10", "--1", "1-"})
  void invalidNumbers(String v) {
    assertThat(check("amount", v))
        .containsExactly(
            new Violation(
                "properties.amount",
                "INVALID_NUMBER",
                "'"
                    + v
                    + "' is not a valid number for property 'amount': use digits with an optional leading '-' and at"
                    + " most one decimal point"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1768435200000", "0", "-86400000", "2026-01-15", "2024-02-29"})
  void validDates(String v) {
    assertThat(check("trial_end", v)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1768471200000", "1768435200", "2026-1-15", "2025-02-29", "2026-01-15T00:00:00Z", "15/01/2026", ""})
  void invalidDates(String v) {
    assertThat(check("trial_end", v))
        .containsExactly(
            new Violation(
                "properties.trial_end",
                "INVALID_DATE",
                "'" + v + "' is not a valid date for property 'trial_end': use epoch milliseconds at midnight UTC or"
                    + " YYYY-MM-DD"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1768471200123", "2026-01-15T10:00:00Z", "2026-01-15T10:00:00.5-05:00"})
  void validDatetimes(String v) {
    assertThat(check("signed_at", v)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-01-15", "2026-01-15T10:00:00", "now", "1.5", ""})
  void invalidDatetimes(String v) {
    assertThat(check("signed_at", v))
        .containsExactly(
            new Violation(
                "properties.signed_at",
                "INVALID_DATETIME",
                "'" + v + "' is not a valid datetime for property 'signed_at': use epoch milliseconds or an ISO-8601"
                    + " date-time with offset"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"free", "pro;enterprise", "free;pro;enterprise", ""})
  void validEnumerations(String v) {
    assertThat(check("plan", v)).isEmpty();
  }

  @Test
  void invalidEnumerations() {
    String msg =
        "is not an option of enumeration property 'plan'; options: free, pro, enterprise (several separated by ';')";
    assertThat(check("plan", "Free"))
        .containsExactly(new Violation("properties.plan", "INVALID_OPTION", "'Free' " + msg));
    assertThat(check("plan", "free, pro"))
        .containsExactly(new Violation("properties.plan", "INVALID_OPTION", "'free, pro' " + msg));
    assertThat(check("plan", "free;;pro")).containsExactly(new Violation("properties.plan", "INVALID_OPTION", "'' " + msg));
    assertThat(check("plan", "pro; free")).containsExactly(new Violation("properties.plan", "INVALID_OPTION", "' free' " + msg));
  }

  @Test
  void stringsTakeAnything() {
    assertThat(check("referral_code", "ANY thing 1e5 ;")).isEmpty();
  }

  @Test
  void unknownEventRejectedOrAccepted() {
    ObjectNode n = completion("pe1234567_unknown", "whatever", "x");
    assertThat(rejecting.validate(n, ""))
        .containsExactly(
            new Violation("eventName", "UNKNOWN_EVENT", "Event 'pe1234567_unknown' is not defined in this account"));
    assertThat(accepting.validate(n, "")).isEmpty();
  }

  @Test
  void unknownPropertyRejectedOrAccepted() {
    assertThat(check("coupon", "x"))
        .containsExactly(
            new Violation(
                "properties.coupon", "UNKNOWN_PROPERTY", "Property 'coupon' is not defined for event '" + EVENT + "'"));
    assertThat(accepting.validate(completion(EVENT, "coupon", "x"), "")).isEmpty();
    // accepting unknown properties does not switch off the types of known ones
    assertThat(accepting.validate(completion(EVENT, "amount", "1e3"), "")).extracting(Violation::code).containsExactly("INVALID_NUMBER");
  }

  @Test
  void hubSpotDefaultPropertiesAreKnownForEveryDefinedEvent() {
    assertThat(check("hs_page_title", "Pricing")).isEmpty();
    assertThat(check("hs_page_url", "https://example.com/pricing")).isEmpty();
    assertThat(check("hs_touchpoint_source", "PAID_SOCIAL")).isEmpty();
    assertThat(check("hs_not_a_default", "x")).extracting(Violation::code).containsExactly("UNKNOWN_PROPERTY");
  }

  @Test
  void loadsDefinitionsFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.json");
    Files.writeString(
        file,
        "{\"events\":[{\"fullyQualifiedName\":\"pe1_a\",\"properties\":["
            + "{\"name\":\"n\",\"type\":\"number\"},"
            + "{\"name\":\"e\",\"type\":\"enumeration\",\"options\":[{\"label\":\"One\",\"value\":\"one\"},\"two\"]}]},"
            + "{\"name\":\"pe1_b\",\"properties\":{\"d\":\"date\",\"t\":{\"type\":\"datetime\"}}}]}");
    List<EventDefinition> defs = EventDefinition.load(file);
    assertThat(defs).extracting(EventDefinition::name).containsExactly("pe1_a", "pe1_b");
    assertThat(defs.get(0).properties().get("e").options()).containsExactly("one", "two");
    assertThat(defs.get(1).properties().get("d").type()).isEqualTo(EventDefinition.PropertyType.DATE);
    assertThat(defs.get(1).properties().get("t").type()).isEqualTo(EventDefinition.PropertyType.DATETIME);
  }

  @Test
  void badDefinitionsFailLoudly() {
    assertThatThrownBy(() -> EventDefinition.parse(M.readTree("[{\"name\":\"x\",\"properties\":{\"p\":\"money\"}}]")))
        .hasMessage("Unknown property type 'money' (expected string, number, date, datetime or enumeration)");
    assertThatThrownBy(() -> EventDefinition.builder("x").enumeration("p").build())
        .hasMessage("Enumeration property 'p' needs options");
  }
}
