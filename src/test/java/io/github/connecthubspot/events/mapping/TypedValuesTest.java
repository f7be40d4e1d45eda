package io.github.connecthubspot.events.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.connecthubspot.events.model.EventDefinition.PropertyDefinition;
import io.github.connecthubspot.events.model.EventDefinition.PropertyType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

/**
 * Each defined property type with values HubSpot accepts (and what is sent) and values it refuses
 * (and the message), table-driven. What "accepts" means is HubSpot's rule in NOTES.md, as the local
 * endpoint's CompletionValidator checks it.
 */
class TypedValuesTest {
  private static final long NOON = 1714564800000L; // 2024-05-01T12:00:00Z
  private static final long MIDNIGHT = 1714521600000L; // 2024-05-01T00:00:00Z

  private static PropertyDefinition prop(String name, PropertyType type, String... options) {
    return new PropertyDefinition(name, type, new LinkedHashSet<>(Arrays.asList(options)));
  }

  private static String format(PropertyDefinition p, Object value, Schema schema) {
    try {
      return TypedValues.format(p, p.name(), value, schema);
    } catch (ValueFormatter.Unformattable e) {
      throw new InvalidRecordException("unformattable: " + e.getMessage());
    }
  }

  private static Object[] row(Object value, String sent) {
    return new Object[] {value, sent};
  }

  private static void accepts(PropertyDefinition p, Object[]... rows) {
    for (Object[] r : rows) {
      assertThat(format(p, r[0], null)).as("%s of %s", r[0], p).isEqualTo(r[1]);
      // and what is sent keeps HubSpot's rule for the type
      String sent = (String) r[1];
      switch (p.type()) {
        case NUMBER:
          assertThat(TypedValues.isNumber(sent)).as(sent).isTrue();
          break;
        case DATE:
          assertThat(Long.parseLong(sent) % 86_400_000L).as(sent).isZero();
          break;
        case DATETIME:
          assertThat(sent).as(sent).matches("-?[0-9]{1,18}");
          break;
        default:
          break;
      }
    }
  }

  private static void refuses(PropertyDefinition p, Object value, String message) {
    assertThatThrownBy(() -> format(p, value, null)).as("%s of %s", value, p)
        .isInstanceOf(InvalidRecordException.class)
        .hasMessage(message);
  }

  // ---- number

  private static final PropertyDefinition AMOUNT = prop("amount", PropertyType.NUMBER);
  private static final String NOT_A_NUMBER = "property 'amount' (number) is a String that is not a"
      + " plain number: HubSpot takes digits with an optional leading '-' and at most one decimal"
      + " point (no exponent, grouping or unit)";

  @Test
  void numberAcceptsNumbersAndNumericStringsInPlainNotation() {
    accepts(AMOUNT,
        row(42, "42"),
        row(42L, "42"),
        row((short) 7, "7"),
        row((byte) -3, "-3"),
        row(new BigInteger("123456789012345678901234567890"), "123456789012345678901234567890"),
        row(new BigDecimal("12.50"), "12.50"),
        row(new BigDecimal("1E+3"), "1000"),
        row(12.0, "12"),
        row(1.5E10, "15000000000"),
        row(-0.25, "-0.25"),
        row(1.0E-7, "0.0000001"),
        row(2.5f, "2.5"),
        row(" 12.5 ", "12.5"),
        row("-3", "-3"),
        row("0.5", "0.5"),
        row("007", "007"));
  }

  @Test
  void numberRefusesWhatIsNoPlainNumber() {
    for (String s : List.of("12 units", "", "   ", "1e5", "1E5", "1,000", "+5", "1.2.3", "-", ".",
        "NaN", "Infinity", "0x1F", "１２")) {
      refuses(AMOUNT, s, NOT_A_NUMBER);
    }
    refuses(AMOUNT, true, "property 'amount' (number) is a Boolean: HubSpot takes digits with an"
        + " optional leading '-' and at most one decimal point (no exponent, grouping or unit)");
    refuses(AMOUNT, new Date(NOON), "property 'amount' (number) is a Date: HubSpot takes digits"
        + " with an optional leading '-' and at most one decimal point (no exponent, grouping or"
        + " unit)");
    refuses(AMOUNT, List.of(1), "property 'amount' (number) is a List: HubSpot takes digits with"
        + " an optional leading '-' and at most one decimal point (no exponent, grouping or unit)");
    assertThatThrownBy(() -> format(AMOUNT, Double.NaN, null))
        .hasMessage("unformattable: value NaN is not a valid HubSpot number (digits with at most"
            + " one decimal point)");
    assertThatThrownBy(() -> format(AMOUNT, Float.POSITIVE_INFINITY, null))
        .hasMessage("unformattable: value Infinity is not a valid HubSpot number (digits with at"
            + " most one decimal point)");
  }

  @Test
  void numberRefusalQuotesNoValue() {
    assertThatThrownBy(() -> format(AMOUNT, "ada@example.com", null))
        .hasMessageNotContaining("ada");
  }

  // ---- datetime

  private static final PropertyDefinition SIGNED_AT = prop("signed_at", PropertyType.DATETIME);

  @Test
  void datetimeAcceptsEveryTimeInputAsEpochMillis() {
    accepts(SIGNED_AT,
        row(new Date(NOON + 123), Long.toString(NOON + 123)),
        row(NOON, Long.toString(NOON)),
        row(new BigDecimal("1714564800000.000"), Long.toString(NOON)),
        row(BigInteger.valueOf(NOON), Long.toString(NOON)),
        row("2024-05-01T12:00:00Z", Long.toString(NOON)),
        row("2024-05-01T14:00:00+02:00", Long.toString(NOON)),
        row("2024-05-01T12:00:00.123456789Z", Long.toString(NOON + 123)),
        row("2024-05-01", Long.toString(MIDNIGHT)),
        row(" 1714564800000 ", Long.toString(NOON)));
    assertThat(format(SIGNED_AT, new Date(NOON), Timestamp.SCHEMA)).isEqualTo(Long.toString(NOON));
    assertThat(format(SIGNED_AT, new Date(MIDNIGHT), org.apache.kafka.connect.data.Date.SCHEMA))
        .isEqualTo(Long.toString(MIDNIGHT));
  }

  @Test
  void datetimeRefusesWhatIsNoTime() {
    refuses(SIGNED_AT, "yesterday", "property 'signed_at' (datetime) is not an ISO-8601 date-time"
        + " (e.g. 2024-05-01T12:00:00Z)");
    refuses(SIGNED_AT, "", "property 'signed_at' (datetime) is not an ISO-8601 date-time"
        + " (e.g. 2024-05-01T12:00:00Z)");
    refuses(SIGNED_AT, 1714564800L, "property 'signed_at' (datetime) is before 1973 as epoch"
        + " milliseconds: is it in seconds? (expected epoch milliseconds)");
    refuses(SIGNED_AT, "1714564800", "property 'signed_at' (datetime) is before 1973 as epoch"
        + " milliseconds: is it in seconds? (expected epoch milliseconds)");
    refuses(SIGNED_AT, "99999999999999999999", "property 'signed_at' (datetime) is after the year"
        + " 9999 as epoch milliseconds");
    refuses(SIGNED_AT, true, "property 'signed_at' (datetime) is a Boolean: expected a Timestamp,"
        + " a Date, epoch milliseconds or an ISO-8601 string");
    refuses(SIGNED_AT, 1.7145648E12, "property 'signed_at' (datetime) is a Double: expected a"
        + " Timestamp, a Date, epoch milliseconds or an ISO-8601 string");
    assertThatThrownBy(() -> format(SIGNED_AT, new Date(3_600_000L), Time.SCHEMA))
        .hasMessage("property 'signed_at' (datetime) is a Connect Time (a time of day): expected"
            + " a Timestamp, a Date, epoch milliseconds or an ISO-8601 string");
  }

  // ---- date

  private static final PropertyDefinition TRIAL_END = prop("trial_end", PropertyType.DATE);
  private static final String NOT_MIDNIGHT = "property 'trial_end' (date) is not at midnight UTC: a"
      + " date property takes a day: a Connect Date, YYYY-MM-DD, or a time at midnight UTC";

  @Test
  void dateAcceptsADayAsEpochMillisOfItsMidnightUtc() {
    accepts(TRIAL_END,
        row(new Date(MIDNIGHT), Long.toString(MIDNIGHT)),
        row("2024-05-01", Long.toString(MIDNIGHT)),
        row(MIDNIGHT, Long.toString(MIDNIGHT)),
        row("2024-05-01T00:00:00Z", Long.toString(MIDNIGHT)),
        row("2024-05-01T00:00:00+00:00", Long.toString(MIDNIGHT)),
        row("2024-05-01T02:00:00+02:00", Long.toString(MIDNIGHT)),
        row(Long.toString(MIDNIGHT), Long.toString(MIDNIGHT)));
    assertThat(format(TRIAL_END, new Date(MIDNIGHT), org.apache.kafka.connect.data.Date.SCHEMA))
        .isEqualTo(Long.toString(MIDNIGHT));
    assertThat(format(TRIAL_END, "1960-01-01", null)).isEqualTo("-315619200000");
  }

  @Test
  void dateRefusesATimeOfDayRatherThanShiftingTheDay() {
    refuses(TRIAL_END, "2024-05-01T12:00:00Z", NOT_MIDNIGHT);
    refuses(TRIAL_END, NOON, NOT_MIDNIGHT);
    refuses(TRIAL_END, new Date(NOON), NOT_MIDNIGHT);
    refuses(TRIAL_END, "2024-05-01T00:00:00+02:00", NOT_MIDNIGHT);
    refuses(TRIAL_END, "2024-05-01T00:00:00.001Z", NOT_MIDNIGHT);
    refuses(TRIAL_END, "May 1", "property 'trial_end' (date) is not an ISO-8601 date-time (e.g."
        + " 2024-05-01T12:00:00Z): a date property takes a day: a Connect Date, YYYY-MM-DD, or a"
        + " time at midnight UTC");
    refuses(TRIAL_END, "2024-13-01", "property 'trial_end' (date) is not an ISO-8601 date-time"
        + " (e.g. 2024-05-01T12:00:00Z): a date property takes a day: a Connect Date, YYYY-MM-DD,"
        + " or a time at midnight UTC");
  }

  // ---- enumeration

  private static final PropertyDefinition PLAN =
      prop("plan", PropertyType.ENUMERATION, "free", "pro", "enterprise");

  @Test
  void enumerationAcceptsDefinedOptionsFromAStringAListOrAnArray() {
    accepts(PLAN,
        row("pro", "pro"),
        row("free;pro", "free;pro"),
        row(List.of("free", "pro"), "free;pro"),
        row(List.of("enterprise"), "enterprise"),
        row("", ""));
    Schema array = SchemaBuilder.array(Schema.STRING_SCHEMA).build();
    assertThat(format(PLAN, List.of("pro", "free"), array)).isEqualTo("pro;free");
    PropertyDefinition flags = prop("flag", PropertyType.ENUMERATION, "true", "false", "1");
    assertThat(format(flags, true, null)).isEqualTo("true");
    assertThat(format(flags, 1, null)).isEqualTo("1");
  }

  @Test
  void enumerationRefusesAnUndefinedOptionNamingOptionPropertyAndOptions() {
    String options = "'free', 'pro', 'enterprise' (several are joined by ';')";
    refuses(PLAN, "gold", "property 'plan' (enumeration): option 'gold' is not one of its options "
        + options);
    refuses(PLAN, "Pro", "property 'plan' (enumeration): option 'Pro' is not one of its options "
        + options);
    refuses(PLAN, List.of("pro", "gold"), "property 'plan' (enumeration): option 'gold' is not one"
        + " of its options " + options);
    refuses(PLAN, "pro;", "property 'plan' (enumeration): option '' is not one of its options "
        + options);
    refuses(PLAN, Map.of("a", "pro"), "property 'plan' (enumeration) is a Map: HubSpot takes an"
        + " option, or a list of options joined by ';'");
    assertThatThrownBy(() -> format(PLAN, List.of("pro;free"), null))
        .hasMessage("unformattable: an array element contains ';', HubSpot's separator of"
            + " enumeration options");
    assertThatThrownBy(() -> format(PLAN, List.of(List.of("pro")), null))
        .hasMessage("unformattable: an array of arrays, maps or structs has no HubSpot property"
            + " type");
  }

  @Test
  void enumerationMessageIsBounded() {
    Set<String> many = IntStream.range(0, 25).mapToObj(i -> "o" + i)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    PropertyDefinition big = new PropertyDefinition("size", PropertyType.ENUMERATION, many);
    String option = "x".repeat(200) + "\u0000";
    assertThatThrownBy(() -> format(big, option, null))
        .hasMessage("property 'size' (enumeration): option '" + "x".repeat(64) + "...' (201"
            + " characters) is not one of its options 'o0', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6',"
            + " 'o7', 'o8', 'o9' and 15 more (several are joined by ';')");
    assertThatThrownBy(() -> format(big, "y".repeat(600), null))
        .hasMessage("unformattable: value has more than 256 characters");
  }

  // ---- string and types this connector does not know: as without a definition

  @Test
  void stringAndOtherTypesAreFormattedAsWithoutADefinition() throws Exception {
    for (PropertyType type : List.of(PropertyType.STRING, PropertyType.OTHER)) {
      PropertyDefinition p = prop("note", type);
      for (Object v : List.of("12 units", 42, 1.5E10, true, List.of("a", "b"), new Date(NOON))) {
        assertThat(format(p, v, null)).as("%s %s", type, v)
            .isEqualTo(ValueFormatter.format(v, null, 256));
      }
    }
    assertThat(format(prop("note", PropertyType.STRING), null, null)).isNull();
  }
}
