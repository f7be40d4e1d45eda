package io.github.connecthubspot.events.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /events/v3/send/batch}: {@code {"inputs":[...]}}, at most {@link #MAX_INPUTS},
 * and the size rules of a request.
 */
public final class BatchRequest {
  /** HubSpot's limit of occurrences in one batch request. */
  public static final int MAX_INPUTS = 500;
  /**
   * The most JSON bytes the connector puts in one request: 4 MiB. HubSpot's request size limit is
   * not documented for these endpoints (unconfirmed); this is well under the limits of its other
   * APIs and of common gateways, and a batch of 500 ordinary occurrences (a few hundred bytes
   * each) stays far below it. A batch that would pass it is cut where it is formed; an occurrence
   * bigger than it on its own goes alone.
   */
  public static final long MAX_REQUEST_BYTES = 4L * 1024 * 1024;

  private final List<Completion> inputs;

  @JsonCreator
  public BatchRequest(@JsonProperty("inputs") List<Completion> inputs) {
    if (inputs.size() > MAX_INPUTS) {
      throw new IllegalArgumentException(
          "a batch holds at most " + MAX_INPUTS + " inputs, got " + inputs.size());
    }
    this.inputs = List.copyOf(inputs);
  }

  @JsonProperty("inputs")
  public List<Completion> inputs() {
    return inputs;
  }

  /**
   * An upper estimate of the bytes {@code completion} takes in a request's JSON, from its strings
   * (each counted as UTF-8, with the worst escape for characters JSON escapes), without writing it.
   */
  public static long estimatedBytes(Completion completion) {
    if (completion == null) {
      return 0;
    }
    long n = 16; // braces, separators
    n += field("eventName", completion.eventName());
    n += field("email", completion.email());
    n += field("objectId", completion.objectId());
    n += field("utk", completion.utk());
    n += field("occurredAt", completion.occurredAt());
    n += field("uuid", completion.uuid());
    n += 16; // "properties":{}
    for (Map.Entry<String, String> p : completion.properties().entrySet()) {
      n += jsonBytes(p.getKey()) + jsonBytes(p.getValue()) + 2;
    }
    return n;
  }

  private static long field(String name, String value) {
    return value == null ? 0 : name.length() + 4 + jsonBytes(value);
  }

  /** The bytes of {@code s} as a JSON string, quotes included, at most. */
  static long jsonBytes(String s) {
    if (s == null) {
      return 4; // null
    }
    long n = 2;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        n += 6; // a six-character escape at worst
      } else if (c < 0x80) {
        n += 1;
      } else if (c < 0x800 || Character.isSurrogate(c)) {
        n += 2; // a surrogate pair is 4 bytes
      } else {
        n += 3;
      }
    }
    return n;
  }
}
