package io.github.connecthubspot.events.metrics;

/** How one request to HubSpot ended, as the metrics count it. */
public enum RequestOutcome {
  /** A 2xx answer. */
  SUCCEEDED,
  /** A 4xx answer other than 429 (400 and 413 mostly; 401 and 403 too). */
  CLIENT_ERROR,
  /** A 429: a rate window or the daily limit. */
  RATE_LIMITED,
  /** A 5xx answer (and HubSpot's 423 and 477, which ask to come back later). */
  SERVER_ERROR,
  /** No answer: the connection failed or was closed. */
  IO_ERROR,
  /** No answer in time. */
  TIMEOUT,
  /** Any other answer. */
  OTHER;

  /** The outcome of an answer with HTTP status {@code status}. */
  public static RequestOutcome ofStatus(int status) {
    if (status >= 200 && status < 300) {
      return SUCCEEDED;
    }
    if (status == 429) {
      return RATE_LIMITED;
    }
    if (status >= 500 || status == 423 || status == 477) {
      return SERVER_ERROR;
    }
    if (status >= 400) {
      return CLIENT_ERROR;
    }
    return OTHER;
  }

  /** The outcome of a request that got no answer because of {@code cause}. */
  public static RequestOutcome ofTransport(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getClass().getSimpleName().contains("Timeout")) {
        return TIMEOUT;
      }
    }
    return IO_ERROR;
  }
}
