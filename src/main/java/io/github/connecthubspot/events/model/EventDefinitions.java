package io.github.connecthubspot.events.model;

/**
 * What the task knows of the portal's event definitions, by the event name it sends
 * ({@code pe<portalId>_<name>}). Thread-safe; shared by the task's threads.
 */
public interface EventDefinitions {

  /** Knows nothing: every event is held to HubSpot's generic rules only. */
  EventDefinitions NONE = eventName -> Lookup.UNKNOWN;

  /**
   * @return {@link Lookup#known} with the definition; {@link Lookup#MISSING} when HubSpot said the
   *     portal has no such event (404); {@link Lookup#UNKNOWN} when the definition could not be
   *     read (no scope, an error, definitions off): the generic rules apply
   */
  Lookup lookup(String eventName);

  /** The answer of {@link #lookup}. */
  final class Lookup {
    public static final Lookup MISSING = new Lookup(null, true);
    public static final Lookup UNKNOWN = new Lookup(null, false);

    private final EventDefinition definition;
    private final boolean missing;

    private Lookup(EventDefinition definition, boolean missing) {
      this.definition = definition;
      this.missing = missing;
    }

    public static Lookup known(EventDefinition definition) {
      return new Lookup(java.util.Objects.requireNonNull(definition, "definition"), false);
    }

    /** The definition, or null when it is missing or unknown. */
    public EventDefinition definition() {
      return definition;
    }

    public boolean isKnown() {
      return definition != null;
    }

    public boolean isMissing() {
      return missing;
    }
  }
}
