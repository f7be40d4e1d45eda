package io.github.connecthubspot.events.client;

/**
 * The one place where a wait HubSpot asks for ({@code Retry-After}, {@code
 * X-HubSpot-RateLimit-Interval-Milliseconds}) is made sane: clamped to [0, {@link #MAX_MS}]. A
 * day is longer than any wait HubSpot documents (the daily limit resets within one), and short
 * enough that no time sum with it can overflow.
 */
public final class ServerWait {
  /** 24 hours. */
  public static final long MAX_MS = 24L * 60 * 60 * 1000;

  private ServerWait() {}

  /** {@code ms} within [0, {@link #MAX_MS}]. */
  public static long clampMs(long ms) {
    return Math.max(0, Math.min(MAX_MS, ms));
  }

  /**
   * A wait given in seconds (a header's text, possibly fractional or in exponent form) in
   * milliseconds, clamped; -1 when it is not a number or is negative.
   */
  public static long secondsToMs(String text) {
    if (text == null) {
      return -1;
    }
    String t = text.trim();
    if (t.isEmpty() || t.length() > 64) {
      return -1;
    }
    double seconds;
    try {
      seconds = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      return -1;
    }
    if (Double.isNaN(seconds) || seconds < 0) {
      return -1;
    }
    return (long) Math.ceil(Math.min(seconds, MAX_MS / 1000.0) * 1000);
  }
}
