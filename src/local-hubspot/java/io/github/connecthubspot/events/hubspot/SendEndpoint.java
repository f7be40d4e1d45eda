package io.github.connecthubspot.events.hubspot;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.github.connecthubspot.events.hubspot.LocalHubSpot.BatchFailureMode;
import io.github.connecthubspot.events.hubspot.LocalHubSpot.DuplicateUuidMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The send endpoints, single and batch: a scripted answer or random fault, then authentication, rate
 * limits, content type, JSON parsing and validation, uuid de-duplication, the ledger, and 204.
 */
final class SendEndpoint {
  static final List<String> SINGLE_PATHS =
      List.of("/events/v3/send", "/events/2026-03/send", "/events/custom/2026-03/send",
          "/events/custom/2026-09/send");
  static final Set<String> SINGLE = Set.copyOf(SINGLE_PATHS);
  static final Set<String> BATCH =
      Set.of("/events/v3/send/batch", "/events/2026-03/send/batch", "/events/custom/2026-03/send/batch",
          "/events/custom/2026-09/send/batch");

  private final Clock clock;
  private final ObjectMapper mapper;
  private final CompletionValidator validator;
  private final Ledger ledger;
  private final RateLimiter rateLimiter;
  private final int maxBatchSize;
  private final Switches switches;
  private final Authentication authentication;
  private final Answers answers;
  private final SimCounters counters;
  private final Executor executor;
  private final ScheduledExecutorService delayer;
  private final ConcurrentLinkedQueue<Scripted> script = new ConcurrentLinkedQueue<>();

  SendEndpoint(
      Clock clock,
      ObjectMapper mapper,
      CompletionValidator validator,
      Ledger ledger,
      RateLimiter rateLimiter,
      int maxBatchSize,
      Switches switches,
      Authentication authentication,
      Answers answers,
      SimCounters counters,
      Executor executor,
      ScheduledExecutorService delayer) {
    this.clock = clock;
    this.mapper = mapper;
    this.validator = validator;
    this.ledger = ledger;
    this.rateLimiter = rateLimiter;
    this.maxBatchSize = maxBatchSize;
    this.switches = switches;
    this.authentication = authentication;
    this.answers = answers;
    this.counters = counters;
    this.executor = executor;
    this.delayer = delayer;
  }

  void script(Scripted... answers) {
    script.addAll(Arrays.asList(answers));
  }

  int scriptedRemaining() {
    return script.size();
  }

  void clearScript() {
    script.clear();
  }

  /** Answers one send request (POST checked by the caller). */
  void handle(HttpExchange ex, String path, boolean batch, String requestId) throws IOException {
    Scripted s = script.poll();
    if (s == null) {
      s = switches.faults.draw();
    }
    if (s == null) {
      process(ex, path, batch, requestId, null);
      return;
    }
    counters.faultInjected(s.toString());
    switch (s.kind()) {
      case STATUS:
        Answers.rateHeaders(ex.getResponseHeaders(), rateLimiter.peek(clock.millis()));
        answers.fault(s.status(), requestId).answer(ex, counters);
        return;
      case CUSTOM:
        new Outcome(
                s.status(),
                "application/json;charset=utf-8",
                s.body().getBytes(StandardCharsets.UTF_8),
                s.headers())
            .answer(ex, counters);
        return;
      case RESET:
        Outcome.abort(ex, counters);
        return;
      case DELAY:
        delayer.schedule(
            () ->
                executor.execute(
                    () -> {
                      try {
                        process(ex, path, batch, requestId, null);
                      } catch (Exception e) {
                        ex.close(); // the client gave up, or the server went down meanwhile
                      }
                    }),
            s.delay().toMillis(),
            TimeUnit.MILLISECONDS);
        return;
      case ACCEPT_THEN_STATUS:
      case ACCEPT_THEN_RESET:
        process(ex, path, batch, requestId, s);
        return;
      default:
        throw new AssertionError(s.kind());
    }
  }

  /** Authentication, rate limits, then ingestion; {@code after} replaces the answer (accept-then-...). */
  private void process(HttpExchange ex, String path, boolean batch, String requestId, Scripted after)
      throws IOException {
    long now = clock.millis();
    Outcome outcome = authentication.authenticate(ex, now, requestId);
    if (outcome != null) {
      Answers.rateHeaders(ex.getResponseHeaders(), rateLimiter.peek(now));
    } else {
      RateLimiter.Decision d = rateLimiter.acquire(now);
      Answers.rateHeaders(ex.getResponseHeaders(), d);
      if (!d.allowed()) {
        counters.rateLimited(d.refusedBy);
        outcome = answers.rateLimited(d.refusedBy, d.retryAfterMillis, requestId);
      } else {
        outcome = ingest(ex, path, batch, requestId, now);
      }
    }
    if (after != null && after.kind() == Scripted.Kind.ACCEPT_THEN_RESET) {
      Outcome.abort(ex, counters);
    } else if (after != null && after.kind() == Scripted.Kind.ACCEPT_THEN_STATUS) {
      answers.fault(after.status(), requestId).answer(ex, counters);
    } else {
      outcome.answer(ex, counters);
    }
  }

  /** The parsed items of a request, or the 400 / 415 that refuses it before validation. */
  private static final class Items {
    final List<JsonNode> items;
    final Outcome refused;

    Items(List<JsonNode> items, Outcome refused) {
      this.items = items;
      this.refused = refused;
    }
  }

  private Outcome ingest(HttpExchange ex, String path, boolean batch, String requestId, long now)
      throws IOException {
    Items parsed = parse(ex, batch, requestId);
    if (parsed.refused != null) {
      return parsed.refused;
    }
    List<JsonNode> items = parsed.items;
    int n = items.size();
    // 1. Validate every item.
    TreeMap<Integer, List<Violation>> bad = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      List<Violation> vs = validator.validate(items.get(i), batch ? "inputs[" + i + "]." : "");
      if (!vs.isEmpty()) {
        bad.put(i, vs);
      }
    }
    counters.occurrencesInvalid.add(bad.size());
    BatchFailureMode mode = batch ? switches.batchFailureMode : BatchFailureMode.WHOLE_BATCH;
    if (!bad.isEmpty() && mode == BatchFailureMode.WHOLE_BATCH) {
      counters.occurrencesDiscarded.add(n - bad.size());
      return answers.batchFailure(requestId, batch, n, bad, mode);
    }

    // 2. De-duplicate by (eventName, uuid).
    DuplicateUuidMode dupMode = switches.duplicateUuidMode;
    boolean[] skip = new boolean[n];
    List<Integer> reserved = new ArrayList<>();
    TreeMap<Integer, List<Violation>> dups = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      if (bad.containsKey(i)) {
        skip[i] = true;
        continue;
      }
      JsonNode item = items.get(i);
      JsonNode u = item.get("uuid");
      if (u == null || u.isNull()) {
        continue;
      }
      String eventName = item.get("eventName").asText();
      String uuid = u.asText();
      if (ledger.reserveUuid(eventName, uuid, now)) {
        reserved.add(i);
      } else {
        skip[i] = true;
        ledger.refused(uuid);
        if (dupMode == DuplicateUuidMode.REJECT) {
          dups.put(i, List.of(duplicate(batch ? "inputs[" + i + "]." : "", eventName, uuid)));
        }
      }
    }
    if (!dups.isEmpty()) {
      if (mode == BatchFailureMode.WHOLE_BATCH) {
        for (int i : reserved) {
          JsonNode item = items.get(i);
          ledger.releaseUuid(item.get("eventName").asText(), item.get("uuid").asText());
        }
        counters.occurrencesDiscarded.add(n - dups.size());
        return answers.batchFailure(requestId, batch, n, dups, mode);
      }
      bad.putAll(dups);
    }

    // 3. Record.
    Instant receivedAt = Instant.ofEpochMilli(now);
    boolean bodies = ledger.recordsBodies();
    for (int i = 0; i < n; i++) {
      if (skip[i]) {
        continue;
      }
      JsonNode item = items.get(i);
      JsonNode u = item.get("uuid");
      ledger.record(
          new Occurrence(
              ledger.nextSeq(),
              requestId,
              receivedAt,
              path,
              batch ? i : -1,
              item.get("eventName").asText(),
              u == null || u.isNull() ? null : u.asText(),
              bodies ? item : null));
      counters.acceptance.accepted(now, item.get("occurredAt"));
    }
    if (bad.isEmpty()) {
      return Outcome.noContent();
    }
    return answers.batchFailure(requestId, batch, n, bad, mode);
  }

  private static Violation duplicate(String prefix, String eventName, String uuid) {
    return new Violation(
        prefix + "uuid",
        "DUPLICATE_UUID",
        "Duplicate uuid '" + uuid + "' for event '" + eventName + "': an occurrence with this uuid was already accepted");
  }

  /** Content type, body, JSON, and for a batch the {@code inputs} array and its size. */
  private Items parse(HttpExchange ex, boolean batch, String requestId) throws IOException {
    String contentType = ex.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/json")) {
      return refused(
          answers.error(
              415,
              "VALIDATION_ERROR",
              "Unsupported Media Type: Content-Type must be application/json, got "
                  + (contentType == null ? "none" : "'" + contentType + "'"),
              requestId,
              null));
    }
    byte[] body = Requests.readBody(ex);
    if (body.length == 0) {
      return invalid(requestId, new Violation("body", "REQUIRED", "Request body is required"));
    }
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? "" : " on line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      return invalid(requestId, new Violation("body", "INVALID_JSON", "Invalid input JSON" + where + ": " + e.getOriginalMessage()));
    }
    if (!batch) {
      return new Items(List.of(root), null);
    }
    if (!root.isObject()) {
      return invalid(
          requestId, new Violation("body", "INVALID_TYPE", "A batch body must be an object {\"inputs\":[...]}"));
    }
    JsonNode inputs = root.get("inputs");
    Violation v = null;
    if (inputs == null || inputs.isNull()) {
      v = new Violation("inputs", "REQUIRED", "This property is required");
    } else if (!inputs.isArray()) {
      v = new Violation("inputs", "INVALID_TYPE", "inputs must be an array of event completions");
    } else if (inputs.size() == 0) {
      v = new Violation("inputs", "REQUIRED", "inputs must contain at least one event completion");
    } else if (inputs.size() > maxBatchSize) {
      v =
          new Violation(
              "inputs", "TOO_MANY_INPUTS", "A batch may contain at most " + maxBatchSize + " inputs, got " + inputs.size());
    }
    if (v != null) {
      if (inputs != null && inputs.isArray()) {
        counters.occurrencesInvalid.add(inputs.size());
      }
      return invalid(requestId, v);
    }
    List<JsonNode> items = new ArrayList<>(inputs.size());
    inputs.forEach(items::add);
    return new Items(items, null);
  }

  private static Items refused(Outcome o) {
    return new Items(null, o);
  }

  private Items invalid(String requestId, Violation v) {
    return refused(answers.validationFailure(requestId, "Invalid input", List.of(v), null));
  }
}
