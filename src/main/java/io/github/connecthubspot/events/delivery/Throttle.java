package io.github.connecthubspot.events.delivery;

/**
 * The task's request budget. Never blocks: the dispatcher asks {@link #tryAcquire()} and, when
 * refused, comes back after {@link #retryDelayMs()}. HubSpot's signals move the rate between the
 * budget and a floor: {@link #slowDown()} on a 429 or {@code X-HubSpot-RateLimit-Remaining: 0},
 * {@link #recover()} on each answer that had room left.
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
   * Whether this task's own share of HubSpot's rolling window is used up now: then {@code
   * X-HubSpot-RateLimit-Remaining: 0} is this task's own doing, already waited out exactly, and
   * no reason to slow down.
   */
  default boolean windowFull() {
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
