package io.github.connecthubspot.events.client;

/** What a failed send means for the sender. */
public enum FailureKind {
  /** I/O error, timeout, 5xx, 423 or 477: back off and send again. */
  TRANSIENT(true),
  /** 429 for a secondly or ten-secondly window: wait the window (or Retry-After) and send again. */
  RATE_LIMITED(true),
  /** 429 for the daily limit: nothing gets through until the limit resets. */
  DAILY_LIMIT(false),
  /**
   * 400, 413, 422, a 409 naming no uuid, or a 2xx that reports errors it does not attribute to
   * inputs: one or more occurrences in the request broke a rule.
   */
  BAD_REQUEST(false),
  /**
   * A 400/422 whose every error is, by its code or context, a duplicate uuid, or a 409 naming a
   * uuid of the request: HubSpot already has those occurrences; they count as delivered.
   */
  DUPLICATE(false),
  /** 401: the token is wrong or expired. */
  AUTHENTICATION(false),
  /** 403: the token lacks a scope. */
  AUTHORIZATION(false),
  /** Any other answer (404, 405, 415...): a setting is wrong; sending again will not help. */
  FATAL(false);

  private final boolean retriable;

  FailureKind(boolean retriable) {
    this.retriable = retriable;
  }

  /** Whether sending the same request again later may succeed. */
  public boolean retriable() {
    return retriable;
  }
}
