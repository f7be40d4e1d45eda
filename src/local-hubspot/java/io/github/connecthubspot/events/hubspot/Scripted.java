package io.github.connecthubspot.events.hubspot;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One scripted (or randomly drawn, see {@link Faults}) answer for a send request. Queue them with
 * {@link LocalHubSpot#script(Scripted...)} or {@link LocalHubSpot#failNext(int, int)}; each queued entry
 * is used by exactly one request to a send endpoint, in order.
 */
public final class Scripted {

  /** What happens to the request. */
  public enum Kind {
    /** Answer this status at once with HubSpot's body for it; nothing is authenticated or recorded. */
    STATUS,
    /** Answer exactly this status, body and headers; nothing is recorded. */
    CUSTOM,
    /** Close the connection without an answer; nothing is recorded. */
    RESET,
    /** Wait (real time), then process normally (the client may have timed out by then: it is still recorded). */
    DELAY,
    /** Process and record normally, then answer {@link #status()} instead of 204 (the worst case). */
    ACCEPT_THEN_STATUS,
    /** Process and record normally, then close the connection without an answer. */
    ACCEPT_THEN_RESET
  }

  private final Kind kind;
  private final int status;
  private final Duration delay;
  private final String body;
  private final Map<String, String> headers;

  private Scripted(Kind kind, int status, Duration delay, String body, Map<String, String> headers) {
    this.kind = kind;
    this.status = status;
    this.delay = delay;
    this.body = body;
    this.headers = headers;
  }

  /**
   * Answer {@code status} with HubSpot's body for it: 429 is a TEN_SECONDLY_ROLLING rate-limit answer,
   * 477 carries Retry-After, 502/504/521/523/524 have an HTML gateway body, others a JSON Error body.
   */
  public static Scripted status(int status) {
    return new Scripted(Kind.STATUS, status, Duration.ZERO, null, Map.of());
  }

  /** Answer exactly this status, content-type application/json body (may be empty) and headers. */
  public static Scripted respond(int status, String body, Map<String, String> headers) {
    return new Scripted(Kind.CUSTOM, status, Duration.ZERO, Objects.requireNonNull(body), Map.copyOf(headers));
  }

  /** Close the connection before answering (the client sees a reset / closed connection). */
  public static Scripted reset() {
    return new Scripted(Kind.RESET, 0, Duration.ZERO, null, Map.of());
  }

  /** Process normally after {@code delay} of real time. */
  public static Scripted delay(Duration delay) {
    return new Scripted(Kind.DELAY, 0, delay, null, Map.of());
  }

  /** Accept and record, then answer {@code status} (e.g. 502) instead of 204. */
  public static Scripted acceptThenFail(int status) {
    return new Scripted(Kind.ACCEPT_THEN_STATUS, status, Duration.ZERO, null, Map.of());
  }

  /** Accept and record, then close the connection without an answer. */
  public static Scripted acceptThenReset() {
    return new Scripted(Kind.ACCEPT_THEN_RESET, 0, Duration.ZERO, null, Map.of());
  }

  public Kind kind() {
    return kind;
  }

  public int status() {
    return status;
  }

  public Duration delay() {
    return delay;
  }

  public String body() {
    return body;
  }

  public Map<String, String> headers() {
    return headers;
  }

  @Override
  public String toString() {
    switch (kind) {
      case STATUS:
      case CUSTOM:
      case ACCEPT_THEN_STATUS:
        return kind + "(" + status + ")";
      case DELAY:
        return kind + "(" + delay.toMillis() + "ms)";
      default:
        return kind.toString();
    }
  }
}
