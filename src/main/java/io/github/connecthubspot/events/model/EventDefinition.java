package io.github.connecthubspot.events.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A custom behavioral event as the portal defines it: its names, the object its occurrences land
 * on, and its custom properties with their types. Immutable; built from HubSpot's
 * event-definitions answer by the client, read by the mapping step.
 */
public final class EventDefinition {

  /** HubSpot's primary object for events defined on contacts (the default). */
  public static final String CONTACT = "CONTACT";

  /** Property types HubSpot lists for custom event properties. */
  public enum PropertyType {
    STRING,
    NUMBER,
    ENUMERATION,
    DATETIME,
    DATE,
    /** A type this connector does not know: its values are sent as strings, unchecked. */
    OTHER;

    /** Reads HubSpot's type name; anything unknown (or absent) is {@link #OTHER}. */
    public static PropertyType of(String hubSpotType) {
      if (hubSpotType == null) {
        return OTHER;
      }
      switch (hubSpotType.trim().toLowerCase(Locale.ROOT)) {
        case "string":
          return STRING;
        case "number":
          return NUMBER;
        case "enumeration":
          return ENUMERATION;
        case "datetime":
          return DATETIME;
        case "date":
          return DATE;
        default:
          return OTHER;
      }
    }
  }

  /** One property of a definition; {@code options} (the option values) is empty unless ENUMERATION. */
  public static final class PropertyDefinition {
    private final String name;
    private final PropertyType type;
    private final Set<String> options;

    public PropertyDefinition(String name, PropertyType type, Set<String> options) {
      this.name = Objects.requireNonNull(name, "name");
      this.type = Objects.requireNonNull(type, "type");
      this.options = Collections.unmodifiableSet(new LinkedHashSet<>(options));
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

    @Override
    public String toString() {
      return name + ":" + type.name().toLowerCase(Locale.ROOT);
    }
  }

  private final String name;
  private final String fullyQualifiedName;
  private final String primaryObject;
  private final boolean customMatching;
  private final Map<String, PropertyDefinition> properties;

  /**
   * @param name the short name ({@code viewed_car}), may be null when HubSpot left it out
   * @param fullyQualifiedName {@code pe<portalId>_<name>}, may be null when HubSpot left it out
   * @param primaryObject {@code CONTACT}, {@code COMPANY}, {@code DEAL}, {@code TICKET} or a custom
   *     object; null means CONTACT
   * @param customMatching whether the definition carries a {@code customMatchingId} rule
   * @param properties the custom properties by name
   */
  public EventDefinition(
      String name,
      String fullyQualifiedName,
      String primaryObject,
      boolean customMatching,
      Map<String, PropertyDefinition> properties) {
    this.name = name;
    this.fullyQualifiedName = fullyQualifiedName;
    this.primaryObject =
        primaryObject == null || primaryObject.isBlank()
            ? CONTACT
            : primaryObject.trim().toUpperCase(Locale.ROOT);
    this.customMatching = customMatching;
    this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  public String name() {
    return name;
  }

  public String fullyQualifiedName() {
    return fullyQualifiedName;
  }

  public String primaryObject() {
    return primaryObject;
  }

  /** Whether occurrences land on contacts (and so may be matched by email or utk). */
  public boolean onContacts() {
    return CONTACT.equals(primaryObject);
  }

  public boolean customMatching() {
    return customMatching;
  }

  public Map<String, PropertyDefinition> properties() {
    return properties;
  }

  /** The definition of {@code propertyName}, or null when the event defines no such property. */
  public PropertyDefinition property(String propertyName) {
    return properties.get(propertyName);
  }

  @Override
  public String toString() {
    return "EventDefinition{" + (fullyQualifiedName != null ? fullyQualifiedName : name)
        + ", primaryObject=" + primaryObject + ", properties=" + properties.values() + "}";
  }
}
