package io.github.connecthubspot.events.mapping;

import io.github.connecthubspot.events.model.Completion;
import io.github.connecthubspot.events.model.PropertyNames;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * HubSpot's rules for an occurrence (NOTES.md, the custom behavioral events guide), checked before
 * sending so that a record that breaks one never reaches HubSpot. {@link #check} answers the first
 * rule broken, with a message that names the field and the rule.
 */
public final class HubSpotRules {
  public static final int MAX_PROPERTIES = 50;

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern EVENT_INTERNAL_NAME = Pattern.compile("pe[0-9]+_[a-z0-9_]+");

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
    if (!eventName.equals(eventName.toLowerCase(Locale.ROOT))) {
      return Optional.of("event name '" + eventName + "' must be lower case (HubSpot internal names are)");
    }
    if (portalId.isPresent() && !eventName.startsWith("pe" + portalId.get() + "_")) {
      return Optional.of("event name '" + eventName + "' must start with 'pe" + portalId.get()
          + "_' (hubspot.portal.id=" + portalId.get() + ")");
    }
    if (isBlank(c.email()) && isBlank(c.objectId()) && isBlank(c.utk())) {
      return Optional.of("no identifier: HubSpot needs one of email, objectId or utk");
    }
    if (!isBlank(c.email()) && !EMAIL.matcher(c.email()).matches()) {
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
        return Optional.of("properties '" + other + "' and '" + name + "' are the same name after"
            + " lower-casing and HubSpot would keep only one of them: rename or exclude one"
            + " (properties.rename, properties.exclude)");
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

  private static Optional<String> checkProperty(String name, String value) {
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

  /** Why {@code value} is too long for property {@code name}, if it is. */
  public static Optional<String> valueTooLong(String name, String value) {
    int max = PropertyNames.maxValueLength(name);
    int length = value.codePointCount(0, value.length());
    if (length <= max) {
      return Optional.empty();
    }
    return Optional.of("property '" + name + "' value has " + length + " characters: HubSpot"
        + " accepts at most " + max
        + (PropertyNames.isUrlLike(name) ? " for url, referrer and link properties" : ""));
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
