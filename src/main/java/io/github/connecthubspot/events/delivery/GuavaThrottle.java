package io.github.connecthubspot.events.delivery;

import com.google.common.util.concurrent.RateLimiter;

/**
 * {@link Throttle} on Guava's {@link RateLimiter}, used only through {@code tryAcquire()} so the
 * dispatcher never blocks.
 *
 * <p>The limiter is Guava's default, "smooth bursty" one: it grants the first request at once and
 * the next ones at the full rate from the first second. (The warm-up limiter used before starts
 * cold, at a third of the rate, and ramps up over its warm-up period: budget lost at every start,
 * and again after every idle spell.) A bursty limiter saves the permits it did not use while
 * idle, at most one second's worth ({@code maxBurstSeconds} is 1, Guava's only public choice),
 * and spends them at once: that lets a task catch up after a pause (a commit, a slow answer)
 * instead of losing that part of its budget. Such a burst, one second of budget on top of the
 * rate, could pass HubSpot's rolling 10-second window on its own; {@link WindowedThrottle} puts
 * the exact window over this limiter, so the burst only spends what the window still has.
 *
 * <p>Slowing down halves the rate, to no less than a sixteenth of the budget; each answer with room
 * left adds a tenth of the budget back, so ten good answers after one slow-down restore it.
 */
public final class GuavaThrottle implements Throttle {
  static final double FLOOR_FRACTION = 1.0 / 16;
  static final double RECOVERY_FRACTION = 1.0 / 10;

  private final double budget;
  private final RateLimiter limiter;
  private double rate;

  public GuavaThrottle(double budgetPerSecond) {
    if (!(budgetPerSecond > 0)) {
      throw new IllegalArgumentException("budget must be positive: " + budgetPerSecond);
    }
    this.budget = budgetPerSecond;
    this.rate = budgetPerSecond;
    this.limiter = RateLimiter.create(budgetPerSecond);
  }

  @Override
  public boolean tryAcquire() {
    return limiter.tryAcquire();
  }

  @Override
  public synchronized long retryDelayMs() {
    return Math.max(1, (long) Math.ceil(1000 / rate));
  }

  @Override
  public synchronized void slowDown() {
    setRate(Math.max(budget * FLOOR_FRACTION, rate / 2));
  }

  @Override
  public synchronized void recover() {
    if (rate < budget) {
      setRate(Math.min(budget, rate + budget * RECOVERY_FRACTION));
    }
  }

  private void setRate(double newRate) {
    if (newRate != rate) {
      rate = newRate;
      limiter.setRate(newRate);
    }
  }

  @Override
  public synchronized double rate() {
    return rate;
  }

  /** For tests: Guava's limiter. */
  RateLimiter limiter() {
    return limiter;
  }

  /** The budget this throttle never exceeds. */
  public double budget() {
    return budget;
  }
}
