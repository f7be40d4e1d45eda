package io.github.connecthubspot.events.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One occurrence as it is sent: its JSON ({@link RequestJson}), written once when its record is
 * mapped, and the event name and uuid that batching and HubSpot's answers need. This is what the
 * task holds for a record until HubSpot takes it: a few hundred bytes in one array instead of a
 * {@link Completion}'s strings and map, and a request's body is these arrays joined, with nothing
 * written again when a batch is sent, split or retried.
 */
public final class Occurrence {
  private final String eventName;
  private final String uuid;
  /** Never changed after construction, nor handed out but to {@link RequestJson}. */
  private final byte[] json;

  private Occurrence(String eventName, String uuid, byte[] json) {
    this.eventName = eventName;
    this.uuid = uuid;
    this.json = json;
  }

  /** {@code completion} written as the body of a single send ({@link RequestJson#single}). */
  public static Occurrence of(Completion completion) {
    Objects.requireNonNull(completion, "completion");
    return new Occurrence(completion.eventName(), completion.uuid(), RequestJson.single(completion));
  }

  public String eventName() {
    return eventName;
  }

  /** Its uuid, or null when it has none. */
  public String uuid() {
    return uuid;
  }

  /** How many bytes its JSON takes in a request. */
  public int jsonBytes() {
    return json.length;
  }

  /** The JSON itself, for {@link RequestJson} only: never to be changed. */
  byte[] json() {
    return json;
  }

  /** Equal when the JSON is: the same occurrence, field for field. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Occurrence && Arrays.equals(json, ((Occurrence) o).json);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(json);
  }

  /** Names the occurrence without its identifiers or property values (they may be personal data). */
  @Override
  public String toString() {
    return "Occurrence{eventName=" + eventName + ", uuid=" + uuid + ", bytes=" + json.length + "}";
  }
}
