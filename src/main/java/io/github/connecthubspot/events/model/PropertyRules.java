package io.github.connecthubspot.events.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * HubSpot's rules for one property of an occurrence: its internal name, the length of its value
 * (in code points), and the options of HubSpot's own enumerations. The mapping checks every record
 * against them and the config checks {@code properties.static} against them, so both refuse the
 * same values with the same words. Every check is one linear pass, without regular expressions.
 */
public final class PropertyRules {
  public static final List<String> CONTENT_TYPES = List.of(
      "STANDARD_PAGE", "LANDING_PAGE", "BLOG_POST", "KNOWLEDGE_ARTICLE", "AD", "CALL",
      "CONTACT_IMPORT", "CONVERSATION", "CUSTOM_BEHAVIORAL_EVENT_NAME", "EMAIL", "EXTERNAL_PAGE",
      "INTEGRATIONS", "MARKETING_EVENT", "MEDIA_BRIDGE", "MEETING", "SALES_EMAIL", "SEQUENCE",
      "SOCIAL_POST", "OTHER");
  public static final List<String> TOUCHPOINT_SOURCES = List.of(
      "CONVERSATION", "DIRECT_TRAFFIC", "EMAIL_MARKETING", "HUBSPOT_CRM", "INTEGRATION",
      "MARKETING_EVENT", "OFFLINE", "ORGANIC_SEARCH", "OTHER_CAMPAIGNS", "PAID_SEARCH",
      "PAID_SOCIAL", "REFERRALS", "SALES", "SOCIAL_MEDIA");
  private static final Map<String, List<String>> ENUMERATIONS = Map.of(
      "hs_page_content_type", CONTENT_TYPES,
      "hs_asset_type", CONTENT_TYPES,
      "hs_touchpoint_source", TOUCHPOINT_SOURCES);
  private static final Set<String> CONTENT_TYPE_PROPERTIES = Set.of("hs_page_content_type", "hs_asset_type");
  /** The most characters of a name (a property name, an event name) quoted in a message. */
  public static final int MAX_QUOTED_LENGTH = 64;

  private PropertyRules() {}

  /** The first rule property {@code name} with {@code value} breaks, as a message naming both rule and name. */
  public static Optional<String> check(String name, String value) {
    if (!PropertyNames.isValid(name)) {
      return Optional.of("property " + quoted(name) + " is not a valid HubSpot internal name ("
          + PropertyNames.NAME_RULE + ")");
    }
    return checkValue(name, value);
  }

  /**
   * The first rule {@code value} breaks as the value of property {@code name}, whose name is
   * valid ({@link PropertyNames#isValid}): the rules {@link #check} applies after the name's.
   */
  public static Optional<String> checkValue(String name, String value) {
    Optional<String> tooLong = valueTooLong(name, value);
    if (tooLong.isPresent()) {
      return tooLong;
    }
    List<String> options = name.startsWith("hs_") ? ENUMERATIONS.get(name) : null; // all are hs_
    if (options != null && !options.contains(value)
        && !(CONTENT_TYPE_PROPERTIES.contains(name) && isEventInternalName(value))) {
      return Optional.of("property '" + name + "' value is not one of HubSpot's options " + options);
    }
    return Optional.empty();
  }

  /** Why {@code value} is too long for property {@code name}, if it is. */
  public static Optional<String> valueTooLong(String name, String value) {
    if (value.length() <= PropertyNames.MAX_VALUE_LENGTH // within every property's limit
        || value.length() <= PropertyNames.maxValueLength(name)) {
      return Optional.empty(); // UTF-16 units bound code points from above
    }
    int length = codePoints(value);
    return length <= PropertyNames.maxValueLength(name) ? Optional.empty()
        : Optional.of(valueTooLong(name, length));
  }

  /** The message for a value of {@code length} code points, more than property {@code name} takes. */
  public static String valueTooLong(String name, long length) {
    return tooLongMessage(name, Long.toString(length));
  }

  /** The message for a value known only to be longer than property {@code name} takes. */
  public static String valueLongerThanLimit(String name) {
    return tooLongMessage(name, "more than " + PropertyNames.maxValueLength(name));
  }

  private static String tooLongMessage(String name, String length) {
    return "property " + quoted(name) + " value has " + length + " characters: HubSpot accepts at"
        + " most " + PropertyNames.maxValueLength(name)
        + (PropertyNames.isUrlLike(name) ? " for url, referrer and link properties" : "");
  }

  /** Whether {@code s} is an event's internal name, {@code pe[0-9]+_[a-z0-9_]+}, in one pass. */
  public static boolean isEventInternalName(String s) {
    if (!s.startsWith("pe")) {
      return false;
    }
    int i = 2;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    if (i == 2 || i >= s.length() - 1 || s.charAt(i) != '_') {
      return false;
    }
    return PropertyNames.internalNameChars(s, i + 1);
  }

  /**
   * A name taken from a record, quoted for a message: at most {@value #MAX_QUOTED_LENGTH}
   * characters of it (then its length), control, format (e.g. right-to-left) and unpaired
   * surrogate characters shown as '?', so a message stays one short, readable line.
   */
  public static String quoted(String name) {
    int end = Math.min(name.length(), MAX_QUOTED_LENGTH);
    if (end < name.length() && Character.isHighSurrogate(name.charAt(end - 1))) {
      end--;
    }
    StringBuilder b = new StringBuilder(end + 32).append('\'');
    for (int i = 0; i < end; i++) {
      char ch = name.charAt(i);
      boolean pair = Character.isHighSurrogate(ch) && i + 1 < end
          && Character.isLowSurrogate(name.charAt(i + 1));
      if (pair) {
        b.append(ch).append(name.charAt(++i));
      } else if (Character.isSurrogate(ch) || Character.isISOControl(ch)
          || Character.getType(ch) == Character.FORMAT
          || Character.getType(ch) == Character.LINE_SEPARATOR
          || Character.getType(ch) == Character.PARAGRAPH_SEPARATOR) {
        b.append('?');
      } else {
        b.append(ch);
      }
    }
    if (end < name.length()) {
      return b.append("...' (").append(codePoints(name)).append(" characters)").toString();
    }
    return b.append('\'').toString();
  }

  public static int codePoints(String s) {
    return s.codePointCount(0, s.length());
  }
}
