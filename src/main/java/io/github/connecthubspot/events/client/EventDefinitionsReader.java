package io.github.connecthubspot.events.client;

import io.github.connecthubspot.events.model.EventDefinition;
import java.util.Objects;

/**
 * Reads the portal's event definitions from HubSpot ({@link EventDefinitionsClient}); {@link
 * EventDefinitionsCache} decides what each answer means for the records.
 */
public interface EventDefinitionsReader extends AutoCloseable {

  /** What HubSpot said. */
  enum Outcome {
    /** 200 with a readable answer (for {@link #read}: the definition of that very event). */
    FOUND,
    /** 404: no such event (for {@link #read}), or no such definitions path (for {@link #probe}). */
    NOT_FOUND,
    /** 403: the token lacks the scope {@value EventDefinitionsClient#SCOPE}. */
    FORBIDDEN,
    /** 429: HubSpot's general limits are spent for now. */
    RATE_LIMITED,
    /** No answer in time, 401, 5xx, another status, or an answer that cannot be trusted. */
    FAILED
  }

  /** An outcome, the definition when {@link Outcome#FOUND} by {@link #read}, and what happened. */
  final class Result {
    private final Outcome outcome;
    private final EventDefinition definition;
    private final String detail;

    public Result(Outcome outcome, EventDefinition definition, String detail) {
      this.outcome = Objects.requireNonNull(outcome, "outcome");
      this.definition = definition;
      this.detail = detail == null ? "" : detail;
    }

    public Outcome outcome() {
      return outcome;
    }

    /** The definition read; null unless a {@link #read} found one. */
    public EventDefinition definition() {
      return definition;
    }

    /** Status codes and paths, for a log line; never a secret nor a payload. */
    public String detail() {
      return detail;
    }

    @Override
    public String toString() {
      return outcome + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
  }

  /**
   * Whether the definitions path exists: lists at most one definition from each path of the API
   * version, keeping the first that answers 200. {@link Outcome#NOT_FOUND} when every path
   * answered 404.
   */
  Result probe(long timeoutMs);

  /**
   * The definition of {@code eventName} (fully qualified, {@code pe<portalId>_<name>}), within
   * {@code timeoutMs} in all.
   */
  Result read(String eventName, long timeoutMs);

  @Override
  void close();
}
