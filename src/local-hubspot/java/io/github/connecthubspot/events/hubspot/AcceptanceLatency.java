package io.github.connecthubspot.events.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * When occurrences were accepted, and how long after their {@code occurredAt}: the first and last
 * acceptance and a fixed-bucket histogram of the latency in milliseconds. It holds no per-event
 * data, so it stays cheap with {@code --counts-only} over millions of occurrences (the benchmark
 * reads it from {@code /_sim/stats}). Lock-free.
 *
 * <p>Buckets: one per millisecond below 128 ms; above, 64 per power of two, so a reported
 * percentile is the top of its bucket, at most 1/64 (1.6%) above the true value. Latencies are
 * clamped to [0, 2^40) ms; an occurrence without a readable {@code occurredAt} is counted apart.
 */
final class AcceptanceLatency {
  private static final int LINEAR = 128;
  private static final int SUB_BUCKETS = 64;
  private static final int SUB_BITS = 6;
  private static final int LOWEST_EXPONENT = 7;
  private static final int HIGHEST_EXPONENT = 39;
  static final long MAX_MILLIS = (1L << (HIGHEST_EXPONENT + 1)) - 1;
  private static final int BUCKETS = LINEAR + (HIGHEST_EXPONENT - LOWEST_EXPONENT + 1) * SUB_BUCKETS;
  /** Longer texts are no date-time this endpoint needs to read. */
  private static final int MAX_TEXT = 64;

  private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS);
  private final LongAdder withoutOccurredAt = new LongAdder();
  private final AtomicLong max = new AtomicLong();
  private final AtomicLong firstAcceptedAt = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastAcceptedAt = new AtomicLong(Long.MIN_VALUE);

  /**
   * A snapshot.
   *
   * @param count occurrences with a latency
   * @param withoutOccurredAt accepted occurrences without a readable {@code occurredAt}
   * @param firstAcceptedAt epoch millis of the first acceptance, or -1 when none
   * @param lastAcceptedAt epoch millis of the last acceptance, or -1 when none
   * @param p50 median latency (ms), -1 when none; likewise the others
   */
  record Snapshot(
      long count, long withoutOccurredAt, long firstAcceptedAt, long lastAcceptedAt, long p50, long p90, long p99,
      long max) {}

  /** One accepted occurrence, accepted at {@code acceptedAtMillis}. */
  void accepted(long acceptedAtMillis, JsonNode occurredAt) {
    firstAcceptedAt.accumulateAndGet(acceptedAtMillis, Math::min);
    lastAcceptedAt.accumulateAndGet(acceptedAtMillis, Math::max);
    long at = epochMillis(occurredAt);
    if (at == Long.MIN_VALUE) {
      withoutOccurredAt.increment();
      return;
    }
    record(acceptedAtMillis - at);
  }

  void record(long latencyMillis) {
    long v = Math.max(0, Math.min(MAX_MILLIS, latencyMillis));
    buckets.incrementAndGet(bucket(v));
    max.accumulateAndGet(v, Math::max);
  }

  Snapshot snapshot() {
    long[] copy = new long[BUCKETS];
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      copy[i] = buckets.get(i);
      total += copy[i];
    }
    long top = max.get();
    long first = firstAcceptedAt.get();
    long last = lastAcceptedAt.get();
    return new Snapshot(total, withoutOccurredAt.sum(), first == Long.MAX_VALUE ? -1 : first,
        last == Long.MIN_VALUE ? -1 : last, percentile(copy, total, 0.50, top),
        percentile(copy, total, 0.90, top), percentile(copy, total, 0.99, top), total == 0 ? -1 : top);
  }

  void reset() {
    for (int i = 0; i < BUCKETS; i++) {
      buckets.set(i, 0);
    }
    withoutOccurredAt.reset();
    max.set(0);
    firstAcceptedAt.set(Long.MAX_VALUE);
    lastAcceptedAt.set(Long.MIN_VALUE);
  }

  static int bucket(long v) {
    if (v < LINEAR) {
      return (int) v;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(v);
    int mantissa = (int) (v >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
    return LINEAR + (exponent - LOWEST_EXPONENT) * SUB_BUCKETS + mantissa;
  }

  /** The highest value of bucket {@code b}. */
  static long highest(int b) {
    if (b < LINEAR) {
      return b;
    }
    int exponent = LOWEST_EXPONENT + (b - LINEAR) / SUB_BUCKETS;
    int mantissa = (b - LINEAR) % SUB_BUCKETS;
    return ((long) (SUB_BUCKETS + mantissa + 1) << (exponent - SUB_BITS)) - 1;
  }

  private static long percentile(long[] buckets, long total, double q, long max) {
    if (total == 0) {
      return -1;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < buckets.length; i++) {
      seen += buckets[i];
      if (seen >= rank) {
        return Math.min(highest(i), max);
      }
    }
    return max;
  }

  /** Epoch millis of an {@code occurredAt} (epoch millis or ISO-8601), or Long.MIN_VALUE when unreadable. */
  static long epochMillis(JsonNode v) {
    if (v == null || v.isNull()) {
      return Long.MIN_VALUE;
    }
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? v.longValue() : Long.MIN_VALUE;
    }
    if (!v.isTextual() || v.textValue().isEmpty() || v.textValue().length() > MAX_TEXT) {
      return Long.MIN_VALUE;
    }
    String s = v.textValue();
    try {
      if (s.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Long.parseLong(s);
      }
      return s.endsWith("Z") ? Instant.parse(s).toEpochMilli() : OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
      return Long.MIN_VALUE;
    }
  }
}
