package io.github.connecthubspot.events.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A known custom behavioral event definition: its fully qualified internal name
 * ({@code pe<portalId>_<name>}) and its custom properties with their types.
 *
 * <p>HubSpot's default event properties ({@link #DEFAULT_PROPERTIES}, all {@code hs_*}) are known for
 * every defined event and need not be listed.
 *
 * <p>File format accepted by {@link #load(Path)} (a JSON array, or an object with an {@code events} array):
 * <pre>{@code
 * [ { "name": "pe1234567_signed_up",
 *     "properties": [
 *       { "name": "plan", "type": "enumeration", "options": ["free", "pro"] },
 *       { "name": "amount", "type": "number" },
 *       { "name": "trial_end", "type": "date" },
 *       { "name": "signed_at", "type": "datetime" },
 *       { "name": "referrer_code", "type": "string" } ] } ]
 * }</pre>
 * {@code fullyQualifiedName} is accepted instead of {@code name}; options may also be objects with a
 * {@code value} and a {@code label} (as HubSpot's event-definitions API returns them); an event may
 * have a {@code primaryObject} (default {@code CONTACT}) and a {@code label}, a property a {@code label}.
 */
public final class EventDefinition {

  /** Property types of custom behavioral event properties. */
  public enum PropertyType {
    STRING,
    NUMBER,
    DATE,
    DATETIME,
    ENUMERATION;

    static PropertyType parse(String s) {
      switch (s.toLowerCase(Locale.ROOT)) {
        case "string":
          return STRING;
        case "number":
          return NUMBER;
        case "date":
          return DATE;
        case "datetime":
          return DATETIME;
        case "enumeration":
          return ENUMERATION;
        default:
          throw new IllegalArgumentException(
              "Unknown property type '" + s + "' (expected string, number, date, datetime or enumeration)");
      }
    }
  }

  /** One property of an event definition. {@code options} is empty unless type is ENUMERATION. */
  public static final class PropertyDefinition {
    private final String name;
    private final PropertyType type;
    private final Set<String> options;
    private final String label;
    private final Map<String, String> optionLabels;

    public PropertyDefinition(String name, PropertyType type, Set<String> options) {
      this(name, type, options, null, Map.of());
    }

    /**
     * @param label shown in HubSpot (the name when null)
     * @param optionLabels option value to its label (the value when absent)
     */
    public PropertyDefinition(String name, PropertyType type, Set<String> options, String label,
        Map<String, String> optionLabels) {
      this.name = Objects.requireNonNull(name, "name");
      this.type = Objects.requireNonNull(type, "type");
      this.options = Collections.unmodifiableSet(new LinkedHashSet<>(options));
      this.label = label == null ? name : label;
      this.optionLabels = Map.copyOf(optionLabels);
      if (type == PropertyType.ENUMERATION && this.options.isEmpty()) {
        throw new IllegalArgumentException("Enumeration property '" + name + "' needs options");
      }
    }

    public String label() {
      return label;
    }

    /** The label of option {@code value}. */
    public String optionLabel(String value) {
      return optionLabels.getOrDefault(value, value);
    }

    public String name() {
      return name;
    }

    public PropertyType type() {
      return type;
    }

    public Set<String> options() {
      return options;
    }
  }

  /**
   * HubSpot's default event properties (created with every custom behavioral event). The guide names
   * hs_page_title, hs_page_content_type, hs_asset_type, hs_touchpoint_source, hs_page_url and hs_referrer;
   * the others are the defaults HubSpot's UI lists for a manually tracked event.
   */
  public static final Set<String> DEFAULT_PROPERTIES =
      Set.of(
          "hs_asset_description",
          "hs_asset_type",
          "hs_browser",
          "hs_campaign_id",
          "hs_city",
          "hs_country",
          "hs_device_name",
          "hs_device_type",
          "hs_element_class",
          "hs_element_id",
          "hs_element_text",
          "hs_language",
          "hs_link_href",
          "hs_operating_system",
          "hs_operating_version",
          "hs_page_content_type",
          "hs_page_id",
          "hs_page_title",
          "hs_page_url",
          "hs_parent_module_id",
          "hs_referrer",
          "hs_region",
          "hs_screen_height",
          "hs_screen_width",
          "hs_touchpoint_source",
          "hs_tracking_name",
          "hs_user_agent",
          "hs_utm_campaign",
          "hs_utm_content",
          "hs_utm_medium",
          "hs_utm_source",
          "hs_utm_term");

  /** The primary object of an event defined on contacts (HubSpot's default). */
  public static final String CONTACT = "CONTACT";

  private final String name;
  private final String primaryObject;
  private final String label;
  private final Map<String, PropertyDefinition> properties;

  private EventDefinition(String name, String primaryObject, String label,
      Map<String, PropertyDefinition> properties) {
    this.name = name;
    this.primaryObject = primaryObject;
    this.label = label;
    this.properties = Collections.unmodifiableMap(properties);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The fully qualified name, {@code pe<portalId>_<name>} (as events are sent). */
  public String name() {
    return name;
  }

  /** The name without its {@code pe<portalId>_} prefix (HubSpot's {@code name} field). */
  public String shortName() {
    int underscore = name.indexOf('_');
    return name.matches("pe[0-9]+_.+") ? name.substring(underscore + 1) : name;
  }

  /** {@code CONTACT} (default), {@code COMPANY}, {@code DEAL}, {@code TICKET} or a custom object. */
  public String primaryObject() {
    return primaryObject;
  }

  /** The label HubSpot shows (the short name when none was given). */
  public String label() {
    return label == null ? shortName() : label;
  }

  public Map<String, PropertyDefinition> properties() {
    return properties;
  }

  /** Whether {@code propertyName} is a custom property of this event or one of HubSpot's defaults. */
  public boolean knows(String propertyName) {
    return properties.containsKey(propertyName) || DEFAULT_PROPERTIES.contains(propertyName);
  }

  /** Builds a definition in code. */
  public static final class Builder {
    private final String name;
    private String primaryObject = CONTACT;
    private String label;
    private final Map<String, PropertyDefinition> properties = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** The object occurrences land on (default {@code CONTACT}). */
    public Builder primaryObject(String primaryObject) {
      this.primaryObject = Objects.requireNonNull(primaryObject, "primaryObject");
      return this;
    }

    /** The event's label (default: its short name). */
    public Builder label(String label) {
      this.label = label;
      return this;
    }

    /** Adds a property with its label and, for an enumeration, option labels. */
    public Builder property(PropertyDefinition property) {
      properties.put(property.name(), property);
      return this;
    }

    public Builder string(String property) {
      return property(property, PropertyType.STRING);
    }

    public Builder number(String property) {
      return property(property, PropertyType.NUMBER);
    }

    public Builder date(String property) {
      return property(property, PropertyType.DATE);
    }

    public Builder datetime(String property) {
      return property(property, PropertyType.DATETIME);
    }

    public Builder enumeration(String property, String... options) {
      properties.put(
          property,
          new PropertyDefinition(property, PropertyType.ENUMERATION, new LinkedHashSet<>(List.of(options))));
      return this;
    }

    public Builder property(String property, PropertyType type) {
      properties.put(property, new PropertyDefinition(property, type, Set.of()));
      return this;
    }

    public EventDefinition build() {
      return new EventDefinition(name, primaryObject, label, new LinkedHashMap<>(properties));
    }
  }

  /** Loads definitions from a JSON file (see class comment for the format). */
  public static List<EventDefinition> load(Path file) throws IOException {
    return parse(new ObjectMapper().readTree(Files.readAllBytes(file)));
  }

  /** Parses definitions from JSON (see class comment for the format). */
  public static List<EventDefinition> parse(JsonNode root) {
    JsonNode events = root.isObject() ? root.path("events") : root;
    if (!events.isArray()) {
      throw new IllegalArgumentException("Event definitions must be a JSON array or {\"events\":[...]}");
    }
    List<EventDefinition> out = new ArrayList<>();
    for (JsonNode ev : events) {
      String name = ev.hasNonNull("fullyQualifiedName") ? ev.get("fullyQualifiedName").asText() : ev.path("name").asText(null);
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("Event definition without a name: " + ev);
      }
      Builder b = builder(name);
      if (ev.hasNonNull("primaryObject")) {
        b.primaryObject(ev.get("primaryObject").asText());
      }
      String label = ev.path("labels").path("singular").asText(ev.path("label").asText(null));
      b.label(label);
      JsonNode props = ev.path("properties");
      if (props.isObject()) {
        // Short form {"prop": "type"} or {"prop": {"type": ..., "options": [...]}}
        props.properties().forEach(e -> addProperty(b, e.getKey(), e.getValue()));
      } else {
        for (JsonNode p : props) {
          addProperty(b, p.path("name").asText(), p);
        }
      }
      out.add(b.build());
    }
    return out;
  }

  private static void addProperty(Builder b, String name, JsonNode spec) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("Property without a name: " + spec);
    }
    if (spec.isTextual()) {
      b.property(name, PropertyType.parse(spec.asText()));
      return;
    }
    PropertyType type = PropertyType.parse(spec.path("type").asText("string"));
    Set<String> options = new LinkedHashSet<>();
    Map<String, String> optionLabels = new LinkedHashMap<>();
    if (type == PropertyType.ENUMERATION) {
      for (JsonNode o : spec.path("options")) {
        String value = o.isObject() ? o.path("value").asText() : o.asText();
        options.add(value);
        if (o.isObject() && o.hasNonNull("label")) {
          optionLabels.put(value, o.get("label").asText());
        }
      }
    }
    b.property(new PropertyDefinition(name, type, options, spec.path("label").asText(null),
        optionLabels));
  }
}
