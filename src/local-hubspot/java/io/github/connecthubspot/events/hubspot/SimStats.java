package io.github.connecthubspot.events.hubspot;

import java.util.Map;

/**
 * A snapshot of the simulator's counters (also served as JSON by {@code GET /_sim/stats}).
 *
 * @param requests requests to the HubSpot endpoints (send and OAuth; {@code /_sim} not counted)
 * @param requestsByStatus answers per HTTP status; key 0 = connection closed without an answer
 * @param sendRequests requests to the send endpoints
 * @param occurrencesAccepted occurrences recorded in the ledger
 * @param occurrencesInvalid occurrences that failed validation
 * @param occurrencesDiscarded valid occurrences not recorded because their batch failed as a whole
 * @param duplicatesRefused occurrences refused as duplicates of an accepted (eventName, uuid)
 * @param acceptedByEventName accepted occurrences per event name
 * @param rateLimitedByPolicy 429 answers per policy name (computed, not scripted)
 * @param faultsInjected scripted or random faults per kind, e.g. {@code STATUS(503)}, {@code RESET}
 * @param tokenRequests requests to the OAuth token endpoints
 * @param tokensIssued access tokens issued by the OAuth token endpoints
 * @param duplicatesRefusedByUuid duplicates refused per uuid
 */
public record SimStats(
    long requests,
    Map<Integer, Long> requestsByStatus,
    long sendRequests,
    long occurrencesAccepted,
    long occurrencesInvalid,
    long occurrencesDiscarded,
    long duplicatesRefused,
    Map<String, Long> acceptedByEventName,
    Map<String, Long> rateLimitedByPolicy,
    Map<String, Long> faultsInjected,
    long tokenRequests,
    long tokensIssued,
    Map<String, Long> duplicatesRefusedByUuid) {

  /** Answers with this status (0 = closed without answer). */
  public long status(int status) {
    return requestsByStatus.getOrDefault(status, 0L);
  }
}
