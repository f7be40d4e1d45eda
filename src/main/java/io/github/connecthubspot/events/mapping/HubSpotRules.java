package io.github.connecthubspot.events.mapping;

import io.github.connecthubspot.events.model.Completion;
import io.github.connecthubspot.events.model.PropertyNames;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * HubSpot's rules for an occurrence (NOTES.md, the custom behavioral events guide), checked before
 * sending so that a record that breaks one never reaches HubSpot. {@link #check} answers the first
 * rule broken, with a message that names the field and the rule.
 *
 * <p>Every identifier is bounded before it is looked at, and every check is one linear pass (no
 * regular expression), so a record of megabytes is refused in time proportional to its size.
 */
public final class HubSpotRules {
  public static final int MAX_PROPERTIES = 50;
  /**
   * The longest email: RFC 5321 caps a forward path at 256 octets, angle brackets included, so an
   * address has at most 254 characters (RFC 3696 erratum 1690).
   */
  public static final int MAX_EMAIL_LENGTH = 254;
  /**
   * The longest objectId, utk or uuid. HubSpot documents no cap; its record ids are 64-bit numbers
   * and a utk is 32 hex digits, and no value longer than a property value (256, NOTES.md) is one
   * HubSpot stores to match against.
   */
  public static final int MAX_IDENTIFIER_LENGTH = PropertyNames.MAX_VALUE_LENGTH;
  /**
   * The longest event name: an internal name is 'pe', a portal id (hubspot.portal.id takes at most
   * 19 digits), '_' and a name of at most 50 characters, 72 in all; 128 leaves room.
   */
  public static final int MAX_EVENT_NAME_LENGTH = 128;
  /** The most characters of a name (a property name, an event name) quoted in a message. */
  static final int MAX_QUOTED_LENGTH = 64;

  static final List<String> CONTENT_TYPES = List.of(
      "STANDARD_PAGE", "LANDING_PAGE", "BLOG_POST", "KNOWLEDGE_ARTICLE", "AD", "CALL",
      "CONTACT_IMPORT", "CONVERSATION", "CUSTOM_BEHAVIORAL_EVENT_NAME", "EMAIL", "EXTERNAL_PAGE",
      "INTEGRATIONS", "MARKETING_EVENT", "MEDIA_BRIDGE", "MEETING", "SALES_EMAIL", "SEQUENCE",
      "SOCIAL_POST", "OTHER");
  static final List<String> TOUCHPOINT_SOURCES = List.of(
      "CONVERSATION", "DIRECT_TRAFFIC", "EMAIL_MARKETING", "HUBSPOT_CRM", "INTEGRATION",
      "MARKETING_EVENT", "OFFLINE", "ORGANIC_SEARCH", "OTHER_CAMPAIGNS", "PAID_SEARCH",
      "PAID_SOCIAL", "REFERRALS", "SALES", "SOCIAL_MEDIA");
  private static final Map<String, List<String>> ENUMERATIONS = Map.of(
      "hs_page_content_type", CONTENT_TYPES,
      "hs_asset_type", CONTENT_TYPES,
      "hs_touchpoint_source", TOUCHPOINT_SOURCES);
  private static final Set<String> CONTENT_TYPE_PROPERTIES = Set.of("hs_page_content_type", "hs_asset_type");

  private final Optional<String> portalId;

  public HubSpotRules(Optional<String> portalId) {
    this.portalId = portalId;
  }

  /** The first rule {@code c} breaks, as a message naming the field and the rule. */
  public Optional<String> check(Completion c) {
    String eventName = c.eventName();
    if (eventName == null || eventName.isBlank()) {
      return Optional.of("event name is missing");
    }
    int eventNameLength = codePoints(eventName);
    if (eventNameLength > MAX_EVENT_NAME_LENGTH) {
      return Optional.of("event name has " + eventNameLength + " characters: HubSpot internal names"
          + " are at most " + MAX_EVENT_NAME_LENGTH);
    }
    if (!eventName.equals(eventName.toLowerCase(Locale.ROOT))) {
      return Optional.of("event name " + quoted(eventName)
          + " must be lower case (HubSpot internal names are)");
    }
    if (portalId.isPresent() && !eventName.startsWith("pe" + portalId.get() + "_")) {
      return Optional.of("event name " + quoted(eventName) + " must start with 'pe" + portalId.get()
          + "_' (hubspot.portal.id=" + portalId.get() + ")");
    }
    if (isBlank(c.email()) && isBlank(c.objectId()) && isBlank(c.utk())) {
      return Optional.of("no identifier: HubSpot needs one of email, objectId or utk");
    }
    Optional<String> tooLong = tooLong("email", c.email(), MAX_EMAIL_LENGTH)
        .or(() -> tooLong("objectId", c.objectId(), MAX_IDENTIFIER_LENGTH))
        .or(() -> tooLong("utk", c.utk(), MAX_IDENTIFIER_LENGTH))
        .or(() -> tooLong("uuid", c.uuid(), MAX_IDENTIFIER_LENGTH));
    if (tooLong.isPresent()) {
      return tooLong;
    }
    if (!isBlank(c.email()) && !isEmail(c.email())) {
      return Optional.of("email is not a valid email address");
    }
    Map<String, String> properties = c.properties();
    if (properties.size() > MAX_PROPERTIES) {
      return Optional.of(properties.size() + " properties: HubSpot accepts at most "
          + MAX_PROPERTIES + " per occurrence");
    }
    Map<String, String> byLowerCase = new HashMap<>();
    for (String name : properties.keySet()) {
      String other = byLowerCase.put(name.toLowerCase(Locale.ROOT), name);
      if (other != null) {
        return Optional.of("properties " + quoted(other) + " and " + quoted(name) + " are the same"
            + " name after lower-casing and HubSpot would keep only one of them: rename or exclude"
            + " one (properties.rename, properties.exclude)");
      }
    }
    for (Map.Entry<String, String> p : properties.entrySet()) {
      Optional<String> broken = checkProperty(p.getKey(), p.getValue());
      if (broken.isPresent()) {
        return broken;
      }
    }
    return Optional.empty();
  }

  /** The message for more properties than HubSpot accepts, when they were not all counted. */
  static String moreThanMaxProperties() {
    return "more than " + MAX_PROPERTIES + " properties: HubSpot accepts at most " + MAX_PROPERTIES
        + " per occurrence";
  }

  private static Optional<String> tooLong(String field, String value, int max) {
    if (value == null) {
      return Optional.empty();
    }
    int length = codePoints(value);
    return length <= max ? Optional.empty()
        : Optional.of(field + " has " + length + " characters: HubSpot accepts at most " + max);
  }

  /**
   * Whether {@code s} is shaped like an email, as the pattern {@code [^@\s]+@[^@\s]+\.[^@\s]+}
   * would say, in one pass: exactly one '@', not first, no whitespace, and a '.' in the domain with
   * a character on each side of it.
   */
  static boolean isEmail(String s) {
    int at = -1;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\u000B' || ch == '\f' || ch == '\r') {
        return false;
      }
      if (ch == '@') {
        if (at >= 0) {
          return false;
        }
        at = i;
      }
    }
    if (at <= 0) {
      return false;
    }
    int dot = s.indexOf('.', at + 2);
    return dot > 0 && dot < s.length() - 1;
  }

  /** Whether {@code s} is an event's internal name, {@code pe[0-9]+_[a-z0-9_]+}, in one pass. */
  static boolean isEventInternalName(String s) {
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
    for (i++; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) {
        return false;
      }
    }
    return true;
  }

  /**
   * A name taken from a record, quoted for a message: at most {@value #MAX_QUOTED_LENGTH}
   * characters of it (then its length), control, format (e.g. right-to-left) and unpaired
   * surrogate characters shown as '?', so a message stays one short, readable line.
   */
  static String quoted(String name) {
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

  private static Optional<String> checkProperty(String name, String value) {
    if (!PropertyNames.isValid(name)) {
      return Optional.of("property " + quoted(name) + " is not a valid HubSpot internal name ("
          + PropertyNames.NAME_RULE + ")");
    }
    Optional<String> tooLong = valueTooLong(name, value);
    if (tooLong.isPresent()) {
      return tooLong;
    }
    List<String> options = ENUMERATIONS.get(name);
    if (options != null && !options.contains(value)
        && !(CONTENT_TYPE_PROPERTIES.contains(name) && isEventInternalName(value))) {
      return Optional.of("property '" + name + "' value is not one of HubSpot's options " + options);
    }
    return Optional.empty();
  }

  /** Why {@code value} is too long for property {@code name}, if it is. */
  public static Optional<String> valueTooLong(String name, String value) {
    int length = codePoints(value);
    return length <= PropertyNames.maxValueLength(name) ? Optional.empty()
        : Optional.of(valueTooLong(name, length));
  }

  /** The message for a value of {@code length} code points, more than property {@code name} takes. */
  static String valueTooLong(String name, long length) {
    return tooLongMessage(name, Long.toString(length));
  }

  /** The message for a value known only to be longer than property {@code name} takes. */
  static String valueLongerThanLimit(String name) {
    return tooLongMessage(name, "more than " + PropertyNames.maxValueLength(name));
  }

  private static String tooLongMessage(String name, String length) {
    return "property " + quoted(name) + " value has " + length + " characters: HubSpot accepts at"
        + " most " + PropertyNames.maxValueLength(name)
        + (PropertyNames.isUrlLike(name) ? " for url, referrer and link properties" : "");
  }

  private static int codePoints(String s) {
    return s.codePointCount(0, s.length());
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
