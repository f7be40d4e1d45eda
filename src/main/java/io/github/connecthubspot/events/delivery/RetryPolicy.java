package io.github.connecthubspot.events.delivery;

import static io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.ACCESS_TOKEN_CONFIG;
import static io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.BASE_URL_CONFIG;
import static io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.BASE_URL_DEFAULT;
import static io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.BEHAVIOR_ON_DAILY_LIMIT_CONFIG;
import static io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.EVENT_NAME_CONFIG;
import static io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.EVENT_NAME_FIELD_CONFIG;
import static io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.EVENT_NAME_TOPIC_MAPPING_CONFIG;
import static io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.RETRY_BACKOFF_MAX_MS_CONFIG;
import static io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.RETRY_BACKOFF_MS_CONFIG;
import static io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.RETRY_TIMEOUT_MS_CONFIG;
import static io.github.connecthubspot.events.config.SecurityConfigs.PROXY_HOST_CONFIG;

import io.github.connecthubspot.events.client.FailureKind;
import io.github.connecthubspot.events.client.HubSpotException;
import io.github.connecthubspot.events.client.TokenRefreshException;
import io.github.connecthubspot.events.client.InputAttribution;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.DailyLimitBehavior;
import io.github.connecthubspot.events.model.HubSpotError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a failed request means: when to send it again, how to split it, or why to give up. Every
 * wait HubSpot gives is already clamped to a day ({@code ServerWait}); every time sum here
 * saturates instead of overflowing.
 *
 * <p><b>A 400 about the request, not its occurrences.</b> A 400 on several occurrences is split in
 * halves, again and again, down to the occurrences HubSpot refuses, each then reported to the
 * errant-record reporter (dead-letter queue). When the 400 is about the request itself (a proxy's
 * or gateway's 400, a wrong path under {@code hubspot.base.url}, an event name HubSpot does not
 * know for every record), that would put every record of the stream into the dead-letter queue,
 * one request per record. So a split stops when <em>both</em> halves of a split are refused with
 * the same request-level signature as the batch they came from ({@link #requestLevelSignature}):
 * a 400 (not a 413, not a 2xx multi-status) whose answer names no input in any structured place
 * HubSpot uses to attribute errors ({@code inputs[i]} paths, an index key such as {@code
 * inputIndex}/{@code failedInputs}, a context value equal to an input's uuid; see {@link
 * InputAttribution}), and whose words (category, subCategory, message, context, errors; the
 * correlationId ignored) are identical, or a body that is not JSON and identical, or an empty
 * body. Then the task fails with HubSpot's (already redacted) answer and what to check. Three
 * identical answers to three disjoint requests (the batch and its two halves) that name nothing
 * in them are taken as the request's fault: one bad record makes only one half fail, and records
 * that are all bad make HubSpot name them (their inputs), or at least word each answer differently
 * (e.g. by the value that is wrong); both keep bisecting exactly as before. The cost of this
 * conservative rule: records that are all bad in exactly the same way, in an answer that names
 * none of them, fail the task instead of going to the dead-letter queue one by one; that is a
 * mapping or configuration error to fix, not bad data to set aside.
 *
 * <p>A lone occurrence (not a half of a split: {@code batch.size=1}, or a batch that happened to
 * hold one) refused with a 400 is reported, whatever its answer names: with a single input,
 * HubSpot's answer is about that input by construction, and no second request shows that the
 * request rather than the record is at fault. The two lone halves of a split of two are halves
 * like any others: both refused with the batch's request-level signature fails the task. A run of
 * lone occurrences refused alike is not turned into a failure: telling that run from a run of
 * records really bad in the same way would take a threshold of reported records, which is what
 * {@code errors.tolerance} and the dead-letter queue are for.
 */
final class RetryPolicy {
  /** HubSpot's 423 (locked) asks for at least this. */
  static final long LOCKED_MIN_WAIT_MS = 2_000;
  static final long SECONDLY_WINDOW_MS = 1_000;
  static final long TEN_SECONDLY_WINDOW_MS = 10_000;
  /**
   * HubSpot resets the daily limit at midnight in the account's time zone, which the connector
   * does not know. Every time zone's midnight falls on a quarter hour of UTC, so a paused task
   * probes with one request at each quarter hour: it resumes within 15 minutes of the reset and
   * sends at most 96 requests a day while paused.
   */
  static final long DAILY_PROBE_INTERVAL_MS = 15 * 60_000;
  static final String SCOPE = "analytics.behavioral_events.send";

  enum Action {
    /** Send the same batch again at {@link Decision#atMs}. */
    RETRY,
    /** HubSpot's rate window is full: hold every request until {@link Decision#atMs}. */
    RATE_LIMITED,
    /** The daily limit: pause the partitions, probe again at {@link Decision#atMs}. */
    DAILY_LIMIT,
    /** A 400 on several occurrences: send each half on its own. */
    SPLIT,
    /**
     * HubSpot has these occurrences already (duplicate uuids): the inputs in {@link
     * Decision#inputs}, or all when that is null; the batch's other inputs are sent again.
     */
    DELIVERED,
    /** A 400 on one occurrence (and its items sharing its uuid): report it to the errant-record reporter. */
    REFUSED,
    /** Fail the task with {@link Decision#message}. */
    FAIL
  }

  static final class Decision {
    final Action action;
    final long atMs;
    final String message;
    /** For {@link Action#DELIVERED}: the inputs (indices into the batch's request); null for all. */
    final Set<Integer> inputs;
    /**
     * For {@link Action#SPLIT}: the refusal's request-level signature, which the halves remember;
     * null when it named inputs or was not a 400.
     */
    final String signature;

    private Decision(Action action, long atMs, String message) {
      this(action, atMs, message, null);
    }

    private Decision(Action action, long atMs, String message, Set<Integer> inputs) {
      this(action, atMs, message, inputs, null);
    }

    private Decision(Action action, long atMs, String message, Set<Integer> inputs,
        String signature) {
      this.action = action;
      this.atMs = atMs;
      this.message = message;
      this.inputs = inputs == null ? null : Collections.unmodifiableSet(inputs);
      this.signature = signature;
    }

    @Override
    public String toString() {
      return action + (atMs > 0 ? "@" + atMs : "") + (inputs == null ? "" : " " + inputs)
          + (message == null ? "" : ": " + message);
    }
  }

  private final Backoff backoff;
  private final long backoffMs;
  private final long backoffMaxMs;
  private final long retryTimeoutMs;
  private final DailyLimitBehavior onDailyLimit;

  RetryPolicy(DeliverySettings settings, Backoff backoff) {
    this.backoff = backoff;
    this.backoffMs = settings.backoffMs;
    this.backoffMaxMs = settings.backoffMaxMs;
    this.retryTimeoutMs = settings.retryTimeoutMs;
    this.onDailyLimit = settings.onDailyLimit;
  }

  /**
   * Decides for {@code batch}, whose failure at {@code nowMs} is already counted. A 400 on a half
   * of a split is also counted on its split ({@link Batch#bothHalvesRefusedWith}): call once per
   * failure, with the engine's lock held.
   */
  Decision decide(HubSpotException e, Batch batch, long nowMs) {
    switch (e.kind()) {
      case TRANSIENT:
        long wait = backoff.delayMs(batch.failures);
        if (e.status() == 423) {
          wait = Math.max(wait, LOCKED_MIN_WAIT_MS);
        }
        wait = Math.max(wait, e.retryAfterMs().orElse(0));
        return withinTimeout(Action.RETRY, batch, plus(nowMs, wait), e);
      case RATE_LIMITED:
        return withinTimeout(Action.RATE_LIMITED, batch, plus(nowMs, rateWindowMs(e)), e);
      case DAILY_LIMIT:
        if (onDailyLimit == DailyLimitBehavior.FAIL) {
          return fail("HubSpot's daily API limit is reached (" + e.getMessage() + ") and "
              + BEHAVIOR_ON_DAILY_LIMIT_CONFIG + "=fail; set " + BEHAVIOR_ON_DAILY_LIMIT_CONFIG
              + "=pause to wait for the limit to reset instead");
        }
        return new Decision(Action.DAILY_LIMIT, nextDailyProbeMs(e, nowMs), null);
      case BAD_REQUEST:
        String signature = requestLevelSignature(e, batch);
        if (batch.bothHalvesRefusedWith(signature)) {
          return fail("HubSpot refused the request itself, not its occurrences: a batch and both"
              + " of its halves got the same answer, naming none of them (" + e.getMessage()
              + "). Sending the records one by one would put every one into the dead-letter"
              + " queue, so the task fails instead. Check " + BASE_URL_CONFIG + " (HubSpot's API"
              + " is " + BASE_URL_DEFAULT + "), the event name (" + EVENT_NAME_CONFIG + ", "
              + EVENT_NAME_FIELD_CONFIG + ", " + EVENT_NAME_TOPIC_MAPPING_CONFIG + ": the event's"
              + " fully qualified internal name, such as pe1234567_product_viewed) and any proxy"
              + " or gateway in between (" + PROXY_HOST_CONFIG + "). Nothing from this batch on"
              + " is committed: a restart sends it again.");
        }
        return new Decision(batch.size() > 1 ? Action.SPLIT : Action.REFUSED, 0, null, null,
            signature);
      case DUPLICATE:
        return duplicate(e, batch);
      case AUTHENTICATION:
      case AUTHORIZATION:
        return fail(credentialsRefused(e));
      case FATAL:
      default:
        return fail("HubSpot answered in a way sending again will not fix (" + e.getMessage()
            + "): check " + BASE_URL_CONFIG + " and the connector's version");
    }
  }

  /**
   * HubSpot says it has some occurrences already. Only the inputs its answer names in its
   * structured fields count as delivered ({@link InputAttribution#duplicateInputs}), and only
   * those with a uuid; the others are sent again (all of the batch's when it names none: split).
   * Whether HubSpot refuses a whole batch for one known uuid is not documented, so the others are
   * never assumed recorded.
   */
  private static Decision duplicate(HubSpotException e, Batch batch) {
    List<String> uuids = batch.uuids();
    Set<Integer> named = InputAttribution.duplicateInputs(e.error().orElse(null), uuids,
        e.status() == 409);
    if (named.size() == batch.size()) {
      return new Decision(Action.DELIVERED, 0, null);
    }
    if (named.isEmpty()) {
      return new Decision(batch.size() > 1 ? Action.SPLIT : Action.REFUSED, 0, null);
    }
    return new Decision(Action.DELIVERED, 0, null, named);
  }

  /** The most characters of a signature; a longer answer has none (keeps bisecting). */
  static final int MAX_SIGNATURE_CHARS = 64 * 1024;

  /**
   * What a 400 says when it is about the request rather than its occurrences, as text to compare
   * with the answers to the halves of the split (see the class comment); null when it may be about
   * occurrences: not a 400, or an answer naming an input anywhere HubSpot attributes errors, or a
   * duplicate, or a multi-status count, or too long to compare. The correlationId is left out:
   * HubSpot gives each answer its own.
   */
  static String requestLevelSignature(HubSpotException e, Batch batch) {
    if (e.kind() != FailureKind.BAD_REQUEST
        || e.status() != 400) {
      return null;
    }
    HubSpotError error = e.error().orElse(null);
    if (error == null) {
      return "400 with no body";
    }
    if (error.numErrors != null || namesInputs(error, batch.uuids())) {
      return null;
    }
    StringBuilder s = new StringBuilder("400");
    field(s, error.status);
    field(s, error.category);
    field(s, error.subCategory);
    field(s, error.message);
    field(s, error.errorType);
    field(s, error.policyName);
    map(s, error.context);
    map(s, error.links);
    details(s, error.errors);
    return s.length() > MAX_SIGNATURE_CHARS ? null : s.toString();
  }

  /**
   * Whether an answer names an input: {@link InputAttribution} on each of its errors and on its
   * own context, with the request's uuids padded to two so that a request of one input is not
   * taken as named by any answer.
   */
  private static boolean namesInputs(HubSpotError error, List<String> uuids) {
    List<String> padded = new ArrayList<>(uuids);
    while (padded.size() < 2) {
      padded.add(null);
    }
    HubSpotError.Detail top = new HubSpotError.Detail();
    top.context = error.context;
    List<HubSpotError.Detail> all = new ArrayList<>(InputAttribution.entries(error));
    all.add(top);
    for (HubSpotError.Detail d : all) {
      if (InputAttribution.isDuplicate(d) || !InputAttribution.inputsOf(d, padded).isEmpty()
          || inputPath(d)) {
        return true;
      }
    }
    return !InputAttribution.namedByUuid(error, padded).isEmpty();
  }

  /**
   * An {@code inputs[...]} path in an error's {@code in} or context keys, or a nested error's,
   * even one out of the request's range: such an answer speaks of inputs, so it is not taken as
   * the request's.
   */
  private static boolean inputPath(HubSpotError.Detail d) {
    if (d == null) {
      return false;
    }
    if (startsWithInputs(d.in) || (d.context != null
        && d.context.keySet().stream().anyMatch(RetryPolicy::startsWithInputs))) {
      return true;
    }
    return d.errors != null && d.errors.stream().anyMatch(RetryPolicy::inputPath);
  }

  private static boolean startsWithInputs(String s) {
    return s != null && s.regionMatches(true, 0, "inputs[", 0, 7);
  }

  private static void details(StringBuilder s, List<HubSpotError.Detail> details) {
    if (details == null) {
      return;
    }
    s.append("|[");
    for (HubSpotError.Detail d : details) {
      if (s.length() > MAX_SIGNATURE_CHARS) {
        return;
      }
      s.append("{");
      field(s, d.code);
      field(s, d.in);
      field(s, d.category);
      field(s, d.subCategory);
      field(s, d.message);
      map(s, d.context);
      details(s, d.errors);
      s.append("}");
    }
    s.append("]");
  }

  /** Keys and values as fields; the client's parser already capped their number and length. */
  private static void map(StringBuilder s, Map<String, ?> map) {
    if (map == null) {
      return;
    }
    s.append("|{");
    for (Map.Entry<String, ?> e : map.entrySet()) {
      if (s.length() > MAX_SIGNATURE_CHARS) {
        return;
      }
      field(s, e.getKey());
      Object v = e.getValue();
      if (v instanceof List) {
        s.append("|[");
        for (Object o : (List<?>) v) {
          field(s, o == null ? null : o.toString());
        }
        s.append(']');
      } else {
        field(s, v == null ? null : v.toString());
      }
    }
    s.append('}');
  }

  /** Each string length-prefixed, so that two different answers never give the same text. */
  private static void field(StringBuilder s, String value) {
    s.append('|');
    if (value != null) {
      s.append(value.length()).append(':').append(value);
    }
  }

  /** {@code a + b}, or {@code Long.MAX_VALUE} where that would overflow. */
  static long plus(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
  }

  private Decision withinTimeout(Action action, Batch batch, long atMs, HubSpotException e) {
    long first = batch.firstFailureMs < 0 ? atMs : batch.firstFailureMs;
    if (atMs - first > retryTimeoutMs) { // both are epoch ms: no overflow
      return fail("Gave up on " + batch.describe() + " after " + batch.failures
          + " failed attempt(s), the last: " + e.getMessage() + ". Retrying would pass "
          + RETRY_TIMEOUT_MS_CONFIG + "=" + retryTimeoutMs + " (waits from "
          + RETRY_BACKOFF_MS_CONFIG + "=" + backoffMs + " to " + RETRY_BACKOFF_MAX_MS_CONFIG + "="
          + backoffMaxMs + "); raise " + RETRY_TIMEOUT_MS_CONFIG + " to ride out longer"
          + " failures. Nothing from this batch on is committed: a restart sends it again.");
    }
    return new Decision(action, atMs, null);
  }

  /** {@code Retry-After} when HubSpot sent one, else the window of the policy that was hit. */
  static long rateWindowMs(HubSpotException e) {
    if (e.retryAfterMs().isPresent()) {
      return e.retryAfterMs().getAsLong();
    }
    String policy = e.error().map(err -> err.policyName).orElse("");
    if ("SECONDLY".equalsIgnoreCase(policy)) {
      return SECONDLY_WINDOW_MS;
    }
    if (policy.toUpperCase(Locale.ROOT).startsWith("TEN_SECONDLY")) {
      return TEN_SECONDLY_WINDOW_MS;
    }
    return e.rateLimit().intervalMs().orElse(TEN_SECONDLY_WINDOW_MS);
  }

  /** {@code Retry-After} when HubSpot sent one, else the next quarter hour of UTC. */
  static long nextDailyProbeMs(HubSpotException e, long nowMs) {
    if (e.retryAfterMs().isPresent()) {
      return plus(nowMs, e.retryAfterMs().getAsLong());
    }
    return (nowMs / DAILY_PROBE_INTERVAL_MS + 1) * DAILY_PROBE_INTERVAL_MS;
  }

  /** What to fix when HubSpot refused the credentials (a 401 or a 403), with its answer. */
  static String credentialsRefused(HubSpotException e) {
    if (e instanceof TokenRefreshException) { // its message names the OAuth settings to fix
      return e.getMessage();
    }
    if (e.kind() == FailureKind.AUTHENTICATION) {
      return "HubSpot refused the access token (" + e.getMessage() + "): set "
          + ACCESS_TOKEN_CONFIG + " to a valid private-app access token with the scope " + SCOPE;
    }
    boolean scope = e.error().map(err -> "MISSING_SCOPES".equalsIgnoreCase(err.category))
        .orElse(false);
    return "HubSpot refused the request" + (scope ? " for a missing scope" : "") + " ("
        + e.getMessage() + "): the token in " + ACCESS_TOKEN_CONFIG + " needs the scope "
        + SCOPE + missingScopes(e);
  }

  private static String missingScopes(HubSpotException e) {
    HubSpotError error = e.error().orElse(null);
    if (error == null || error.context == null) {
      return "";
    }
    // The client redacted and capped every string of the answer where it parsed it.
    for (String key : new String[] {"requiredGranularScopes", "requiredScopes", "scopes"}) {
      List<String> scopes = error.context.get(key);
      if (scopes != null && !scopes.isEmpty()) {
        return " (HubSpot names as missing: "
            + String.join(", ", scopes.subList(0, Math.min(scopes.size(), 10))) + ")";
      }
    }
    return "";
  }

  private static Decision fail(String message) {
    return new Decision(Action.FAIL, 0, message);
  }
}
