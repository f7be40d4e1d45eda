package io.github.connecthubspot.events.client;

import io.github.connecthubspot.events.model.HubSpotError;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A send that failed: HubSpot answered with a non-2xx status, or a 2xx reporting errors it does
 * not attribute to inputs (then {@link #status()} and {@link #error()} say what it said), or the
 * request could not be completed (I/O error or timeout, {@link #status()} is 0). The message holds
 * the status, HubSpot's category, message and correlationId, and never the access token.
 */
public class HubSpotException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient FailureKind kind;
  private final int status;
  private final transient HubSpotError error;
  private final transient RateLimitInfo rateLimit;
  private final long retryAfterMs;

  public HubSpotException(
      FailureKind kind,
      int status,
      HubSpotError error,
      RateLimitInfo rateLimit,
      OptionalLong retryAfterMs,
      String message,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.error = error;
    this.rateLimit = rateLimit == null ? RateLimitInfo.NONE : rateLimit;
    this.retryAfterMs = retryAfterMs.isPresent() ? ServerWait.clampMs(retryAfterMs.getAsLong()) : -1;
  }

  /** A request that never got an answer: connection refused or reset, timeout. */
  public static HubSpotException transport(String what, Throwable cause) {
    return new HubSpotException(
        FailureKind.TRANSIENT, 0, null, RateLimitInfo.NONE, OptionalLong.empty(),
        what + ": " + cause.getClass().getSimpleName()
            + (cause.getMessage() == null ? "" : " " + cause.getMessage()),
        cause);
  }

  public FailureKind kind() {
    return kind;
  }

  /** HTTP status, or 0 when there was no answer. */
  public int status() {
    return status;
  }

  /** HubSpot's error body, when it sent one that could be read. */
  public Optional<HubSpotError> error() {
    return Optional.ofNullable(error);
  }

  public RateLimitInfo rateLimit() {
    return rateLimit;
  }

  /** The {@code Retry-After} header in milliseconds, clamped ({@link ServerWait}), when the answer had one. */
  public OptionalLong retryAfterMs() {
    return retryAfterMs < 0 ? OptionalLong.empty() : OptionalLong.of(retryAfterMs);
  }

  /** HubSpot's correlationId, when the answer had one. */
  public Optional<String> correlationId() {
    return error().map(e -> e.correlationId);
  }
}
