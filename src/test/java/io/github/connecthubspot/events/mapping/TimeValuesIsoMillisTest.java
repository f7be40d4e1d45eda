package io.github.connecthubspot.events.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link TimeValues#isoMillis} writes exactly what {@code Instant.ofEpochMilli(ms).toString()} does. */
class TimeValuesIsoMillisTest {
  private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
  private static final long LAST = TimeValues.LARGEST_EPOCH_MILLIS;

  private static void same(long millis) {
    assertThat(TimeValues.isoMillis(millis))
        .as("millis %d", millis)
        .isEqualTo(Instant.ofEpochMilli(millis).toString());
  }

  @Test
  void edgesOfTheRangeAndOfDaysYearsAndFractions() {
    long[] edges = {0, 1, -1, 10, 100, 120, 999, 1000, 1001, 59_999, 60_000, 86_399_999, 86_400_000,
        FIRST, FIRST - 1, FIRST + 1, LAST, LAST + 1, LAST - 1, Long.MAX_VALUE, Long.MIN_VALUE,
        Instant.parse("2000-02-29T23:59:59.999Z").toEpochMilli(),
        Instant.parse("1900-02-28T23:59:59.990Z").toEpochMilli(),
        Instant.parse("2100-03-01T00:00:00.100Z").toEpochMilli(),
        Instant.parse("1600-02-29T12:00:00Z").toEpochMilli(),
        Instant.parse("0000-02-29T00:00:00.001Z").toEpochMilli(),
        Instant.parse("1969-12-31T23:59:59.999Z").toEpochMilli(),
        Instant.parse("2024-12-31T23:59:59Z").toEpochMilli(),
        Instant.parse("9999-01-01T00:00:00Z").toEpochMilli()};
    for (long millis : edges) {
      same(millis);
    }
  }

  @Test
  void everyDayOfFourHundredYearsAroundTheEpoch() {
    long day = 86_400_000L;
    for (long d = -146_097; d <= 146_097; d++) {
      same(d * day);
      same(d * day + day - 1);
    }
  }

  @Test
  void randomMillisInAndOutOfTheRange() {
    SplittableRandom random = new SplittableRandom(20261203L);
    for (int i = 0; i < 500_000; i++) {
      same(random.nextLong(FIRST, LAST + 1));
      same(random.nextLong(FIRST - 10 * 86_400_000L, FIRST + 10 * 86_400_000L));
      same(random.nextLong(LAST - 10 * 86_400_000L, LAST + 10 * 86_400_000L));
      same(random.nextLong(FIRST, LAST + 1) / 1000 * 1000);
      same(random.nextLong(FIRST, LAST + 1) / 10 * 10);
    }
    for (int i = 0; i < 10_000; i++) {
      same(random.nextLong());
    }
  }
}
