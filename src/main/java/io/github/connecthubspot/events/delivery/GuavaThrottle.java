package io.github.connecthubspot.events.delivery;

import com.google.common.util.concurrent.RateLimiter;
import java.util.concurrent.TimeUnit;

/**
 * {@link Throttle} on Guava's {@link RateLimiter}, used only through {@code tryAcquire()} so the
 * dispatcher never blocks. It is created with a warm-up period: such a limiter spends the permits
 * it saved while idle no faster than its rate, unlike the default bursty one, so a task never
 * sends more than its budget in any window (plus the one request Guava grants at once).
 *
 * <p>Slowing down halves the rate, to no less than a sixteenth of the budget; each answer with room
 * left adds a tenth of the budget back, so ten good answers after one slow-down restore it.
 */
public final class GuavaThrottle implements Throttle {
  static final double FLOOR_FRACTION = 1.0 / 16;
  static final double RECOVERY_FRACTION = 1.0 / 10;
  private static final long WARMUP_MS = 1_000;

  private final double budget;
  private final RateLimiter limiter;
  private double rate;

  public GuavaThrottle(double budgetPerSecond) {
    if (!(budgetPerSecond > 0)) {
      throw new IllegalArgumentException("budget must be positive: " + budgetPerSecond);
    }
    this.budget = budgetPerSecond;
    this.rate = budgetPerSecond;
    this.limiter = RateLimiter.create(budgetPerSecond, WARMUP_MS, TimeUnit.MILLISECONDS);
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

  /** The budget this throttle never exceeds. */
  public double budget() {
    return budget;
  }
}
