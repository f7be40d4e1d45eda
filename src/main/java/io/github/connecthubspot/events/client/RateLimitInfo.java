package io.github.connecthubspot.events.client;

import java.util.OptionalLong;
import org.apache.hc.core5.http.HttpResponse;

/**
 * HubSpot's {@code X-HubSpot-RateLimit-*} headers of one answer; a header that was absent or not a
 * number is empty. The interval is a wait HubSpot gives, so it is clamped ({@link ServerWait}).
 */
public final class RateLimitInfo {
  public static final RateLimitInfo NONE =
      new RateLimitInfo(
          OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
          OptionalLong.empty(), OptionalLong.empty());

  static final String INTERVAL = "X-HubSpot-RateLimit-Interval-Milliseconds";
  static final String MAX = "X-HubSpot-RateLimit-Max";
  static final String REMAINING = "X-HubSpot-RateLimit-Remaining";
  static final String DAILY = "X-HubSpot-RateLimit-Daily";
  static final String DAILY_REMAINING = "X-HubSpot-RateLimit-Daily-Remaining";

  private final OptionalLong intervalMs;
  private final OptionalLong max;
  private final OptionalLong remaining;
  private final OptionalLong daily;
  private final OptionalLong dailyRemaining;

  public RateLimitInfo(
      OptionalLong intervalMs,
      OptionalLong max,
      OptionalLong remaining,
      OptionalLong daily,
      OptionalLong dailyRemaining) {
    this.intervalMs = intervalMs.isPresent()
        ? OptionalLong.of(ServerWait.clampMs(intervalMs.getAsLong()))
        : intervalMs;
    this.max = max;
    this.remaining = remaining;
    this.daily = daily;
    this.dailyRemaining = dailyRemaining;
  }

  static RateLimitInfo from(HttpResponse response) {
    return new RateLimitInfo(
        header(response, INTERVAL),
        header(response, MAX),
        header(response, REMAINING),
        header(response, DAILY),
        header(response, DAILY_REMAINING));
  }

  private static OptionalLong header(HttpResponse response, String name) {
    var header = response.getFirstHeader(name);
    if (header == null || header.getValue() == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(header.getValue().trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  public OptionalLong intervalMs() {
    return intervalMs;
  }

  public OptionalLong max() {
    return max;
  }

  public OptionalLong remaining() {
    return remaining;
  }

  public OptionalLong daily() {
    return daily;
  }

  public OptionalLong dailyRemaining() {
    return dailyRemaining;
  }

  @Override
  public String toString() {
    return "RateLimitInfo{intervalMs=" + intervalMs + ", max=" + max + ", remaining=" + remaining
        + ", daily=" + daily + ", dailyRemaining=" + dailyRemaining + "}";
  }
}
