package io.github.connecthubspot.events.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code POST /events/v3/send/batch}: {@code {"inputs":[...]}}, at most {@link #MAX_INPUTS}. */
public final class BatchRequest {
  /** HubSpot's limit of occurrences in one batch request. */
  public static final int MAX_INPUTS = 500;

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
