package io.github.connecthubspot.events.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One accepted event occurrence as recorded in the {@link Ledger}.
 *
 * @param seq 1-based arrival order within the ledger
 * @param requestId id of the HTTP request it came in (also its {@code X-HubSpot-Correlation-Id})
 * @param receivedAt arrival time by the simulator's (injected) clock
 * @param path request path, e.g. {@code /events/v3/send/batch}
 * @param batchIndex index in {@code inputs}, or -1 for a single send
 * @param eventName the completion's eventName
 * @param uuid the completion's uuid, or null
 * @param completion the completion exactly as received (parsed), or null when the simulator keeps
 *     counts only ({@code recordBodies(false)})
 */
public record Occurrence(
    long seq,
    String requestId,
    Instant receivedAt,
    String path,
    int batchIndex,
    String eventName,
    String uuid,
    JsonNode completion) {

  /** A property value of the completion, or null. */
  public String property(String name) {
    if (completion == null) {
      return null;
    }
    JsonNode v = completion.path("properties").get(name);
    return v == null || v.isNull() ? null : v.asText();
  }
}
