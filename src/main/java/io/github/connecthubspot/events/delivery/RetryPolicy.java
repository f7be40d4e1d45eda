package io.github.connecthubspot.events.delivery;

import static io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.ACCESS_TOKEN_CONFIG;
import static io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.BASE_URL_CONFIG;
import static io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.BEHAVIOR_ON_DAILY_LIMIT_CONFIG;
import static io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.RETRY_BACKOFF_MAX_MS_CONFIG;
import static io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.RETRY_BACKOFF_MS_CONFIG;
import static io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.RETRY_TIMEOUT_MS_CONFIG;

import io.github.connecthubspot.events.client.FailureKind;
import io.github.connecthubspot.events.client.HubSpotException;
import io.github.connecthubspot.events.client.TokenRefreshException;
import io.github.connecthubspot.events.client.InputAttribution;
import io.github.connecthubspot.events.config.HubSpotSinkConnectorConfig.DailyLimitBehavior;
import io.github.connecthubspot.events.model.HubSpotError;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a failed request means: when to send it again, how to split it, or why to give up. Every
 * wait HubSpot gives is already clamped to a day ({@code ServerWait}); every time sum here
 * saturates instead of overflowing.
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

    private Decision(Action action, long atMs, String message) {
      this(action, atMs, message, null);
    }

    private Decision(Action action, long atMs, String message, Set<Integer> inputs) {
      this.action = action;
      this.atMs = atMs;
      this.message = message;
      this.inputs = inputs == null ? null : Collections.unmodifiableSet(inputs);
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

  /** Decides for {@code batch}, whose failure at {@code nowMs} is already counted. */
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
        return new Decision(batch.size() > 1 ? Action.SPLIT : Action.REFUSED, 0, null);
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
