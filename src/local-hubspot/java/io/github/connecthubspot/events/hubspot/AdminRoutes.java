package io.github.connecthubspot.events.hubspot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The {@code /_sim} routes (no authentication, not counted): the in-process API of {@link LocalHubSpot}
 * over HTTP, for a simulator in another process.
 */
final class AdminRoutes {
  static final String PREFIX = "/_sim/";

  private final LocalHubSpot sim;
  private final ObjectMapper mapper;
  private final Answers answers;

  AdminRoutes(LocalHubSpot sim, ObjectMapper mapper, Answers answers) {
    this.sim = sim;
    this.mapper = mapper;
    this.answers = answers;
  }

  void handle(HttpExchange ex, String path, String method) throws IOException {
    Map<String, String> q = Requests.parseQuery(ex.getRequestURI().getRawQuery());
    switch (method + " " + path) {
      case "GET /_sim/ledger":
        answers.json(200, ledger(q), Map.of()).writeTo(ex);
        return;
      case "GET /_sim/uuids":
        new Outcome(200, "text/plain;charset=utf-8", uuids(q.get("eventName")), Map.of()).writeTo(ex);
        return;
      case "GET /_sim/stats":
        answers.json(200, statsJson(sim.stats(), !"false".equals(q.get("byUuid"))), Map.of()).writeTo(ex);
        return;
      case "POST /_sim/reset":
        Requests.readBody(ex);
        sim.reset();
        Outcome.noContent().writeTo(ex);
        return;
      case "POST /_sim/fail-next":
        Requests.readBody(ex);
        sim.failNext(Integer.parseInt(q.getOrDefault("count", "1")), Integer.parseInt(q.getOrDefault("status", "503")));
        Outcome.noContent().writeTo(ex);
        return;
      default:
        answers.error(404, "OBJECT_NOT_FOUND", "No such endpoint: " + method + " " + path, "sim", null).writeTo(ex);
    }
  }

  /** {@code ?eventName=..&uuid=..&limit=N&offset=N}, in arrival order. */
  private ArrayNode ledger(Map<String, String> q) {
    String eventName = q.get("eventName");
    String uuid = q.get("uuid");
    int limit = q.containsKey("limit") ? Integer.parseInt(q.get("limit")) : Integer.MAX_VALUE;
    int offset = q.containsKey("offset") ? Integer.parseInt(q.get("offset")) : 0;
    ArrayNode arr = mapper.createArrayNode();
    int skipped = 0;
    for (Occurrence o : sim.ledger().occurrences()) {
      if (arr.size() >= limit) {
        break;
      }
      if ((eventName != null && !eventName.equals(o.eventName())) || (uuid != null && !uuid.equals(o.uuid()))) {
        continue;
      }
      if (skipped++ < offset) {
        continue;
      }
      arr.add(toJson(o));
    }
    return arr;
  }

  /**
   * {@code ?eventName=..}: the accepted uuids, one per line, sorted: a compact answer where the
   * ledger of a long run would be megabytes of bodies (and is empty with {@code --counts-only}).
   */
  private byte[] uuids(String eventName) {
    List<String> uuids = sim.ledger().acceptedUuids(eventName);
    StringBuilder sb = new StringBuilder(uuids.size() * 37);
    for (String u : uuids) {
      sb.append(u).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private ObjectNode toJson(Occurrence o) {
    ObjectNode n = mapper.createObjectNode();
    n.put("seq", o.seq());
    n.put("requestId", o.requestId());
    n.put("receivedAt", o.receivedAt().toString());
    n.put("path", o.path());
    n.put("batchIndex", o.batchIndex());
    n.put("eventName", o.eventName());
    n.put("uuid", o.uuid());
    n.set("completion", o.completion());
    return n;
  }

  /**
   * {@code ?byUuid=false} leaves out {@code duplicatesRefusedByUuid}, which grows with a long run.
   * {@code acceptance}: the first and last acceptance (epoch millis, -1 when none) and the latency
   * from each occurrence's {@code occurredAt} to its acceptance, in ms (-1 when none).
   */
  private ObjectNode statsJson(SimStats s, boolean byUuid) {
    ObjectNode n = mapper.createObjectNode();
    n.put("requests", s.requests());
    ObjectNode bs = n.putObject("requestsByStatus");
    s.requestsByStatus().forEach((k, v) -> bs.put(Integer.toString(k), v));
    n.put("sendRequests", s.sendRequests());
    n.put("occurrencesAccepted", s.occurrencesAccepted());
    n.put("occurrencesInvalid", s.occurrencesInvalid());
    n.put("occurrencesDiscarded", s.occurrencesDiscarded());
    n.put("duplicatesRefused", s.duplicatesRefused());
    s.acceptedByEventName().forEach(n.putObject("acceptedByEventName")::put);
    s.rateLimitedByPolicy().forEach(n.putObject("rateLimitedByPolicy")::put);
    s.faultsInjected().forEach(n.putObject("faultsInjected")::put);
    n.put("tokenRequests", s.tokenRequests());
    n.put("tokensIssued", s.tokensIssued());
    AcceptanceLatency.Snapshot a = sim.acceptance();
    ObjectNode acceptance = n.putObject("acceptance");
    acceptance.put("firstAtMillis", a.firstAcceptedAt());
    acceptance.put("lastAtMillis", a.lastAcceptedAt());
    acceptance.put("withoutOccurredAt", a.withoutOccurredAt());
    ObjectNode latency = acceptance.putObject("latencyMillis");
    latency.put("count", a.count());
    latency.put("p50", a.p50());
    latency.put("p90", a.p90());
    latency.put("p99", a.p99());
    latency.put("max", a.max());
    if (byUuid) {
      s.duplicatesRefusedByUuid().forEach(n.putObject("duplicatesRefusedByUuid")::put);
    }
    return n;
  }
}
