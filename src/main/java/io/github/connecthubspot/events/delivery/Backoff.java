package io.github.connecthubspot.events.delivery;

import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the n-th wait is drawn uniformly from the upper half of {@code
 * min(max, initial * 2^(n-1))}, and never below {@code initial} nor above {@code max}. The jitter
 * keeps tasks that failed together from retrying together.
 */
final class Backoff {
  private final long initialMs;
  private final long maxMs;
  private final DoubleSupplier random;

  /** {@code random} yields values in [0, 1). */
  Backoff(long initialMs, long maxMs, DoubleSupplier random) {
    this.initialMs = initialMs;
    this.maxMs = Math.max(initialMs, maxMs);
    this.random = random;
  }

  /** The wait before attempt {@code failures + 1}, after {@code failures} (at least 1) failures. */
  long delayMs(int failures) {
    int shift = Math.min(Math.max(failures, 1) - 1, 40);
    double ceiling = Math.min((double) maxMs, (double) initialMs * (1L << shift));
    double jittered = ceiling / 2 + random.getAsDouble() * ceiling / 2;
    return Math.max(initialMs, Math.min(maxMs, Math.round(jittered)));
  }
}
