package io.github.connecthubspot.events.metrics;

import java.util.Arrays;

/**
 * The last {@code capacity} values of a measure (request latencies), for an average and a
 * percentile over recent requests. Thread-safe; a request records one value, so the lock is taken
 * a few times a second, never per record.
 */
final class RecentValues {
  private final long[] values;
  private int next;
  private int size;

  RecentValues(int capacity) {
    this.values = new long[capacity];
  }

  synchronized void add(long value) {
    values[next] = value;
    next = (next + 1) % values.length;
    size = Math.min(size + 1, values.length);
  }

  /** The {@code p}-th percentile (0 to 100) of the recent values, by nearest rank; 0 when none. */
  long percentile(double p) {
    long[] copy;
    synchronized (this) {
      copy = Arrays.copyOf(values, size);
    }
    if (copy.length == 0) {
      return 0;
    }
    Arrays.sort(copy);
    int rank = (int) Math.ceil(p / 100.0 * copy.length);
    return copy[Math.max(0, Math.min(copy.length - 1, rank - 1))];
  }

  synchronized double average() {
    if (size == 0) {
      return 0;
    }
    long sum = 0;
    for (int i = 0; i < size; i++) {
      sum += values[i];
    }
    return (double) sum / size;
  }
}
