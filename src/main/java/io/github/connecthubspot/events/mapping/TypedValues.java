package io.github.connecthubspot.events.mapping;

import io.github.connecthubspot.events.model.EventDefinition.PropertyDefinition;
import io.github.connecthubspot.events.model.EventDefinition.PropertyType;
import io.github.connecthubspot.events.model.PropertyNames;
import io.github.connecthubspot.events.model.PropertyRules;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * HubSpot's rules for the value of a property whose type the event's definition gives, checked and
 * applied before sending (one home for each): a {@code number} in plain notation, a {@code
 * datetime} as epoch milliseconds, a {@code date} as epoch milliseconds at midnight UTC, an {@code
 * enumeration} as defined options joined by {@code ;}. A {@code string}, and a type this connector
 * does not know, are formatted as without a definition ({@link ValueFormatter}).
 *
 * <p>A value that breaks its type's rule is an {@link InvalidRecordException} naming the property,
 * its type and the rule; it never quotes the value, except an enumeration option that is not
 * defined (bounded and made printable by {@link PropertyRules#quoted}). Every check is one linear
 * pass without regular expressions; a value is never longer than HubSpot keeps when it is checked.
 */
final class TypedValues {
  static final String NUMBER_RULE = "HubSpot takes digits with an optional leading '-' and at most"
      + " one decimal point (no exponent, grouping or unit)";
  static final String DATETIME_RULE = "HubSpot takes epoch milliseconds, made from a Timestamp, a"
      + " Date, epoch milliseconds or an ISO-8601 string";
  static final String DATE_RULE = "a date property takes a day: a Connect Date, YYYY-MM-DD, or"
      + " a time at midnight UTC";
  /** The most options a message lists. */
  static final int MAX_OPTIONS_LISTED = 10;
  private static final long DAY_SECONDS = 86_400L;

  private TypedValues() {}

  /**
   * The HubSpot string for {@code value} of the defined property {@code definition} (named {@code
   * name} in the occurrence), or null for a null value (left out).
   *
   * @throws ValueFormatter.Unformattable when the value cannot be written at all (too long, NaN):
   *     the caller words it as it words other values
   * @throws InvalidRecordException when the value breaks its type's rule
   */
  static String format(PropertyDefinition definition, String name, Object value, Schema schema)
      throws ValueFormatter.Unformattable {
    if (value == null) {
      return null;
    }
    int maxLength = PropertyNames.maxValueLength(name);
    switch (definition.type()) {
      case NUMBER:
        return number(name, value, schema, maxLength);
      case DATETIME:
        return Long.toString(instant(name, PropertyType.DATETIME, value, schema).toEpochMilli());
      case DATE:
        return date(name, value, schema);
      case ENUMERATION:
        return enumeration(definition, name, value, schema, maxLength);
      default:
        return ValueFormatter.format(value, schema, maxLength);
    }
  }

  /** "property 'name' (type)", the subject of every message here. */
  static String subject(String name, PropertyType type) {
    return "property " + PropertyRules.quoted(name) + " (" + type.name().toLowerCase(Locale.ROOT)
        + ")";
  }

  private static String number(String name, Object value, Schema schema, int maxLength)
      throws ValueFormatter.Unformattable {
    if (value instanceof Byte || value instanceof Short || value instanceof Integer
        || value instanceof Long || value instanceof BigInteger || value instanceof BigDecimal
        || value instanceof Float || value instanceof Double) {
      return ValueFormatter.format(value, schema, maxLength);
    }
    if (value instanceof String) {
      String s = ((String) value).trim();
      if (!isNumber(s)) {
        throw new InvalidRecordException(subject(name, PropertyType.NUMBER)
            + " is a String that is not a plain number: " + NUMBER_RULE);
      }
      return s;
    }
    throw new InvalidRecordException(subject(name, PropertyType.NUMBER) + " is a "
        + ValueFormatter.typeName(value) + ": " + NUMBER_RULE);
  }

  /** HubSpot's number: an optional '-', digits with at most one '.', at least one digit. */
  static boolean isNumber(String s) {
    int n = s.length();
    int i = n > 0 && s.charAt(0) == '-' ? 1 : 0;
    boolean digit = false;
    boolean dot = false;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c == '.' && !dot) {
        dot = true;
      } else {
        return false;
      }
    }
    return digit;
  }

  private static Instant instant(String name, PropertyType type, Object value, Schema schema) {
    try {
      return TimeValues.instant(value, schema);
    } catch (TimeValues.NotATime e) {
      throw new InvalidRecordException(subject(name, type) + " " + e.getMessage()
          + (type == PropertyType.DATE ? ": " + DATE_RULE : ""));
    }
  }

  private static String date(String name, Object value, Schema schema) {
    Instant day = instant(name, PropertyType.DATE, value, schema);
    if (day.getNano() != 0 || Math.floorMod(day.getEpochSecond(), DAY_SECONDS) != 0) {
      throw new InvalidRecordException(subject(name, PropertyType.DATE)
          + " is not at midnight UTC: " + DATE_RULE);
    }
    return Long.toString(day.toEpochMilli());
  }

  private static String enumeration(PropertyDefinition definition, String name, Object value,
      Schema schema, int maxLength) throws ValueFormatter.Unformattable {
    if (value instanceof Map || value instanceof Struct || value instanceof byte[]
        || value instanceof java.nio.ByteBuffer || value instanceof java.util.Date) {
      throw new InvalidRecordException(subject(name, PropertyType.ENUMERATION) + " is a "
          + ValueFormatter.typeName(value) + ": HubSpot takes an option, or a list of options"
          + " joined by ';'");
    }
    // A string as is; a list or array joined by ';'; a boolean or a number as its text.
    String joined = ValueFormatter.format(value, schema, maxLength);
    if (joined == null || joined.isEmpty()) {
      return joined; // no option chosen
    }
    if (joined.length() > 2L * maxLength) { // more than maxLength code points: never split
      throw ValueFormatter.Unformattable.longerThan(maxLength);
    }
    Set<String> options = definition.options();
    int semicolon = joined.indexOf(';');
    if (semicolon < 0) {
      check(options, name, joined);
      return joined;
    }
    int start = 0;
    while (true) {
      String option = semicolon < 0 ? joined.substring(start) : joined.substring(start, semicolon);
      check(options, name, option);
      if (semicolon < 0) {
        return joined;
      }
      start = semicolon + 1;
      semicolon = joined.indexOf(';', start);
    }
  }

  private static void check(Set<String> options, String name, String option) {
    if (!options.contains(option)) {
      throw new InvalidRecordException(subject(name, PropertyType.ENUMERATION) + ": option "
          + PropertyRules.quoted(option) + " is not one of its options " + listed(options)
          + " (several are joined by ';')");
    }
  }

  /** The options, quoted, at most {@link #MAX_OPTIONS_LISTED} of them. */
  static String listed(Set<String> options) {
    if (options.isEmpty()) {
      return "(it has none)";
    }
    StringBuilder b = new StringBuilder();
    Iterator<String> it = options.iterator();
    for (int i = 0; i < MAX_OPTIONS_LISTED && it.hasNext(); i++) {
      b.append(i == 0 ? "" : ", ").append(PropertyRules.quoted(it.next()));
    }
    if (options.size() > MAX_OPTIONS_LISTED) {
      b.append(" and ").append(options.size() - MAX_OPTIONS_LISTED).append(" more");
    }
    return b.toString();
  }
}
