package io.github.connecthubspot.events.hubspot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that only moves when told to. Inject it into {@link LocalHubSpot.Builder#clock(Clock)}
 * to drive rate-limit windows, OAuth token expiry, the daily reset and ledger timestamps from a test
 * without sleeping. Thread-safe.
 */
public final class ManualClock extends Clock {
  private final AtomicLong millis;
  private final ZoneId zone;

  public ManualClock(Instant start) {
    this(start.toEpochMilli(), ZoneOffset.UTC);
  }

  private ManualClock(long startMillis, ZoneId zone) {
    this.millis = new AtomicLong(startMillis);
    this.zone = zone;
  }

  /** A clock at 2026-01-15T10:00:00Z, a Thursday, far from midnight. */
  public static ManualClock atDefaultInstant() {
    return new ManualClock(Instant.parse("2026-01-15T10:00:00Z"));
  }

  public ManualClock advance(Duration d) {
    millis.addAndGet(d.toMillis());
    return this;
  }

  public ManualClock advanceMillis(long ms) {
    millis.addAndGet(ms);
    return this;
  }

  public ManualClock set(Instant instant) {
    millis.set(instant.toEpochMilli());
    return this;
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    ManualClock shared = this;
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return newZone;
      }

      @Override
      public Clock withZone(ZoneId z) {
        return shared.withZone(z);
      }

      @Override
      public Instant instant() {
        return shared.instant();
      }
    };
  }
}
