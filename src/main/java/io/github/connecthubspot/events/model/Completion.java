package io.github.connecthubspot.events.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One custom behavioral event occurrence, as HubSpot's {@code BehavioralEventHttpCompletionRequest}.
 * Immutable; absent optional fields are left out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"eventName", "email", "objectId", "utk", "occurredAt", "uuid", "properties"})
public final class Completion {
  private final String eventName;
  private final String email;
  private final String objectId;
  private final String utk;
  private final String occurredAt;
  private final String uuid;
  private final Map<String, String> properties;

  @JsonCreator
  public Completion(
      @JsonProperty("eventName") String eventName,
      @JsonProperty("email") String email,
      @JsonProperty("objectId") String objectId,
      @JsonProperty("utk") String utk,
      @JsonProperty("occurredAt") String occurredAt,
      @JsonProperty("uuid") String uuid,
      @JsonProperty("properties") Map<String, String> properties) {
    this.eventName = eventName;
    this.email = email;
    this.objectId = objectId;
    this.utk = utk;
    this.occurredAt = occurredAt;
    this.uuid = uuid;
    this.properties = properties == null ? Collections.emptyMap()
        : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** Takes the builder's properties as they are: it hands them over and copies them before any change. */
  private Completion(Builder b) {
    this.eventName = b.eventName;
    this.email = b.email;
    this.objectId = b.objectId;
    this.utk = b.utk;
    this.occurredAt = b.occurredAt;
    this.uuid = b.uuid;
    this.properties = b.properties == null ? Collections.emptyMap()
        : Collections.unmodifiableMap(b.properties);
  }

  public static Builder builder() {
    return new Builder();
  }

  @JsonProperty("eventName")
  public String eventName() {
    return eventName;
  }

  @JsonProperty("email")
  public String email() {
    return email;
  }

  @JsonProperty("objectId")
  public String objectId() {
    return objectId;
  }

  @JsonProperty("utk")
  public String utk() {
    return utk;
  }

  @JsonProperty("occurredAt")
  public String occurredAt() {
    return occurredAt;
  }

  @JsonProperty("uuid")
  public String uuid() {
    return uuid;
  }

  /** Property internal name to value; never null, {@code {}} when there are none. */
  @JsonProperty("properties")
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Completion)) {
      return false;
    }
    Completion that = (Completion) o;
    return Objects.equals(eventName, that.eventName)
        && Objects.equals(email, that.email)
        && Objects.equals(objectId, that.objectId)
        && Objects.equals(utk, that.utk)
        && Objects.equals(occurredAt, that.occurredAt)
        && Objects.equals(uuid, that.uuid)
        && properties.equals(that.properties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventName, email, objectId, utk, occurredAt, uuid, properties);
  }

  /** Names the occurrence without its identifiers or property values (they may be personal data). */
  @Override
  public String toString() {
    return "Completion{eventName=" + eventName + ", uuid=" + uuid + ", properties=" + properties.size() + "}";
  }

  /** Collects the fields of a {@link Completion}. */
  public static final class Builder {
    private String eventName;
    private String email;
    private String objectId;
    private String utk;
    private String occurredAt;
    private String uuid;
    /** Null until a property is added or taken: a built Completion without any has {@code {}}. */
    private Map<String, String> properties;
    /** {@link #properties} was handed to a built Completion (or taken): copy it before changing it. */
    private boolean built;

    private Builder() {}

    public Builder eventName(String eventName) {
      this.eventName = eventName;
      return this;
    }

    public Builder email(String email) {
      this.email = email;
      return this;
    }

    public Builder objectId(String objectId) {
      this.objectId = objectId;
      return this;
    }

    public Builder utk(String utk) {
      this.utk = utk;
      return this;
    }

    public Builder occurredAt(String occurredAt) {
      this.occurredAt = occurredAt;
      return this;
    }

    public Builder uuid(String uuid) {
      this.uuid = uuid;
      return this;
    }

    public Builder property(String name, String value) {
      ownProperties().put(name, value);
      return this;
    }

    public Builder properties(Map<String, String> values) {
      ownProperties().putAll(values);
      return this;
    }

    /**
     * Takes {@code values} (in their order) as all its properties, without copying them: the
     * caller hands the map over and never changes it again. The builder does not change it either:
     * a property added after this goes into a copy.
     */
    public Builder takeProperties(Map<String, String> values) {
      properties = Objects.requireNonNull(values, "values");
      built = true; // borrowed: copied before any change, as after build()
      return this;
    }

    private Map<String, String> ownProperties() {
      if (properties == null || built) {
        properties = properties == null ? new LinkedHashMap<>() : new LinkedHashMap<>(properties);
        built = false;
      }
      return properties;
    }

    /** The occurrence, which takes the properties collected so far without copying them. */
    public Completion build() {
      built = true;
      return new Completion(this);
    }
  }
}
