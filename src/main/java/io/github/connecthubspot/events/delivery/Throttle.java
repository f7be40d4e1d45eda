package io.github.connecthubspot.events.delivery;

/**
 * The task's request budget. Never blocks: the dispatcher asks {@link #tryAcquire()} and, when
 * refused, comes back after {@link #retryDelayMs()}. HubSpot's signals move the rate between the
 * budget and a floor: {@link #slowDown()} on a 429 (or on {@code X-HubSpot-RateLimit-Remaining:
 * 0} when {@link #heed} did not take it), {@link #recover()} on each other answer.
 */
public interface Throttle {

  /** Takes a permit for one request when one is free now. */
  boolean tryAcquire();

  /**
   * A request that got a permit came back (answered, or failed on the way): called once per
   * permit, from a sender thread.
   */
  default void answered() {
  }

  /**
   * A request this task sent around the dispatcher (the credentials check at start) came back: it
   * spends the budget too.
   */
  default void sentAside() {
  }

  /**
   * HubSpot's {@code X-HubSpot-RateLimit-Remaining} in an answer, with its {@code -Max} (0 when
   * absent): whether the budget took it into account itself (an exact window keeps no more room
   * than HubSpot has left). When it did not, the caller holds requests on {@code remaining <= 0}.
   */
  default boolean heed(long remaining, long max) {
    return false;
  }

  /** About how long until a permit is free, in milliseconds (at least 1). */
  long retryDelayMs();

  /** HubSpot said the limit is reached: halve the rate (down to a floor). */
  void slowDown();

  /** HubSpot had room: step the rate back up, never past the budget. */
  void recover();

  /** The rate now, in requests per second. */
  double rate();
}
