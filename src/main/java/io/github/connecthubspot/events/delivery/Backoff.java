package io.github.connecthubspot.events.delivery;

import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the n-th wait is drawn uniformly from {@code [b, 2b)} with
 * {@code b = initial * 2^(n-1)}, and capped at {@code max} (so the first from {@code [initial,
 * 2 * initial)}). The jitter, the first wait's included, keeps tasks that failed together from
 * retrying together.
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
    double base = Math.min((double) maxMs, (double) initialMs * (1L << shift));
    double jittered = base + random.getAsDouble() * base;
    return Math.min(maxMs, (long) Math.floor(jittered));
  }
}
