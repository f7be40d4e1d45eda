package io.github.connecthubspot.events.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

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
}
