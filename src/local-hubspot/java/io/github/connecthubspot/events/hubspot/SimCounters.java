package io.github.connecthubspot.events.hubspot;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The running counters behind {@link LocalHubSpot#stats()}; the ledger keeps its own. */
final class SimCounters {
  final LongAdder requests = new LongAdder();
  final LongAdder sendRequests = new LongAdder();
  final LongAdder occurrencesInvalid = new LongAdder();
  final LongAdder occurrencesDiscarded = new LongAdder();
  final LongAdder tokenRequests = new LongAdder();
  final LongAdder tokensIssued = new LongAdder();
  final LongAdder definitionRequests = new LongAdder();
  final AcceptanceLatency acceptance = new AcceptanceLatency();
  private final ConcurrentHashMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> rateLimited = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> faultsInjected = new ConcurrentHashMap<>();

  /** An answer with this status was given (0 = connection closed without one). */
  void answered(int status) {
    byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
  }

  void rateLimited(RateLimiter.Policy policy) {
    rateLimited.computeIfAbsent(policy.name(), k -> new LongAdder()).increment();
  }

  void faultInjected(String kind) {
    faultsInjected.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  SimStats snapshot(Ledger ledger) {
    Map<Integer, Long> status = new TreeMap<>();
    byStatus.forEach((k, v) -> status.put(k, v.sum()));
    return new SimStats(
        requests.sum(),
        status,
        sendRequests.sum(),
        ledger.acceptedCount(),
        occurrencesInvalid.sum(),
        occurrencesDiscarded.sum(),
        ledger.duplicatesRefused(),
        ledger.countsByEventName(),
        sums(rateLimited),
        sums(faultsInjected),
        tokenRequests.sum(),
        tokensIssued.sum(),
        ledger.duplicatesRefusedByUuid());
  }

  void reset() {
    for (LongAdder a :
        List.of(requests, sendRequests, occurrencesInvalid, occurrencesDiscarded, tokenRequests, tokensIssued,
            definitionRequests)) {
      a.reset();
    }
    acceptance.reset();
    byStatus.clear();
    rateLimited.clear();
    faultsInjected.clear();
  }

  private static Map<String, Long> sums(Map<String, LongAdder> m) {
    Map<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
