package io.github.connecthubspot.events.delivery;

import io.github.connecthubspot.events.client.FailureClassifier;
import io.github.connecthubspot.events.client.HubSpotClient;
import io.github.connecthubspot.events.client.HubSpotException;
import io.github.connecthubspot.events.client.RateLimitInfo;
import io.github.connecthubspot.events.client.SendResult;
import io.github.connecthubspot.events.model.Occurrence;
import io.github.connecthubspot.events.model.HubSpotError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A {@link HubSpotClient} that answers from a script: first the scripted answers in order, then
 * the default responder (204, or a 400 for the uuids marked bad). Records every request.
 */
public final class ScriptedClient implements HubSpotClient {
  /** One scripted answer: a success with these headers, or this failure. */
  public interface Answer {
    SendResult answer(List<Occurrence> request) throws HubSpotException;
  }

  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<List<Occurrence>> requests = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> badUuids = ConcurrentHashMap.newKeySet();
  private final Set<String> knownUuids = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> accepted = new ConcurrentHashMap<>();
  private volatile Function<List<Occurrence>, RateLimitInfo> headers = r -> RateLimitInfo.NONE;
  private volatile boolean closed;

  public synchronized ScriptedClient then(Answer answer) {
    script.addLast(answer);
    return this;
  }

  /** Fails the next request, classified as the real client does (with the request's uuids). */
  public ScriptedClient thenFail(int status, HubSpotError error) {
    return then(r -> {
      throw failure(status, error, OptionalLong.empty(), RateLimitInfo.NONE, uuids(r));
    });
  }

  public static List<String> uuids(List<Occurrence> request) {
    List<String> uuids = new ArrayList<>(request.size());
    request.forEach(c -> uuids.add(c.uuid()));
    return uuids;
  }

  public ScriptedClient thenFail(HubSpotException e) {
    return then(r -> {
      throw e;
    });
  }

  public ScriptedClient thenSucceed(RateLimitInfo rateLimit) {
    return then(r -> succeed(r, rateLimit));
  }

  /** Occurrences with these uuids make any request holding them a 400. */
  public ScriptedClient badUuids(Collection<String> uuids) {
    badUuids.addAll(uuids);
    return this;
  }

  /** Occurrences with these uuids are already known to HubSpot: a 400 "duplicate uuid". */
  public ScriptedClient knownUuids(Collection<String> uuids) {
    knownUuids.addAll(uuids);
    return this;
  }

  public ScriptedClient headers(Function<List<Occurrence>, RateLimitInfo> headers) {
    this.headers = headers;
    return this;
  }

  @Override
  public SendResult send(List<Occurrence> completions) throws HubSpotException {
    requests.add(List.copyOf(completions));
    Answer next;
    synchronized (this) {
      next = script.pollFirst();
    }
    if (next != null) {
      return next.answer(completions);
    }
    for (Occurrence c : completions) {
      if (badUuids.contains(c.uuid())) {
        HubSpotError e = error("VALIDATION_ERROR", "Property values were not valid: " + c.uuid(),
            "corr-" + c.uuid());
        throw failure(400, e, OptionalLong.empty(), RateLimitInfo.NONE);
      }
    }
    HubSpotError duplicates = null;
    for (int i = 0; i < completions.size(); i++) {
      Occurrence c = completions.get(i);
      if (knownUuids.contains(c.uuid())) {
        if (duplicates == null) {
          duplicates = error("VALIDATION_ERROR", "Invalid input", "corr-dup");
          duplicates.errors = new ArrayList<>();
        }
        HubSpotError.Detail d = new HubSpotError.Detail();
        d.message = "Duplicate uuid: an event with uuid " + c.uuid() + " was already sent";
        d.in = (completions.size() > 1 ? "inputs[" + i + "]." : "") + "uuid";
        d.code = "DUPLICATE_UUID";
        duplicates.errors.add(d);
      }
    }
    if (duplicates != null) { // HubSpot's shape, as the local endpoint plays it (duplicate uuid: reject)
      duplicates.message = "Invalid input: " + duplicates.errors.get(0).message;
      throw failure(400, duplicates, OptionalLong.empty(), RateLimitInfo.NONE);
    }
    return succeed(completions, headers.apply(completions));
  }

  /** Accepts every occurrence of {@code completions}: for scripted answers that let a request through. */
  public SendResult accept(List<Occurrence> completions) {
    return succeed(completions, RateLimitInfo.NONE);
  }

  private SendResult succeed(List<Occurrence> completions, RateLimitInfo rateLimit) {
    for (Occurrence c : completions) {
      accepted.merge(c.uuid(), 1, Integer::sum);
      knownUuids.add(c.uuid());
    }
    return new SendResult(204, rateLimit);
  }

  public static HubSpotException failure(int status, HubSpotError error, OptionalLong retryAfterMs,
      RateLimitInfo rateLimit) {
    return failure(status, error, retryAfterMs, rateLimit, List.of());
  }

  public static HubSpotException failure(int status, HubSpotError error, OptionalLong retryAfterMs,
      RateLimitInfo rateLimit, List<String> uuids) {
    String text = "HubSpot answered " + status
        + (error != null && error.message != null ? ": " + error.message : "")
        + (error != null && error.correlationId != null
            ? " [correlationId=" + error.correlationId + "]" : "");
    return new HubSpotException(FailureClassifier.classify(status, error, uuids), status, error,
        rateLimit, retryAfterMs, text, null);
  }

  public static HubSpotError error(String category, String message, String correlationId) {
    HubSpotError e = new HubSpotError();
    e.category = category;
    e.message = message;
    e.correlationId = correlationId;
    return e;
  }

  public static HubSpotError rateLimit(String policy) {
    HubSpotError e = new HubSpotError();
    e.status = "error";
    e.errorType = "RATE_LIMIT";
    e.policyName = policy;
    e.message = "You have reached your " + policy.toLowerCase(java.util.Locale.ROOT) + " limit.";
    e.correlationId = "corr-429";
    return e;
  }

  public static RateLimitInfo remaining(long remaining, long intervalMs) {
    return new RateLimitInfo(OptionalLong.of(intervalMs), OptionalLong.of(100),
        OptionalLong.of(remaining), OptionalLong.empty(), OptionalLong.empty());
  }

  public List<List<Occurrence>> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public int requestCount() {
    return requests.size();
  }

  /** How many times HubSpot accepted each uuid. */
  public Map<String, Integer> accepted() {
    return Map.copyOf(accepted);
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }
}
