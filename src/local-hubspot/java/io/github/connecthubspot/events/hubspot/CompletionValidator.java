package io.github.connecthubspot.events.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates one event completion (the body of {@code /events/v3/send}, or one element of a batch's
 * {@code inputs}) against the rules of HubSpot's custom behavioral events guide and NOTES.md, written
 * independently of the connector. Thread-safe and allocation-light: it runs on the hot path.
 *
 * <p>Codes used in {@link Violation#code()} (simulator-specific): {@code REQUIRED}, {@code INVALID_TYPE},
 * {@code MISSING_IDENTIFIER}, {@code INVALID_EMAIL}, {@code INVALID_DATETIME}, {@code INVALID_EVENT_NAME},
 * {@code TOO_MANY_PROPERTIES}, {@code INVALID_PROPERTY_NAME}, {@code PROPERTY_NAME_TOO_LONG},
 * {@code VALUE_TOO_LONG}, {@code INVALID_OPTION}, {@code INVALID_NUMBER}, {@code INVALID_DATE},
 * {@code UNKNOWN_EVENT}, {@code UNKNOWN_PROPERTY}.
 */
public final class CompletionValidator {

  public static final int MAX_PROPERTIES = 50;
  public static final int MAX_PROPERTY_NAME_LENGTH = 50;
  public static final int MAX_VALUE_LENGTH = 256;
  public static final int MAX_URL_VALUE_LENGTH = 1024;

  /** Values of {@code hs_page_content_type} and {@code hs_asset_type}, from the guide. */
  public static final Set<String> ASSET_TYPES =
      new LinkedHashSet<>(
          List.of(
              "STANDARD_PAGE",
              "LANDING_PAGE",
              "BLOG_POST",
              "KNOWLEDGE_ARTICLE",
              "AD",
              "CALL",
              "CONTACT_IMPORT",
              "CONVERSATION",
              "CUSTOM_BEHAVIORAL_EVENT_NAME",
              "EMAIL",
              "EXTERNAL_PAGE",
              "INTEGRATIONS",
              "MARKETING_EVENT",
              "MEDIA_BRIDGE",
              "MEETING",
              "SALES_EMAIL",
              "SEQUENCE",
              "SOCIAL_POST",
              "OTHER"));

  /** Values of {@code hs_touchpoint_source}, from the guide. */
  public static final Set<String> TOUCHPOINT_SOURCES =
      new LinkedHashSet<>(
          List.of(
              "CONVERSATION",
              "DIRECT_TRAFFIC",
              "EMAIL_MARKETING",
              "HUBSPOT_CRM",
              "INTEGRATION",
              "MARKETING_EVENT",
              "OFFLINE",
              "ORGANIC_SEARCH",
              "OTHER_CAMPAIGNS",
              "PAID_SEARCH",
              "PAID_SOCIAL",
              "REFERRALS",
              "SALES",
              "SOCIAL_MEDIA"));

  /** The guide's CUSTOM_BEHAVIORAL_EVENT_NAME row means "the internal name of an event": accept those too. */
  private static final Pattern EVENT_INTERNAL_NAME = Pattern.compile("pe\\d+_[a-z0-9_]+");

  static final Pattern EMAIL =
      Pattern.compile(
          "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");

  private static final long DAY_MILLIS = 86_400_000L;

  private final Map<String, EventDefinition> definitions;
  private final boolean rejectUnknownEvents;
  private final boolean rejectUnknownProperties;
  private final String requiredEventNamePrefix;

  /**
   * @param definitions known event definitions; when empty every event name and property is accepted
   *     (structural rules still apply)
   * @param rejectUnknownEvents with definitions, whether an event name that is not defined fails
   * @param rejectUnknownProperties with definitions, whether a property the event does not define fails
   * @param portalId when not null, event names must be {@code pe<portalId>_<lower-case name>}
   */
  public CompletionValidator(
      Collection<EventDefinition> definitions,
      boolean rejectUnknownEvents,
      boolean rejectUnknownProperties,
      Long portalId) {
    Map<String, EventDefinition> m = new LinkedHashMap<>();
    for (EventDefinition d : definitions) {
      m.put(d.name(), d);
    }
    this.definitions = m;
    this.rejectUnknownEvents = rejectUnknownEvents;
    this.rejectUnknownProperties = rejectUnknownProperties;
    this.requiredEventNamePrefix = portalId == null ? null : "pe" + portalId + "_";
  }

  /** A validator with no definitions: structural rules only. */
  public static CompletionValidator structuralOnly() {
    return new CompletionValidator(List.of(), true, true, null);
  }

  /**
   * Validates a completion.
   *
   * @param completion the parsed completion
   * @param prefix prepended to every {@link Violation#in()}: {@code ""} for a single send,
   *     {@code "inputs[3]."} for a batch element
   * @return the violations, empty when valid
   */
  public List<Violation> validate(JsonNode completion, String prefix) {
    List<Violation> out = new ArrayList<>(0);
    if (completion == null || !completion.isObject()) {
      String in = prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1);
      out.add(new Violation(in, "INVALID_TYPE", "An event completion must be a JSON object"));
      return out;
    }

    // eventName
    EventDefinition definition = null;
    JsonNode eventName = completion.get("eventName");
    if (eventName == null || eventName.isNull()) {
      out.add(new Violation(prefix + "eventName", "REQUIRED", "This property is required"));
    } else if (!eventName.isTextual() || eventName.asText().isBlank()) {
      out.add(new Violation(prefix + "eventName", "INVALID_TYPE", "eventName must be a non-empty string"));
    } else {
      String name = eventName.asText();
      if (requiredEventNamePrefix != null && !isQualifiedName(name)) {
        out.add(
            new Violation(
                prefix + "eventName",
                "INVALID_EVENT_NAME",
                "eventName '"
                    + name
                    + "' is not a fully qualified internal name: expected "
                    + requiredEventNamePrefix
                    + "<name> in lower case"));
      }
      if (!definitions.isEmpty()) {
        definition = definitions.get(name);
        if (definition == null) {
          if (rejectUnknownEvents) {
            out.add(
                new Violation(
                    prefix + "eventName",
                    "UNKNOWN_EVENT",
                    "Event '" + name + "' is not defined in this account"));
          }
        }
      }
    }

    // identifiers
    boolean hasIdentifier = false;
    for (String field : new String[] {"email", "objectId", "utk"}) {
      JsonNode v = completion.get(field);
      if (v == null || v.isNull()) {
        continue;
      }
      boolean ok = v.isTextual() || ("objectId".equals(field) && v.isIntegralNumber());
      if (!ok) {
        out.add(new Violation(prefix + field, "INVALID_TYPE", field + " must be a string"));
        hasIdentifier = true; // reported as a type error, not as missing
        continue;
      }
      String s = v.asText();
      if (s.isBlank()) {
        continue;
      }
      hasIdentifier = true;
      if ("email".equals(field) && !isValidEmail(s)) {
        out.add(new Violation(prefix + "email", "INVALID_EMAIL", "Invalid email address '" + s + "'"));
      }
    }
    if (!hasIdentifier) {
      out.add(
          new Violation(
              prefix + "identifier",
              "MISSING_IDENTIFIER",
              "One of email, objectId or utk is required to identify the contact"));
    }

    // occurredAt
    JsonNode occurredAt = completion.get("occurredAt");
    if (occurredAt != null && !occurredAt.isNull() && !isValidOccurredAt(occurredAt)) {
      out.add(
          new Violation(
              prefix + "occurredAt",
              "INVALID_DATETIME",
              "occurredAt must be an ISO-8601 date-time with offset (e.g. 2026-01-15T10:00:00Z) or epoch"
                  + " milliseconds, got '"
                  + (occurredAt.isValueNode() ? occurredAt.asText() : occurredAt.toString())
                  + "'"));
    }

    // uuid
    JsonNode uuid = completion.get("uuid");
    if (uuid != null && !uuid.isNull() && (!uuid.isTextual() || uuid.asText().isEmpty())) {
      out.add(new Violation(prefix + "uuid", "INVALID_TYPE", "uuid must be a non-empty string"));
    }

    // properties
    JsonNode properties = completion.get("properties");
    if (properties == null || properties.isNull()) {
      out.add(new Violation(prefix + "properties", "REQUIRED", "This property is required"));
    } else if (!properties.isObject()) {
      out.add(
          new Violation(
              prefix + "properties", "INVALID_TYPE", "properties must be an object of string values"));
    } else {
      validateProperties(properties, definition, prefix, out);
    }
    return out;
  }

  private boolean isQualifiedName(String name) {
    if (!name.startsWith(requiredEventNamePrefix) || name.length() == requiredEventNamePrefix.length()) {
      return false;
    }
    for (int i = requiredEventNamePrefix.length(); i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }

  private void validateProperties(
      JsonNode properties,
      EventDefinition definition,
      String prefix,
      List<Violation> out) {
    int count = properties.size();
    if (count > MAX_PROPERTIES) {
      out.add(
          new Violation(
              prefix + "properties",
              "TOO_MANY_PROPERTIES",
              "At most " + MAX_PROPERTIES + " properties are allowed per event completion, got " + count));
    }
    Iterator<Map.Entry<String, JsonNode>> it = properties.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode value = e.getValue();
      String in = prefix + "properties." + name;
      if (!isValidPropertyName(name)) {
        out.add(
            new Violation(
                in,
                "INVALID_PROPERTY_NAME",
                "Property name '"
                    + name
                    + "' is invalid: internal names must start with a letter and contain only lowercase"
                    + " letters a-z, numbers 0-9 and underscores"));
        continue;
      }
      if (name.length() > MAX_PROPERTY_NAME_LENGTH) {
        out.add(
            new Violation(
                in,
                "PROPERTY_NAME_TOO_LONG",
                "Property name '"
                    + name
                    + "' is "
                    + name.length()
                    + " characters long; at most "
                    + MAX_PROPERTY_NAME_LENGTH
                    + " are allowed"));
        continue;
      }
      if (value == null || !value.isTextual()) {
        out.add(
            new Violation(
                in,
                "INVALID_TYPE",
                "Value of property '"
                    + name
                    + "' must be a string, got "
                    + (value == null ? "null" : value.getNodeType().name().toLowerCase(java.util.Locale.ROOT))));
        continue;
      }
      String s = value.textValue();
      int max = isUrlLike(name) ? MAX_URL_VALUE_LENGTH : MAX_VALUE_LENGTH;
      if (s.length() > max) {
        int cps = s.codePointCount(0, s.length());
        if (cps > max) {
          out.add(
              new Violation(
                  in,
                  "VALUE_TOO_LONG",
                  "Value of property '" + name + "' is " + cps + " characters long; at most " + max + " are allowed"));
          continue;
        }
      }
      // Built-in enumerations of the guide.
      if ("hs_page_content_type".equals(name) || "hs_asset_type".equals(name)) {
        if (!ASSET_TYPES.contains(s) && !EVENT_INTERNAL_NAME.matcher(s).matches()) {
          out.add(invalidOption(in, name, s, ASSET_TYPES));
          continue;
        }
      } else if ("hs_touchpoint_source".equals(name)) {
        if (!TOUCHPOINT_SOURCES.contains(s)) {
          out.add(invalidOption(in, name, s, TOUCHPOINT_SOURCES));
          continue;
        }
      }
      // Known definitions.
      if (definition != null) {
        EventDefinition.PropertyDefinition pd = definition.properties().get(name);
        if (pd == null) {
          if (rejectUnknownProperties && !EventDefinition.DEFAULT_PROPERTIES.contains(name)) {
            out.add(
                new Violation(
                    in,
                    "UNKNOWN_PROPERTY",
                    "Property '" + name + "' is not defined for event '" + definition.name() + "'"));
          }
          continue;
        }
        Violation typed = checkType(in, pd, s);
        if (typed != null) {
          out.add(typed);
        }
      }
    }
  }

  private static Violation invalidOption(String in, String name, String value, Set<String> allowed) {
    return new Violation(
        in,
        "INVALID_OPTION",
        "'" + value + "' is not a valid option for property '" + name + "'; allowed: " + String.join(", ", allowed));
  }

  /** Checks a value against a defined property type; null when valid. */
  static Violation checkType(String in, EventDefinition.PropertyDefinition pd, String s) {
    String name = pd.name();
    switch (pd.type()) {
      case STRING:
        return null;
      case NUMBER:
        return isValidNumber(s)
            ? null
            : new Violation(
                in,
                "INVALID_NUMBER",
                "'"
                    + s
                    + "' is not a valid number for property '"
                    + name
                    + "': use digits with an optional leading '-' and at most one decimal point");
      case DATE:
        return isValidDate(s)
            ? null
            : new Violation(
                in,
                "INVALID_DATE",
                "'"
                    + s
                    + "' is not a valid date for property '"
                    + name
                    + "': use epoch milliseconds at midnight UTC or YYYY-MM-DD");
      case DATETIME:
        return isValidDateTimeText(s)
            ? null
            : new Violation(
                in,
                "INVALID_DATETIME",
                "'"
                    + s
                    + "' is not a valid datetime for property '"
                    + name
                    + "': use epoch milliseconds or an ISO-8601 date-time with offset");
      case ENUMERATION:
        if (s.isEmpty()) {
          return null; // no option selected
        }
        int start = 0;
        while (true) {
          int semi = s.indexOf(';', start);
          String option = semi < 0 ? s.substring(start) : s.substring(start, semi);
          if (!pd.options().contains(option)) {
            return new Violation(
                in,
                "INVALID_OPTION",
                "'"
                    + option
                    + "' is not an option of enumeration property '"
                    + name
                    + "'; options: "
                    + String.join(", ", pd.options())
                    + " (several separated by ';')");
          }
          if (semi < 0) {
            return null;
          }
          start = semi + 1;
        }
      default:
        throw new AssertionError(pd.type());
    }
  }

  /** {@code [a-z][a-z0-9_]*}. */
  static boolean isValidPropertyName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    char first = name.charAt(0);
    if (first < 'a' || first > 'z') {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** Names containing url, referrer or link take values up to 1024 characters. */
  static boolean isUrlLike(String name) {
    return name.contains("url") || name.contains("referrer") || name.contains("link");
  }

  /** Optional leading '-', then digits with at most one decimal point; at least one digit; no exponent. */
  static boolean isValidNumber(String s) {
    int i = 0;
    int n = s.length();
    if (n > 0 && s.charAt(0) == '-') {
      i = 1;
    }
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

  private static boolean isEpochMillis(String s) {
    int n = s.length();
    int i = n > 0 && s.charAt(0) == '-' ? 1 : 0;
    if (i == n || n - i > 18) {
      return false;
    }
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Epoch millis at midnight UTC, or YYYY-MM-DD. */
  static boolean isValidDate(String s) {
    if (isEpochMillis(s)) {
      return Math.floorMod(Long.parseLong(s), DAY_MILLIS) == 0;
    }
    if (s.length() != 10) {
      return false;
    }
    try {
      LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** Epoch millis, or an ISO-8601 date-time with an offset or zone. */
  static boolean isValidDateTimeText(String s) {
    if (isEpochMillis(s) || isCommonIsoOffsetDateTime(s)) {
      return true;
    }
    // Less common shapes (no seconds, zone ids, out-of-range fields): java.time decides.
    try {
      OffsetDateTime.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      try {
        ZonedDateTime.parse(s);
        return true;
      } catch (DateTimeParseException e2) {
        return false;
      }
    }
  }

  /**
   * Fast path (java.time parsing dominated the simulator's profile) for the usual shape
   * {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+HH:MM|-HH:MM)}, with the same ranges java.time enforces.
   * False means "not this shape or invalid"; the caller then asks java.time.
   */
  static boolean isCommonIsoOffsetDateTime(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return false;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 59) {
      return false;
    }
    if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return false;
    }
    int i = 19;
    if (i < n && s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == start || i - start > 9) {
        return false;
      }
    }
    if (i == n - 1) {
      return s.charAt(i) == 'Z';
    }
    if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      return oh >= 0 && om >= 0 && om <= 59 && (oh < 18 || (oh == 18 && om == 0));
    }
    return false;
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /**
   * Same language as {@link #EMAIL} without the regex engine: local part of
   * {@code [A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]}, '@', then at least two dot-separated labels of letters,
   * digits and inner hyphens.
   */
  static boolean isValidEmail(String s) {
    int at = s.indexOf('@');
    if (at <= 0 || at == s.length() - 1) {
      return false;
    }
    for (int i = 0; i < at; i++) {
      char c = s.charAt(i);
      if (!(isAlnum(c) || ".!#$%&'*+/=?^_`{|}~-".indexOf(c) >= 0)) {
        return false;
      }
    }
    int labels = 0;
    int start = at + 1;
    while (true) {
      int dot = s.indexOf('.', start);
      int end = dot < 0 ? s.length() : dot;
      if (end == start || s.charAt(start) == '-' || s.charAt(end - 1) == '-') {
        return false;
      }
      for (int i = start; i < end; i++) {
        char c = s.charAt(i);
        if (!(isAlnum(c) || c == '-')) {
          return false;
        }
      }
      labels++;
      if (dot < 0) {
        return labels >= 2;
      }
      start = dot + 1;
    }
  }

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  static boolean isValidOccurredAt(JsonNode v) {
    if (v.isIntegralNumber()) {
      return v.canConvertToLong();
    }
    return v.isTextual() && isValidDateTimeText(v.textValue());
  }
}
