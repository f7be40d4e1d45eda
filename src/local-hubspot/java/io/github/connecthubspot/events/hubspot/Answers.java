package io.github.connecthubspot.events.hubspot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import io.github.connecthubspot.events.hubspot.LocalHubSpot.BatchFailureMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The answers HubSpot gives, in its shapes: error bodies, validation failures, 429s, faults, rate headers. */
final class Answers {
  private final ObjectMapper mapper;
  private final Clock clock;
  private final Switches switches;

  Answers(ObjectMapper mapper, Clock clock, Switches switches) {
    this.mapper = mapper;
    this.clock = clock;
    this.switches = switches;
  }

  /** HubSpot's {@code Error} body: status, category, message, correlationId and an optional context. */
  Outcome error(int status, String category, String message, String requestId, Map<String, List<String>> context) {
    ObjectNode root = mapper.createObjectNode();
    root.put("status", "error");
    root.put("category", category);
    root.put("message", message);
    root.put("correlationId", requestId);
    if (context != null) {
      ObjectNode ctx = root.putObject("context");
      context.forEach((k, list) -> list.forEach(ctx.withArray(k)::add));
    }
    return json(status, root, Map.of());
  }

  Outcome json(int status, JsonNode body, Map<String, String> headers) {
    try {
      return new Outcome(status, "application/json;charset=utf-8", mapper.writeValueAsBytes(body), headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** 400 {@code VALIDATION_ERROR} listing every violation in {@code context} and {@code errors}. */
  Outcome validationFailure(
      String requestId, String summary, List<Violation> vs, Map<String, List<String>> extraContext) {
    ObjectNode root = mapper.createObjectNode();
    root.put("status", "error");
    root.put("category", "VALIDATION_ERROR");
    root.put("message", summary + ": " + joinMessages(vs));
    root.put("correlationId", requestId);
    ObjectNode ctx = root.putObject("context");
    for (Violation v : vs) {
      JsonNode existing = ctx.get(v.in());
      ArrayNode arr = existing == null ? ctx.putArray(v.in()) : (ArrayNode) existing;
      arr.add(v.message());
    }
    if (extraContext != null) {
      extraContext.forEach((k, list) -> list.forEach(ctx.withArray(k)::add));
    }
    ArrayNode errors = root.putArray("errors");
    for (Violation v : vs) {
      errors.addObject().put("message", v.message()).put("in", v.in()).put("code", v.code());
    }
    return json(400, root, Map.of());
  }

  /** The answer to a request with bad items ({@code bad}: item index to its violations), per the mode. */
  Outcome batchFailure(
      String requestId, boolean batch, int n, TreeMap<Integer, List<Violation>> bad, BatchFailureMode mode) {
    List<Violation> all = new ArrayList<>();
    bad.values().forEach(all::addAll);
    if (!batch) {
      return validationFailure(requestId, "Invalid input", all, null);
    }
    Map<String, List<String>> extra = new LinkedHashMap<>();
    List<String> failed = new ArrayList<>();
    bad.keySet().forEach(i -> failed.add(Integer.toString(i)));
    extra.put("failedInputs", failed);
    switch (mode) {
      case WHOLE_BATCH:
        return validationFailure(
            requestId,
            "Invalid input (" + bad.size() + " of " + n + " inputs failed; nothing was recorded)",
            all,
            extra);
      case BAD_ITEMS_ONLY:
        return validationFailure(
            requestId,
            "Invalid input ("
                + bad.size()
                + " of "
                + n
                + " inputs failed and were not recorded; the other "
                + (n - bad.size())
                + " were recorded)",
            all,
            extra);
      case BAD_ITEMS_ONLY_207:
        return multiStatus(bad);
      default:
        throw new AssertionError(mode);
    }
  }

  private Outcome multiStatus(TreeMap<Integer, List<Violation>> bad) {
    ObjectNode root = mapper.createObjectNode();
    root.put("status", "COMPLETE");
    root.putArray("results");
    root.put("numErrors", bad.size());
    ArrayNode errors = root.putArray("errors");
    bad.forEach(
        (i, vs) -> {
          ObjectNode e = errors.addObject();
          e.put("status", "error");
          e.put("category", "VALIDATION_ERROR");
          e.put("message", joinMessages(vs));
          e.putObject("context").putArray("inputIndex").add(Integer.toString(i));
          ArrayNode details = e.putArray("errors");
          vs.forEach(v -> details.addObject().put("message", v.message()).put("in", v.in()).put("code", v.code()));
        });
    String ts = Instant.ofEpochMilli(clock.millis()).toString();
    root.put("startedAt", ts);
    root.put("completedAt", ts);
    return json(207, root, Map.of());
  }

  private static String joinMessages(List<Violation> vs) {
    StringBuilder sb = new StringBuilder();
    int shown = Math.min(vs.size(), 10);
    for (int i = 0; i < shown; i++) {
      if (i > 0) {
        sb.append("; ");
      }
      sb.append(vs.get(i).in()).append(": ").append(vs.get(i).message());
    }
    if (vs.size() > shown) {
      sb.append("; (and ").append(vs.size() - shown).append(" more)");
    }
    return sb.toString();
  }

  /** 429 for {@code policy}; with Retry-After (whole seconds, at least 1) when that switch is on. */
  Outcome rateLimited(RateLimiter.Policy policy, long retryAfterMillis, String requestId) {
    ObjectNode root = mapper.createObjectNode();
    root.put("status", "error");
    root.put("message", "You have reached your " + policy.lower + " limit.");
    root.put("errorType", "RATE_LIMIT");
    root.put("correlationId", requestId);
    root.put("policyName", policy.name());
    Map<String, String> headers = new LinkedHashMap<>();
    if (switches.retryAfterOn429) {
      headers.put("Retry-After", Long.toString(Math.max(1, (retryAfterMillis + 999) / 1000)));
    }
    return json(429, root, headers);
  }

  /** A scripted or random fault's answer, in the shape HubSpot (or Cloudflare in front of it) gives. */
  Outcome fault(int status, String requestId) {
    switch (status) {
      case 429:
        return rateLimited(RateLimiter.Policy.TEN_SECONDLY_ROLLING, 10_000, requestId);
      case 477:
        return error(
                477,
                "MIGRATION_IN_PROGRESS",
                "This account is being migrated between data centers; retry after the Retry-After delay.",
                requestId,
                null)
            .withHeaders(Map.of("Retry-After", Integer.toString(switches.faults.retryAfter477Seconds())));
      case 423:
        return error(423, "LOCKED", "The resource is locked; wait at least 2 seconds before retrying.", requestId, null);
      case 502:
      case 504:
      case 521:
      case 523:
      case 524:
        String title = status + " " + reason(status);
        String html =
            "<html>\r\n<head><title>"
                + title
                + "</title></head>\r\n<body>\r\n<center><h1>"
                + title
                + "</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";
        return new Outcome(status, "text/html", html.getBytes(StandardCharsets.UTF_8), Map.of());
      case 500:
        return error(500, "INTERNAL_ERROR", "An internal error occurred.", requestId, null);
      case 503:
        return error(503, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable.", requestId, null);
      case 400:
        return error(400, "VALIDATION_ERROR", "Scripted validation error.", requestId, null);
      case 401:
        return error(401, "INVALID_AUTHENTICATION", "The access token provided is not valid.", requestId, null);
      case 403:
        return error(
            403,
            "MISSING_SCOPES",
            "Scripted missing scopes.",
            requestId,
            Map.of("missingScopes", List.of(LocalHubSpot.SEND_SCOPE)));
      default:
        return error(status, "ERROR", "Scripted answer " + status + ".", requestId, null);
    }
  }

  private static String reason(int status) {
    switch (status) {
      case 502:
        return "Bad Gateway";
      case 504:
        return "Gateway Time-out";
      case 521:
        return "Web Server Is Down";
      case 523:
        return "Origin Is Unreachable";
      case 524:
        return "A Timeout Occurred";
      default:
        return "Error";
    }
  }

  /** The X-HubSpot-RateLimit-* headers of the enabled policies. */
  static void rateHeaders(Headers h, RateLimiter.Decision d) {
    if (d.tenSecondlyMax > 0) {
      h.set("X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
      h.set("X-HubSpot-RateLimit-Max", Integer.toString(d.tenSecondlyMax));
      h.set("X-HubSpot-RateLimit-Remaining", Integer.toString(d.tenSecondlyRemaining));
    }
    if (d.secondlyMax > 0) {
      h.set("X-HubSpot-RateLimit-Secondly", Integer.toString(d.secondlyMax));
      h.set("X-HubSpot-RateLimit-Secondly-Remaining", Integer.toString(d.secondlyRemaining));
    }
    if (d.dailyMax > 0) {
      h.set("X-HubSpot-RateLimit-Daily", Long.toString(d.dailyMax));
      h.set("X-HubSpot-RateLimit-Daily-Remaining", Long.toString(d.dailyRemaining));
    }
  }
}
