package io.github.connecthubspot.events.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * HubSpot's rules for one property of an occurrence: its internal name, the length of its value,
 * and the options of HubSpot's own enumerations. Used by the mapping for every record and by the
 * config for {@code properties.static}, so both refuse the same values with the same words.
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
  /** An event's internal name, which content-type properties also take (CUSTOM_BEHAVIORAL_EVENT_NAME). */
  private static final Pattern EVENT_INTERNAL_NAME = Pattern.compile("pe[0-9]{1,19}_[a-z0-9_]{1,100}");

  private PropertyRules() {}

  /** The first rule property {@code name} with {@code value} breaks, as a message naming both rule and name. */
  public static Optional<String> check(String name, String value) {
    if (!PropertyNames.isValid(name)) {
      return Optional.of("property '" + name + "' is not a valid HubSpot internal name ("
          + PropertyNames.NAME_RULE + ")");
    }
    Optional<String> tooLong = valueTooLong(name, value);
    if (tooLong.isPresent()) {
      return tooLong;
    }
    List<String> options = ENUMERATIONS.get(name);
    if (options != null && !options.contains(value)
        && !(CONTENT_TYPE_PROPERTIES.contains(name) && EVENT_INTERNAL_NAME.matcher(value).matches())) {
      return Optional.of("property '" + name + "' value is not one of HubSpot's options " + options);
    }
    return Optional.empty();
  }

  /** Why {@code value} is too long for property {@code name}, if it is (counted in code points). */
  public static Optional<String> valueTooLong(String name, String value) {
    int max = PropertyNames.maxValueLength(name);
    if (value.length() <= max) {
      return Optional.empty(); // UTF-16 units bound code points from above
    }
    int length = value.codePointCount(0, value.length());
    if (length <= max) {
      return Optional.empty();
    }
    return Optional.of("property '" + name + "' value has " + length + " characters: HubSpot"
        + " accepts at most " + max
        + (PropertyNames.isUrlLike(name) ? " for url, referrer and link properties" : ""));
  }
}
