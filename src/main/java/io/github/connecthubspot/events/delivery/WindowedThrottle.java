package io.github.connecthubspot.events.delivery;

/**
 * A rate {@link Throttle} (Guava's, in production) under an exact {@link RollingWindow}: a request
 * goes only when both allow it. The rate paces requests and may burst what it saved while idle;
 * the window caps any such burst at HubSpot's rolling limit for this task's share of the budget.
 * A 429 moves the rate only; the window is the budget's hard bound, and HubSpot's {@code
 * X-HubSpot-RateLimit-Remaining} only ever fills it (requests others sent), never widens it.
 */
final class WindowedThrottle implements Throttle {
  private final Throttle rate;
  private final RollingWindow window;

  WindowedThrottle(Throttle rate, RollingWindow window) {
    this.rate = rate;
    this.window = window;
  }

  @Override
  public synchronized boolean tryAcquire() {
    // The window first: a permit the rate gave could not be handed back. Only this dispatcher
    // admits, under this lock, so the room seen is still there after the rate's permit.
    return window.hasRoom() && rate.tryAcquire() && window.tryAdmit();
  }

  @Override
  public void answered() {
    window.answered();
  }

  @Override
  public void sentAside() {
    window.sentAside();
  }

  /** The window keeps no more room than its share of what HubSpot has left: see {@link RollingWindow#heed}. */
  @Override
  public boolean heed(long remaining, long max) {
    return window.heed(remaining, max) >= 0;
  }

  /** The window's wait when it is full (the rate was not asked), else the rate's. */
  @Override
  public long retryDelayMs() {
    return window.hasRoom() ? rate.retryDelayMs() : window.retryDelayMs();
  }

  @Override
  public void slowDown() {
    rate.slowDown();
  }

  @Override
  public void recover() {
    rate.recover();
  }

  @Override
  public double rate() {
    return rate.rate();
  }
}
