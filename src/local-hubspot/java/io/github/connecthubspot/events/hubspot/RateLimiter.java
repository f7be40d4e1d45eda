package io.github.connecthubspot.events.hubspot;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The three request budgets of the send endpoints, driven by the simulator's injected clock.
 *
 * <ul>
 *   <li>{@code TEN_SECONDLY_ROLLING}: at most {@code tenSecondlyMax} requests in any rolling 10 s window;
 *   <li>{@code SECONDLY}: at most {@code secondlyMax} requests in any rolling 1 s window;
 *   <li>{@code DAILY}: at most {@code dailyMax} requests per calendar day in {@code dailyZone} (resets at
 *       midnight of that zone, UTC by default).
 * </ul>
 *
 * A limit of 0 or less is unlimited. Only requests that pass authentication and are not themselves
 * refused with 429 are counted. One short synchronized section per request (a few array writes).
 */
final class RateLimiter {

  enum Policy {
    TEN_SECONDLY_ROLLING("ten_secondly_rolling"),
    SECONDLY("secondly"),
    DAILY("daily");

    final String lower;

    Policy(String lower) {
      this.lower = lower;
    }
  }

  /** Outcome of one request: allowed or the policy that refused it, plus header values. */
  static final class Decision {
    final Policy refusedBy;
    final long retryAfterMillis;
    final int tenSecondlyMax;
    final int tenSecondlyRemaining;
    final int secondlyMax;
    final int secondlyRemaining;
    final long dailyMax;
    final long dailyRemaining;

    Decision(
        Policy refusedBy,
        long retryAfterMillis,
        int tenSecondlyMax,
        int tenSecondlyRemaining,
        int secondlyMax,
        int secondlyRemaining,
        long dailyMax,
        long dailyRemaining) {
      this.refusedBy = refusedBy;
      this.retryAfterMillis = retryAfterMillis;
      this.tenSecondlyMax = tenSecondlyMax;
      this.tenSecondlyRemaining = tenSecondlyRemaining;
      this.secondlyMax = secondlyMax;
      this.secondlyRemaining = secondlyRemaining;
      this.dailyMax = dailyMax;
      this.dailyRemaining = dailyRemaining;
    }

    boolean allowed() {
      return refusedBy == null;
    }
  }

  /** Timestamps of the last {@code max} counted requests, oldest at head. */
  private static final class Window {
    final long windowMillis;
    final int max;
    final long[] ring;
    int head;
    int count;

    Window(long windowMillis, int max) {
      this.windowMillis = windowMillis;
      this.max = max;
      this.ring = max > 0 ? new long[max] : new long[0];
    }

    boolean unlimited() {
      return max <= 0;
    }

    void expire(long now) {
      while (count > 0 && ring[head] <= now - windowMillis) {
        head = (head + 1) % max;
        count--;
      }
    }

    boolean full() {
      return !unlimited() && count >= max;
    }

    void add(long now) {
      if (unlimited()) {
        return;
      }
      ring[(head + count) % max] = now;
      count++;
    }

    long retryAfter(long now) {
      return count == 0 ? 0 : Math.max(0, ring[head] + windowMillis - now);
    }

    int remaining() {
      return unlimited() ? -1 : max - count;
    }

    void clear() {
      head = 0;
      count = 0;
    }
  }

  private final Window tenSecondly;
  private final Window secondly;
  private final long dailyMax;
  private final ZoneId dailyZone;
  private LocalDate day;
  private long dailyCount;

  RateLimiter(int tenSecondlyMax, int secondlyMax, long dailyMax, ZoneId dailyZone) {
    if (tenSecondlyMax > 10_000_000 || secondlyMax > 10_000_000) {
      throw new IllegalArgumentException("limits above 10,000,000 are not supported; use 0 for unlimited");
    }
    this.tenSecondly = new Window(10_000, tenSecondlyMax);
    this.secondly = new Window(1_000, secondlyMax);
    this.dailyMax = dailyMax;
    this.dailyZone = dailyZone;
  }

  /** Counts one request if every budget allows it; otherwise refuses it without counting. */
  synchronized Decision acquire(long now) {
    roll(now);
    Policy refused = null;
    long retry = 0;
    if (dailyMax > 0 && dailyCount >= dailyMax) {
      refused = Policy.DAILY;
      LocalDate tomorrow = day.plusDays(1);
      retry = tomorrow.atStartOfDay(dailyZone).toInstant().toEpochMilli() - now;
    } else if (secondly.full()) {
      refused = Policy.SECONDLY;
      retry = secondly.retryAfter(now);
    } else if (tenSecondly.full()) {
      refused = Policy.TEN_SECONDLY_ROLLING;
      retry = tenSecondly.retryAfter(now);
    } else {
      tenSecondly.add(now);
      secondly.add(now);
      dailyCount++;
    }
    return decision(refused, retry);
  }

  /** Header values without counting (for answers refused before the budget, e.g. 401). */
  synchronized Decision peek(long now) {
    roll(now);
    return decision(null, 0);
  }

  synchronized void clear() {
    tenSecondly.clear();
    secondly.clear();
    dailyCount = 0;
    day = null;
  }

  private void roll(long now) {
    tenSecondly.expire(now);
    secondly.expire(now);
    LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), dailyZone);
    if (!today.equals(day)) {
      day = today;
      dailyCount = 0;
    }
  }

  private Decision decision(Policy refused, long retry) {
    return new Decision(
        refused,
        retry,
        tenSecondly.max,
        tenSecondly.remaining(),
        secondly.max,
        secondly.remaining(),
        dailyMax,
        dailyMax > 0 ? dailyMax - dailyCount : -1);
  }
}
